/**
 * Checkouts and invoices: the hosted checkout a CHARGE subscription without a card gets, the
 * invoices of subscriptions, and the sandbox controls standing in for the customer and the billing
 * provider (complete a checkout, pay an open invoice).
 */
import type { Credits } from './credits';
import type { Customers } from './customers';
import {
  CheckoutRec,
  InvoiceRec,
  Money,
  PaymentCollectionMethod,
  ProvisionOutcome,
  ProvisionSubscriptionArgs,
  SandboxError,
  SubscriptionRec,
} from './records';
import type { Subscriptions } from './subscriptions';
import { addDays, Clock, sandboxCard, shortId } from './support';

/** A new invoice of the sandbox's billing provider: OPEN (amount due, due in 30 days) or PAID. */
export function newInvoice(total: Money, status: 'OPEN' | 'PAID', now: string, paymentUrl: string | null): InvoiceRec {
  return {
    billingId: `in_sandbox_${shortId()}`,
    status,
    createdAt: now,
    updatedAt: now,
    dueDate: status === 'OPEN' ? addDays(now, 30) : null,
    paymentUrl,
    currency: total.currency,
    total: total.amount,
    amountDue: status === 'OPEN' ? total.amount : 0,
  };
}

export class CheckoutsAndInvoices {
  readonly checkouts = new Map<string, CheckoutRec>();

  constructor(
    private readonly clock: Clock,
    /** the emulator's own URL (checkout and invoice links point at it) */
    private readonly baseUrl: () => string,
    private readonly customers: Customers,
    private readonly subscriptions: Subscriptions,
    private readonly credits: Credits,
    private readonly provisionSubscription: (input: ProvisionSubscriptionArgs) => ProvisionOutcome,
  ) {}

  /** A checkout for a subscription that needs payment details: nothing is created until it is completed. */
  openCheckout(customerId: string, input: ProvisionSubscriptionArgs, now: string): CheckoutRec {
    const checkoutId = `cs_sandbox_${shortId()}`;
    const checkout: CheckoutRec = { checkoutId, customerId, input: { ...input }, createdAt: now, completedSubscriptionId: null };
    this.checkouts.set(checkoutId, checkout);
    return checkout;
  }

  /** The first invoice of a new subscription: CHARGE is paid at once, INVOICE stays open behind its paymentUrl. */
  subscriptionInvoice(sub: SubscriptionRec, method: Exclude<PaymentCollectionMethod, 'NONE'>, total: Money, now: string): InvoiceRec {
    return method === 'CHARGE'
      ? newInvoice(total, 'PAID', now, null)
      : newInvoice(total, 'OPEN', now, `${this.baseUrl()}/invoices/${encodeURIComponent(sub.subscriptionId)}`);
  }

  /** Sandbox control: the customer completes the hosted checkout (a card is attached, the subscription is created). */
  completeCheckout(checkoutId: string): SubscriptionRec {
    const checkout = this.checkouts.get(checkoutId);
    if (!checkout) throw new SandboxError(404, `Checkout not found: ${checkoutId}`);
    if (checkout.completedSubscriptionId) throw new SandboxError(409, `Checkout ${checkoutId} is already completed`);
    const customer = this.customers.get(checkout.customerId);
    customer.paymentMethod = customer.paymentMethod ?? sandboxCard();
    customer.updatedAt = this.clock.now();
    const outcome = this.provisionSubscription(checkout.input);
    checkout.completedSubscriptionId = outcome.subscription!.subscriptionId;
    return outcome.subscription!;
  }

  /** Sandbox control standing in for the billing provider: the subscription's open invoice is paid. */
  payInvoice(subscriptionId: string): SubscriptionRec {
    const sub = this.subscriptions.records.get(subscriptionId);
    if (!sub) throw new SandboxError(404, `Subscription not found: ${subscriptionId}`);
    if (sub.status !== 'PAYMENT_PENDING' || !sub.latestInvoice || sub.latestInvoice.status !== 'OPEN') {
      throw new SandboxError(409, `Subscription ${subscriptionId} has no open invoice (status ${sub.status})`);
    }
    const now = this.clock.now();
    sub.latestInvoice = { ...sub.latestInvoice, status: 'PAID', amountDue: 0, updatedAt: now };
    sub.status = 'ACTIVE';
    sub.paymentCollection = 'NOT_REQUIRED';
    sub.updatedAt = now;
    this.credits.issueRecurringGrants(sub);
    return sub;
  }
}
