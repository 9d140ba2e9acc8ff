/**
 * provisionSubscriptionV2 (and provisionCustomer's subscriptionParams): checks the input's terms,
 * schedules a downgrade (or a change asked for at the period's end), or opens a checkout, or
 * replaces the customer's live subscription of the product with a new one (trial, status, first
 * invoice, recurring credits).
 */
import { randomUUID } from 'node:crypto';
import { stiggError } from '../../errors';
import type { Catalog } from '../catalog';
import type { CheckoutsAndInvoices } from '../checkouts-invoices';
import type { Credits } from '../credits';
import type { Customers } from '../customers';
import { totalPrice } from '../pricing';
import type { PaymentCollectionMethod, ProvisionOutcome, ProvisionSubscriptionArgs, SubscriptionRec } from '../records';
import type { Subscriptions } from '../subscriptions';
import { addPeriod, Clock, shortId, toIso } from '../support';
import { planChangeSchedule, schedulePlanChange } from './downgrade';
import { initialStatus, isBillable, issuesInvoice, needsCheckout, requireInvoiceEmail } from './payment';
import { subscriptionTerms } from './terms';
import { trialWindow } from './trial';

export interface ProvisioningDeps {
  clock: Clock;
  catalog: Catalog;
  customers: Customers;
  subscriptions: Subscriptions;
  checkoutsAndInvoices: CheckoutsAndInvoices;
  credits: Credits;
}

export function provisionSubscription(deps: ProvisioningDeps, input: ProvisionSubscriptionArgs): ProvisionOutcome {
  const { clock, catalog, customers, subscriptions, checkoutsAndInvoices, credits } = deps;
  const now = clock.now();
  const customer = customers.get(input.customerId);
  if (input.payingCustomerId) customers.get(input.payingCustomerId);
  const plan = catalog.plan(input.planId);
  const product = catalog.products.get(plan.productRefId)!;

  const subscriptionId = input.subscriptionId ?? input.refId ?? null;
  if (subscriptionId && subscriptions.records.has(subscriptionId)) {
    throw stiggError('DuplicatedEntityNotAllowed', `Subscription with id ${subscriptionId} already exists`, subscriptionId);
  }
  const resourceId = input.resourceId ?? null;
  if (product.multipleSubscriptions && !resourceId) {
    // assumption: the code; the reference says resourceId is required for such products
    throw stiggError(
      'InvalidArgumentError',
      `resourceId is required: product ${product.refId} allows multiple subscriptions per customer`,
      product.refId,
    );
  }

  const terms = subscriptionTerms(catalog, plan, input);
  const { billingPeriod, priceOverrides } = terms;
  const paymentCollectionMethod: PaymentCollectionMethod = input.paymentCollectionMethod ?? 'CHARGE';
  const startDate = input.startDate ? toIso(input.startDate, 'startDate') : now;

  const current = subscriptions
    .liveOf(customer.customerId)
    .find((s) => s.productRefId === product.refId && (!product.multipleSubscriptions || s.resourceId === resourceId));
  const schedule = current ? planChangeSchedule(catalog, current, plan, billingPeriod, input.scheduleStrategy) : null;
  if (current && schedule) {
    schedulePlanChange(current, plan, billingPeriod, input, subscriptionId, schedule, now);
    return { status: 'SUCCESS', subscription: current, checkout: null, isScheduled: true };
  }

  const { trialEndDate, trialEndBehavior } = trialWindow(plan, product, customer, input, startDate);
  const inTrial = trialEndDate !== null;

  const billable = isBillable(plan, priceOverrides);
  requireInvoiceEmail(paymentCollectionMethod, plan, customer);
  if (needsCheckout(billable, inTrial, paymentCollectionMethod, customer)) {
    const checkout = checkoutsAndInvoices.openCheckout(customer.customerId, input, now);
    return { status: 'PAYMENT_REQUIRED', subscription: null, checkout, isScheduled: false };
  }

  // A new subscription replaces the customer's live one on the same product (per resource when
  // the product allows several subscriptions).
  for (const old of subscriptions.liveOf(customer.customerId)) {
    if (old.productRefId !== product.refId) continue;
    if (product.multipleSubscriptions && old.resourceId !== resourceId) continue;
    subscriptions.end(old, 'CANCELED');
  }

  const status = initialStatus(startDate, now, inTrial, billable, paymentCollectionMethod);
  const period = billingPeriod ?? 'MONTHLY';
  const sub: SubscriptionRec = {
    id: randomUUID(),
    subscriptionId: subscriptionId ?? `subscription-${plan.refId}-${shortId()}`,
    customerId: customer.customerId,
    payingCustomerId: input.payingCustomerId ?? null,
    resourceId,
    planRefId: plan.refId,
    productRefId: product.refId,
    status,
    billingPeriod,
    unitQuantity: input.unitQuantity ?? input.priceUnitAmount ?? null,
    addons: terms.addons,
    billableFeatures: terms.billableFeatures,
    featureEntitlements: terms.featureEntitlements,
    creditEntitlements: terms.creditEntitlements,
    priceOverrides,
    paymentCollectionMethod,
    paymentCollection: status === 'PAYMENT_PENDING' ? 'ACTION_REQUIRED' : 'NOT_REQUIRED',
    trialEndDate,
    trialEndBehavior,
    wasInTrial: inTrial,
    startDate,
    endDate: null,
    cancellationDate: null,
    currentBillingPeriodStart: startDate,
    currentBillingPeriodEnd: inTrial ? trialEndDate! : addPeriod(startDate, period),
    createdAt: now,
    updatedAt: now,
    salesforceId: input.salesforceId ?? null,
    additionalMetaData: input.additionalMetaData ?? null,
    latestInvoice: null,
    scheduledUpdates: [],
  };
  if (issuesInvoice(billable, inTrial, paymentCollectionMethod, status)) {
    sub.latestInvoice = checkoutsAndInvoices.subscriptionInvoice(sub, paymentCollectionMethod, totalPrice(catalog, sub), now);
  }
  if (inTrial) customer.trialedPlans.push({ planRefId: plan.refId, productRefId: product.refId });
  subscriptions.records.set(sub.subscriptionId, sub);
  if (sub.status === 'ACTIVE' || sub.status === 'IN_TRIAL') credits.issueRecurringGrants(sub);
  return { status: 'SUCCESS', subscription: sub, checkout: null, isScheduled: false };
}
