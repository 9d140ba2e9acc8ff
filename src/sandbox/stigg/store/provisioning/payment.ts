/** Payment rules of a new subscription: what is billed, what needs a checkout or an email, the starting status. */
import { stiggError } from '../../errors';
import type { CustomerRec, PaymentCollectionMethod, PlanRec, SubscriptionRec, SubscriptionStatus } from '../records';

/** A paid plan, or a custom plan with a price override, is billed. */
export function isBillable(plan: PlanRec, priceOverrides: SubscriptionRec['priceOverrides']): boolean {
  return plan.pricingType === 'PAID' || (plan.pricingType === 'CUSTOM' && priceOverrides.length > 0);
}

/** Reference page (Salesforce provisioning): a billing email is required for invoice billing. */
export function requireInvoiceEmail(method: PaymentCollectionMethod, plan: PlanRec, customer: CustomerRec): void {
  if (method === 'INVOICE' && plan.pricingType !== 'FREE' && !customer.email) {
    throw stiggError('CustomerHasNoEmailAddress', `Customer ${customer.customerId} has no email address for invoices`, customer.customerId);
  }
}

/**
 * Stigg docs (provisioning subscriptions): when payment details are required and not yet
 * provided, the result is a checkout URL and no subscription is created. Trials need no card.
 */
export function needsCheckout(billable: boolean, inTrial: boolean, method: PaymentCollectionMethod, customer: CustomerRec): boolean {
  return billable && !inTrial && method === 'CHARGE' && !customer.paymentMethod;
}

export function initialStatus(startDate: string, now: string, inTrial: boolean, billable: boolean, method: PaymentCollectionMethod): SubscriptionStatus {
  if (startDate > now) return 'NOT_STARTED';
  if (inTrial) return 'IN_TRIAL';
  if (billable && method === 'INVOICE') return 'PAYMENT_PENDING';
  return 'ACTIVE';
}

/** A first invoice is issued when a billed subscription starts now, outside a trial, and is not paid out of Stigg (NONE). */
export function issuesInvoice(billable: boolean, inTrial: boolean, method: PaymentCollectionMethod, status: SubscriptionStatus): method is Exclude<PaymentCollectionMethod, 'NONE'> {
  return billable && !inTrial && method !== 'NONE' && status !== 'NOT_STARTED';
}
