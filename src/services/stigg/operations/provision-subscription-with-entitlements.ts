import { SUBSCRIPTION_FIELDS } from './fragments';
import type {
  StiggBillingPeriod,
  StiggCreditCadence,
  StiggPaymentCollectionMethod,
  StiggSubscriptionNode,
  StiggTrialEndBehavior,
} from './types';

/**
 * (g) provisionSubscriptionV2 with credit entitlements, which the SDK 3.95.0 drops from its
 * input (docs.stigg.io graphql-reference mutations/provisionSubscriptionV2, types
 * ProvisionSubscriptionInput): `entitlements` is a list of `{ feature: { featureId, usageLimit,
 * ... } }` or `{ credit: { customCurrencyId, amount, cadence: MONTH | YEAR } }` (no price: a
 * credits charge is overridden through `priceOverrides` with `currencyId`). `isScheduled` says
 * Stigg accepted the change for later (e.g. a downgrade at the end of the billing period).
 */
export const PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS = /* GraphQL */ `
mutation ProvisionSubscriptionWithEntitlements($input: ProvisionSubscriptionInput!) {
  provisionSubscriptionV2(input: $input) {
    status
    checkoutUrl
    checkoutBillingId
    isScheduled
    subscription { ...GatewaySubscriptionFields }
  }
}
${SUBSCRIPTION_FIELDS}`;

export interface MoneyInput {
  amount: number;
  /** ISO 4217, upper case (USD) */
  currency?: string;
}

export interface ProvisionSubscriptionWithEntitlementsInput {
  customerId: string;
  planId: string;
  /** the subscription id to create (a duplicate is refused with DuplicatedEntityNotAllowed) */
  subscriptionId?: string;
  resourceId?: string;
  billingPeriod?: StiggBillingPeriod;
  unitQuantity?: number;
  addons?: Array<{ addonId: string; quantity?: number }>;
  billableFeatures?: Array<{ featureId: string; quantity: number }>;
  entitlements?: Array<
    | {
        feature: {
          featureId: string;
          usageLimit?: number;
          hasUnlimitedUsage?: boolean;
          hasSoftLimit?: boolean;
          resetPeriod?: 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
        };
      }
    | {
        credit: {
          customCurrencyId: string;
          amount: number;
          cadence: StiggCreditCadence;
          hasSoftLimit?: boolean;
        };
      }
  >;
  /** currencyId: the custom currency of the plan's credits charge that the price replaces */
  priceOverrides?: Array<{ baseCharge?: boolean; featureId?: string; addonId?: string; currencyId?: string; price: MoneyInput }>;
  paymentCollectionMethod?: StiggPaymentCollectionMethod;
  trialOverrideConfiguration?: { isTrial: boolean; trialEndDate?: string; trialEndBehavior?: StiggTrialEndBehavior };
  skipTrial?: boolean;
  startDate?: string;
  /** IMMEDIATE, or a change Stigg applies at the end of the billing period (renewals with new terms). */
  scheduleStrategy?: 'IMMEDIATE' | 'END_OF_BILLING_PERIOD' | 'END_OF_BILLING_MONTH';
  salesforceId?: string;
  additionalMetaData?: Record<string, unknown>;
}

export interface ProvisionSubscriptionWithEntitlementsResult {
  provisionSubscriptionV2: {
    status: 'SUCCESS' | 'PAYMENT_REQUIRED';
    checkoutUrl: string | null;
    checkoutBillingId: string | null;
    isScheduled: boolean | null;
    subscription: StiggSubscriptionNode | null;
  };
}
