import { CREDIT_GRANT_FIELDS } from './fragments';
import type { StiggCreditGrantNode, StiggMoney, StiggCreditGrantTypeInput, StiggPaymentCollectionMethod } from './types';

/**
 * createCreditGrant, sent by the gateway itself rather than through the SDK's
 * grantCredits: the SDK retries on 429/502/503/network errors, and a replayed
 * grant is a second grant. The gateway sends once, and after an uncertain
 * outcome looks the grant up by the idempotency key kept in additionalMetaData
 * before it sends again (docs.stigg.io graphql-reference mutations/createCreditGrant, types
 * CreditGrantInput: grantType is a CreditGrantTypeInput, PAID or PROMOTIONAL; a PAID grant
 * collected by INVOICE is PAYMENT_PENDING, its credits unusable, until the invoice is paid).
 */
export const CREATE_CREDIT_GRANT = /* GraphQL */ `
mutation CreateCreditGrant($input: CreditGrantInput!) {
  createCreditGrant(input: $input) { ...GatewayCreditGrantFields }
}
${CREDIT_GRANT_FIELDS}`;

export interface CreateCreditGrantInput {
  customerId: string;
  resourceId?: string;
  currencyId: string;
  grantType: StiggCreditGrantTypeInput;
  displayName: string;
  amount: number;
  cost?: StiggMoney;
  paymentCollectionMethod?: StiggPaymentCollectionMethod;
  /** Stigg's default (true) answers only once payment is confirmed; false answers at once, the grant PAYMENT_PENDING until paid. */
  awaitPaymentConfirmation?: boolean;
  effectiveAt?: string;
  expireAt?: string;
  priority?: number;
  comment?: string;
  additionalMetaData?: Record<string, unknown>;
}

export interface CreateCreditGrantResult {
  createCreditGrant: StiggCreditGrantNode;
}

/**
 * voidCreditGrant, sent by the gateway itself: the SDK's VoidCreditGrant selection lacks the
 * grant's status and additionalMetaData, so its answer cannot be mapped to a CreditGrant (Stigg
 * docs: Void credit grant; VoidCreditGrantInput takes the grant's id).
 */
export const VOID_CREDIT_GRANT = /* GraphQL */ `
mutation VoidCreditGrant($input: VoidCreditGrantInput!) {
  voidCreditGrant(input: $input) { ...GatewayCreditGrantFields }
}
${CREDIT_GRANT_FIELDS}`;

export interface VoidCreditGrantResult {
  voidCreditGrant: StiggCreditGrantNode;
}
