import { SUBSCRIPTION_FIELDS } from './fragments';
import type { MoneyInput, ProvisionSubscriptionWithEntitlementsInput } from './provision-subscription-with-entitlements';
import type { StiggBillingPeriod, StiggMoney, StiggSubscriptionNode } from './types';

/** Stigg's ScheduleStrategy (docs.stigg.io graphql-reference types/ScheduleStrategy). */
export type StiggScheduleStrategy = 'IMMEDIATE' | 'END_OF_BILLING_PERIOD' | 'END_OF_BILLING_MONTH';

/**
 * updateOneSubscription (docs.stigg.io graphql-reference mutations/updateOneSubscription, input
 * UpdateSubscriptionInput): the subscription's quantities, add-ons, billable features,
 * entitlements and price overrides, each list given whole; `scheduleStrategy` asks Stigg to apply
 * the change later (its `scheduledUpdates` then hold it).
 */
export const UPDATE_SUBSCRIPTION = /* GraphQL */ `
mutation GatewayUpdateSubscription($input: UpdateSubscriptionInput!) {
  updateOneSubscription(input: $input) { ...GatewaySubscriptionFields }
}
${SUBSCRIPTION_FIELDS}`;

export interface UpdateSubscriptionInput {
  subscriptionId: string;
  unitQuantity?: number;
  billingPeriod?: StiggBillingPeriod;
  addons?: Array<{ addonId: string; quantity?: number }>;
  billableFeatures?: Array<{ featureId: string; quantity: number }>;
  entitlements?: ProvisionSubscriptionWithEntitlementsInput['entitlements'];
  priceOverrides?: Array<{ baseCharge?: boolean; featureId?: string; addonId?: string; currencyId?: string; price: MoneyInput }>;
  scheduleStrategy?: StiggScheduleStrategy;
  additionalMetaData?: Record<string, unknown>;
}

export interface UpdateSubscriptionResult {
  updateOneSubscription: StiggSubscriptionNode;
}

/**
 * cancelSubscription (docs.stigg.io graphql-reference mutations/cancelSubscription, input
 * SubscriptionCancellationInput): `subscriptionRefId` is the subscription's id;
 * `subscriptionCancellationTime` IMMEDIATE, END_OF_BILLING_PERIOD or SPECIFIC_DATE with `endDate`.
 */
export const CANCEL_SUBSCRIPTION = /* GraphQL */ `
mutation GatewayCancelSubscription($input: SubscriptionCancellationInput!) {
  cancelSubscription(input: $input) { ...GatewaySubscriptionFields }
}
${SUBSCRIPTION_FIELDS}`;

export interface CancelSubscriptionInput {
  subscriptionRefId: string;
  subscriptionCancellationTime: 'IMMEDIATE' | 'END_OF_BILLING_PERIOD' | 'SPECIFIC_DATE';
  endDate?: string;
}

export interface CancelSubscriptionResult {
  cancelSubscription: StiggSubscriptionNode;
}

/**
 * previewSubscription (docs.stigg.io graphql-reference mutations/previewSubscription, input
 * PreviewSubscriptionInput, answer SubscriptionPreviewV2): what Stigg would charge now
 * (`immediateInvoice`, proration included) and each period after (`recurringInvoice`). Writes nothing.
 */
export const PREVIEW_SUBSCRIPTION = /* GraphQL */ `
mutation GatewayPreviewSubscription($input: PreviewSubscriptionInput!) {
  previewSubscription(input: $input) {
    billingPeriodRange { start end }
    isPlanDowngrade
    hasScheduledUpdates
    immediateInvoice { total { amount currency } subTotal { amount currency } }
    recurringInvoice { total { amount currency } subTotal { amount currency } }
  }
}`;

export interface PreviewSubscriptionInput {
  customerId: string;
  planId: string;
  resourceId?: string;
  billingPeriod?: StiggBillingPeriod;
  unitQuantity?: number;
  addons?: Array<{ addonId: string; quantity?: number }>;
  billableFeatures?: Array<{ featureId: string; quantity: number }>;
  scheduleStrategy?: StiggScheduleStrategy;
}

export interface PreviewSubscriptionResult {
  previewSubscription: {
    billingPeriodRange: { start: string | null; end: string | null };
    isPlanDowngrade: boolean | null;
    hasScheduledUpdates: boolean | null;
    immediateInvoice: { total: StiggMoney; subTotal: StiggMoney };
    recurringInvoice: { total: StiggMoney; subTotal: StiggMoney } | null;
  };
}

/**
 * cancelSchedule (docs.stigg.io graphql-reference mutations/cancelSchedule, input
 * SubscriptionUpdateScheduleCancellationInput): withdraws the subscription's pending scheduled
 * updates (status Scheduled by default). Answers a String.
 */
export const CANCEL_SCHEDULE = /* GraphQL */ `
mutation GatewayCancelSchedule($input: SubscriptionUpdateScheduleCancellationInput!) {
  cancelSchedule(input: $input)
}`;

export interface CancelScheduleResult {
  cancelSchedule: string;
}
