/**
 * The bodies of the webhook events the emulator sends, shaped as Stigg's webhook reference shows them
 * (docs.stigg.io/api-reference/...; the page of each event is named above its builder). Every event
 * carries the envelope `type`, `messageId` (unique per event: receivers deduplicate by it), `traceId`
 * and `timestamp` (when the event was made, by the machine's clock: see stigg-webhooks.ts).
 */
import { randomUUID } from 'node:crypto';
import type { CreditBalanceRec, CreditGrantRec, CustomerRec, SubscriptionRec } from '../store/records';
import type { StiggStore } from '../store';

/** The event types the emulator sends (Stigg's names). */
export type StiggWebhookEventType =
  | 'subscription.created'
  | 'subscription.updated'
  | 'subscription.canceled'
  /** (assumption) the reference pages seen list no plain expiry event by this name; Stigg's catalog has subscription.expired_non_recurring */
  | 'subscription.expired'
  | 'subscription.trial_converted'
  | 'subscription.trial_expired'
  | 'customer.payment_failed'
  | 'credit_balance.low'
  | 'credit_balance.depleted'
  | 'credits.granted'
  | 'credits.grant.updated'
  | 'credits.grant.depleted'
  | 'credits.expired';

export type WebhookBody = Record<string, unknown> & { type: StiggWebhookEventType; messageId: string; timestamp: string };

function envelope(type: StiggWebhookEventType, now: string): WebhookBody {
  return { type, messageId: randomUUID(), traceId: randomUUID(), timestamp: now };
}

/** "Minimal customer object embedded in events" (customers/customer-payment-failed, subscriptions/billing-month-ends-soon). */
function customerObject(c: CustomerRec): Record<string, unknown> {
  return {
    entityId: c.id,
    id: c.customerId,
    name: c.name,
    email: c.email,
    billingId: c.billingId,
    crmId: c.crmId,
    salesforceId: c.salesforceId,
    metadata: c.additionalMetaData,
  };
}

/** "Minimal subscription object embedded in events" (trials/trial-converted and the other subscription pages). */
function subscriptionObject(store: StiggStore, s: SubscriptionRec): Record<string, unknown> {
  const plan = store.plans.get(s.planRefId);
  return {
    entityId: s.id,
    id: s.subscriptionId,
    billingId: s.latestInvoice?.billingId ?? null,
    status: s.status,
    startDate: s.startDate,
    endDate: s.endDate,
    cancellationDate: s.cancellationDate,
    trialEndDate: s.trialEndDate,
    currentBillingPeriodStart: s.currentBillingPeriodStart,
    currentBillingPeriodEnd: s.currentBillingPeriodEnd,
    billingPeriod: s.billingPeriod,
    billingCurrency: plan ? store.planCurrency(plan) : null,
    isTrialSubscription: s.status === 'IN_TRIAL',
    paymentCollection: s.paymentCollection,
    resource: s.resourceId ? { id: s.resourceId } : null,
    plan: plan
      ? { id: plan.refId, name: plan.displayName, description: plan.description, pricingType: plan.pricingType, status: 'PUBLISHED' }
      : { id: s.planRefId },
    addons: s.addons.map((a) => {
      const addon = store.addons.get(a.addonRefId);
      return { id: a.addonRefId, name: addon?.displayName ?? a.addonRefId, description: addon?.description ?? null, status: 'PUBLISHED', quantity: a.quantity };
    }),
    metadata: s.additionalMetaData,
  };
}

/**
 * subscription.created / updated / canceled / expired, subscription.trial_converted / trial_expired:
 * the subscription object at the top level with the envelope, and its customer
 * (subscriptions/billing-month-ends-soon shows `customer` beside the subscription's fields).
 * trial_converted adds `reason` (TRIAL_ENDED | PAID_SUBSCRIPTION_PROVISIONED).
 */
export function subscriptionEvent(store: StiggStore, type: StiggWebhookEventType, s: SubscriptionRec, now: string): WebhookBody {
  const customer = store.customers.get(s.customerId);
  return {
    ...envelope(type, now),
    ...subscriptionObject(store, s),
    ...(customer ? { customer: customerObject(customer) } : {}),
    ...(type === 'subscription.trial_converted' ? { reason: 'TRIAL_ENDED' } : {}),
  };
}

/** customer.payment_failed (customers/customer-payment-failed): the customer, the subscription and the billing provider's error. */
export function paymentFailedEvent(
  store: StiggStore, s: SubscriptionRec, error: { code: string; message: string; details: string | null }, now: string,
): WebhookBody {
  const customer = store.customer(s.customerId);
  return {
    ...envelope('customer.payment_failed', now),
    customer: customerObject(customer),
    originatingEventId: `evt_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    subscription: subscriptionObject(store, s),
    error,
  };
}

/**
 * credit_balance.low and credit_balance.depleted (credit-balance/credit-balance-low, -depleted): the
 * customer, the credit currency, the pool's totals and percentages at event time.
 */
export function creditBalanceEvent(
  store: StiggStore, type: 'credit_balance.low' | 'credit_balance.depleted', balance: CreditBalanceRec, thresholdPercentage: number, now: string,
): WebhookBody {
  const customer = store.customer(balance.customerId);
  const remainingPct = balance.totalGranted > 0 ? (balance.currentBalance / balance.totalGranted) * 100 : 0;
  const body: WebhookBody = {
    ...envelope(type, now),
    customer: { id: customer.customerId, name: customer.name, billingId: customer.billingId },
    creditCurrency: {
      id: balance.currency.currencyId,
      name: balance.currency.displayName,
      description: balance.currency.description,
      unitLabel: balance.currency.units,
    },
    totalGranted: balance.totalGranted,
    remainingBalance: balance.currentBalance,
    consumedPercentage: round2(100 - remainingPct),
    eventId: randomUUID(),
  };
  if (type === 'credit_balance.low') {
    body.remainingBalancePercentage = round2(remainingPct);
    body.thresholdPercentage = thresholdPercentage;
  }
  return body;
}

/** The reference's grantType values (PAID, PROMO, ADJUSTMENT) for the emulator's kinds of grant. */
const WEBHOOK_GRANT_TYPES: Record<CreditGrantRec['grantType'], string> = {
  PAID: 'PAID',
  PROMOTIONAL: 'PROMO',
  /** (assumption) credits a subscription grants each period are paid for with it */
  RECURRING: 'PAID',
  /** (assumption) Stigg's record of credits used beyond the balance */
  OVERDRAFT: 'ADJUSTMENT',
};

/**
 * credits.granted, credits.grant.updated, credits.grant.depleted, credits.expired
 * (credits/credits-grant-updated, -depleted, -expired; the reference's examples show the grant's
 * fields only: the envelope is added as on every other event, assumption).
 */
export function creditGrantEvent(
  type: 'credits.granted' | 'credits.grant.updated' | 'credits.grant.depleted' | 'credits.expired', g: CreditGrantRec, now: string,
): WebhookBody {
  return {
    ...envelope(type, now),
    entityId: g.id,
    grantId: g.grantId,
    customerId: g.customerId,
    currencyId: g.currencyId,
    displayName: g.displayName,
    grantType: WEBHOOK_GRANT_TYPES[g.grantType],
    amount: g.amount,
    consumedAmount: g.consumedAmount,
    cost: { amount: g.cost.amount, currency: g.cost.currency.toLowerCase() },
    effectiveAt: g.effectiveAt,
    expireAt: g.expireAt,
    priority: g.priority,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
