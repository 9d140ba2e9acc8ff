/**
 * A subscription's changes after provisioning: updateOneSubscription, cancelSubscription,
 * previewSubscription and cancelSchedule (docs.stigg.io graphql-reference mutations of those
 * names; inputs UpdateSubscriptionInput, SubscriptionCancellationInput, PreviewSubscriptionInput,
 * SubscriptionUpdateScheduleCancellationInput).
 */
import { randomUUID } from 'node:crypto';
import { stiggError } from '../errors';
import type { Catalog } from './catalog';
import type { Credits } from './credits';
import type { Customers } from './customers';
import { totalPrice } from './pricing';
import { atPeriodEnd, isDowngrade } from './provisioning/downgrade';
import { subscriptionTerms, SubscriptionTerms } from './provisioning/terms';
import type {
  BillingPeriod, Money, ProvisionSubscriptionArgs, ScheduledTermsChangeRec, ScheduleStrategy, SubscriptionRec, TermsChangeVariables, TermsScheduleType, UpdateSubscriptionArgs,
} from './records';
import type { Subscriptions } from './subscriptions';
import { addPeriod, Clock, ENDED, round2, toIso } from './support';

export interface CancelSubscriptionArgs {
  subscriptionRefId: string;
  subscriptionCancellationTime?: 'IMMEDIATE' | 'END_OF_BILLING_PERIOD' | 'SPECIFIC_DATE' | null;
  endDate?: string | null;
}

export interface PreviewSubscriptionArgs {
  customerId: string;
  planId: string;
  resourceId?: string | null;
  billingPeriod?: BillingPeriod | null;
  unitQuantity?: number | null;
  addons?: ProvisionSubscriptionArgs['addons'];
  billableFeatures?: ProvisionSubscriptionArgs['billableFeatures'];
  scheduleStrategy?: ScheduleStrategy | null;
}

export interface SubscriptionPreview {
  billingPeriodRange: { start: string; end: string };
  isPlanDowngrade: boolean;
  hasScheduledUpdates: boolean;
  immediateTotal: Money;
  recurringTotal: Money;
  /** SubscriptionPreviewProrations of a change applied now to a live subscription */
  proration: { prorationDate: string; credit: Money; debit: Money; netAmount: Money } | null;
}

export class SubscriptionChanges {
  constructor(
    private readonly clock: Clock,
    private readonly catalog: Catalog,
    private readonly customers: Customers,
    private readonly subscriptions: Subscriptions,
    private readonly credits: Credits,
  ) {}

  /**
   * The subscription, if it has not ended. assumption: the code Stigg answers for a change of an
   * ended subscription is its ErrorCode SubscriptionAlreadyCanceledOrExpired.
   */
  private live(subscriptionId: string): SubscriptionRec {
    const sub = this.subscriptions.get(subscriptionId);
    if (ENDED.includes(sub.status)) {
      throw stiggError('SubscriptionAlreadyCanceledOrExpired', `Subscription ${subscriptionId} is ${sub.status}`, subscriptionId);
    }
    return sub;
  }

  /**
   * Sets what the input gives, each list whole (an add-on, billable feature or entitlement left
   * out is removed; a list left out is kept), on the same subscription id (`subscriptionId`, or
   * `refId` as the SDK sends it). IMMEDIATE (the default; assumption) applies now;
   * END_OF_BILLING_PERIOD and END_OF_BILLING_MONTH (taken as the period's end; assumption) record
   * each change as a scheduled update that run-schedules carries out (`termsSchedule`).
   */
  update(input: UpdateSubscriptionArgs): SubscriptionRec {
    const subscriptionId = input.subscriptionId ?? input.refId;
    if (!subscriptionId) throw stiggError('InvalidArgumentError', 'subscriptionId is required');
    const sub = this.live(subscriptionId);
    const plan = this.catalog.plan(sub.planRefId);
    // Checks every term against the catalog before anything changes.
    const terms = subscriptionTerms(this.catalog, plan, {
      customerId: sub.customerId,
      planId: sub.planRefId,
      billingPeriod: input.billingPeriod ?? sub.billingPeriod,
      addons: input.addons ?? sub.addons.map((a) => ({ addonId: a.addonRefId, quantity: a.quantity })),
      billableFeatures: input.billableFeatures ?? sub.billableFeatures.map((b) => ({ featureId: b.featureRefId, quantity: b.quantity })),
      entitlements: input.entitlements ?? [
        ...sub.featureEntitlements.map((e) => ({ feature: { featureId: e.featureRefId, usageLimit: e.usageLimit, hasUnlimitedUsage: e.hasUnlimitedUsage, hasSoftLimit: e.hasSoftLimit, resetPeriod: e.resetPeriod } })),
        ...sub.creditEntitlements.map((c) => ({ credit: { customCurrencyId: c.currencyId, amount: c.amount, cadence: c.cadence, hasSoftLimit: c.hasSoftLimit } })),
      ],
      priceOverrides: input.priceOverrides ?? sub.priceOverrides.map((o) => ({
        baseCharge: o.baseCharge, featureId: o.featureRefId, addonId: o.addonRefId, currencyId: o.currencyId, price: o.price,
      })),
    });
    if (input.unitQuantity !== undefined && input.unitQuantity !== null && !(input.unitQuantity >= 0)) {
      throw stiggError('InvalidQuantity', `Invalid unit quantity ${input.unitQuantity}`, subscriptionId);
    }
    const now = this.clock.now();
    // assumption: salesforceId links the subscription to its CRM record and applies at once
    // (SubscriptionScheduleType has no value for it)
    if (input.salesforceId !== undefined) sub.salesforceId = input.salesforceId;
    if (atPeriodEnd(input.scheduleStrategy)) {
      const changes = termsSchedule(sub, input, terms, now);
      // assumption: a new schedule replaces the pending one (as a later provisioning does)
      if (changes.length > 0) {
        for (const u of sub.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
        sub.scheduledUpdates.push(...changes);
      }
      sub.updatedAt = now;
      return sub;
    }
    sub.billingPeriod = terms.billingPeriod;
    if (input.unitQuantity !== undefined && input.unitQuantity !== null) sub.unitQuantity = input.unitQuantity;
    sub.addons = terms.addons;
    sub.billableFeatures = terms.billableFeatures;
    sub.featureEntitlements = terms.featureEntitlements;
    const creditsChanged = JSON.stringify(sub.creditEntitlements.map((c) => [c.currencyId, c.amount, c.cadence]))
      !== JSON.stringify(terms.creditEntitlements.map((c) => [c.currencyId, c.amount, c.cadence]));
    sub.creditEntitlements = terms.creditEntitlements;
    sub.priceOverrides = terms.priceOverrides;
    if (input.additionalMetaData !== undefined) sub.additionalMetaData = input.additionalMetaData;
    sub.updatedAt = now;
    // assumption: changed recurring credits are granted anew (the previous period's grants voided)
    if (creditsChanged && (sub.status === 'ACTIVE' || sub.status === 'IN_TRIAL')) {
      this.credits.voidSubscriptionGrants(sub.subscriptionId, now);
      this.credits.issueRecurringGrants(sub);
    }
    return sub;
  }

  /**
   * IMMEDIATE ends the subscription now (CANCELED); END_OF_BILLING_PERIOD sets cancellationDate and
   * endDate to the period's end and SPECIFIC_DATE to `endDate` (the subscription stays as it is
   * until then: run-schedules, or a due date, ends it). An ended subscription is refused
   * (`live`); a SPECIFIC_DATE without an `endDate`, or with one not in the future, is refused with
   * InvalidCancellationDate (assumption: the code, one of Stigg's ErrorCode values).
   */
  cancel(input: CancelSubscriptionArgs): SubscriptionRec {
    const sub = this.live(input.subscriptionRefId);
    const when = input.subscriptionCancellationTime ?? 'END_OF_BILLING_PERIOD'; // assumption: the default
    const now = this.clock.now();
    if (when === 'IMMEDIATE') {
      this.subscriptions.end(sub, 'CANCELED');
      return sub;
    }
    let endsAt = sub.currentBillingPeriodEnd;
    if (when === 'SPECIFIC_DATE') {
      if (!input.endDate) throw stiggError('InvalidCancellationDate', 'endDate is required with SPECIFIC_DATE', sub.subscriptionId);
      endsAt = toIso(input.endDate, 'endDate');
      if (endsAt <= now) throw stiggError('InvalidCancellationDate', `endDate ${endsAt} is not in the future`, sub.subscriptionId);
    }
    sub.cancellationDate = endsAt;
    sub.endDate = endsAt;
    // assumption: a subscription that ends changes no more, so its pending changes are withdrawn
    for (const u of sub.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
    sub.updatedAt = now;
    return sub;
  }

  /**
   * Every pending (Scheduled) update of the subscription becomes Canceled. Assumption: a pending
   * cancellation (a cancellationDate still to come) is withdrawn too.
   */
  cancelSchedule(input: { subscriptionId: string; status?: string | null }): string {
    const sub = this.subscriptions.get(input.subscriptionId);
    const status = input.status ?? 'Scheduled';
    const now = this.clock.now();
    for (const u of sub.scheduledUpdates) if (u.status === status) u.status = 'Canceled';
    if (!ENDED.includes(sub.status) && sub.cancellationDate && sub.cancellationDate > now) {
      sub.cancellationDate = null;
      sub.endDate = null;
    }
    sub.updatedAt = now;
    return sub.subscriptionId;
  }

  /**
   * What the customer would pay for the subscription described, writing nothing: the recurring
   * total of a period, and now the prorated difference against the customer's live subscription of
   * the product (same resource) for the rest of its period: its unused part credited, the new
   * total's part debited (assumption: the net, never below 0; 0 and no proration for a downgrade
   * or a change at the period's end, which wait for the period's end; the full total for a new
   * subscription). assumption: without `billingPeriod` the live subscription's is used; the live
   * subscription's feature and credit entitlements (PreviewSubscriptionInput has none) are kept,
   * and its price overrides when the plan is the same.
   */
  preview(input: PreviewSubscriptionArgs): SubscriptionPreview {
    const customer = this.customers.get(input.customerId);
    const plan = this.catalog.plan(input.planId);
    const current = this.subscriptions.liveOf(customer.customerId)
      .find((s) => s.productRefId === plan.productRefId && (input.resourceId ?? null) === s.resourceId) ?? null;
    const args: ProvisionSubscriptionArgs = {
      customerId: customer.customerId, planId: plan.refId, billingPeriod: input.billingPeriod ?? current?.billingPeriod ?? null,
      addons: input.addons ?? null, billableFeatures: input.billableFeatures ?? null,
    };
    const terms = subscriptionTerms(this.catalog, plan, args);
    const now = this.clock.now();
    const period = terms.billingPeriod ?? current?.billingPeriod ?? 'MONTHLY';
    const draft = {
      ...(current ?? {}),
      id: randomUUID(), planRefId: plan.refId, productRefId: plan.productRefId, billingPeriod: period,
      unitQuantity: input.unitQuantity ?? current?.unitQuantity ?? null,
      addons: terms.addons, billableFeatures: terms.billableFeatures,
      featureEntitlements: current?.featureEntitlements ?? [], creditEntitlements: current?.creditEntitlements ?? [],
      priceOverrides: current && current.planRefId === plan.refId ? current.priceOverrides : [],
    } as SubscriptionRec;
    const recurring = totalPrice(this.catalog, draft);
    const downgrade = current !== null && input.scheduleStrategy !== 'IMMEDIATE' && isDowngrade(this.catalog, current, plan, terms.billingPeriod);
    const hasScheduledUpdates = current?.scheduledUpdates.some((u) => u.status === 'Scheduled') ?? false;
    const money = (amount: number): Money => ({ amount: round2(amount), currency: recurring.currency });
    if (!current) {
      return { billingPeriodRange: { start: now, end: addPeriod(now, period) }, isPlanDowngrade: false, hasScheduledUpdates, immediateTotal: recurring, recurringTotal: recurring, proration: null };
    }
    const range = { start: current.currentBillingPeriodStart, end: current.currentBillingPeriodEnd };
    if (downgrade || atPeriodEnd(input.scheduleStrategy)) {
      return { billingPeriodRange: range, isPlanDowngrade: downgrade, hasScheduledUpdates, immediateTotal: money(0), recurringTotal: recurring, proration: null };
    }
    const span = new Date(range.end).getTime() - new Date(range.start).getTime();
    const left = Math.max(0, new Date(range.end).getTime() - new Date(now).getTime());
    const fraction = span > 0 ? left / span : 0;
    const credit = money(totalPrice(this.catalog, current).amount * fraction);
    const debit = money(recurring.amount * fraction);
    const net = money(debit.amount - credit.amount);
    return {
      billingPeriodRange: range,
      isPlanDowngrade: false,
      hasScheduledUpdates,
      immediateTotal: money(Math.max(0, net.amount)),
      recurringTotal: recurring,
      proration: { prorationDate: now, credit, debit, netAmount: net },
    };
  }
}

/**
 * An updateOneSubscription held for the period's end, as scheduled updates at
 * `currentBillingPeriodEnd` (SubscriptionScheduledUpdate): one per change against the subscription
 * as it is now, of the SubscriptionScheduleType that names it, each carrying the part of the input
 * it sets. assumption (Stigg does not document the split): `unitQuantity` and each billable
 * feature whose quantity changes are `UnitAmount` (UnitAmountChangeVariables, featureId null for
 * the unit quantity), each add-on added, removed (newQuantity 0) or changed is `Addon`,
 * `billingPeriod` is `BillingPeriod`, each changed price override is `PriceOverride` (plan or
 * add-on price override variables), a changed feature entitlement is `UnitAmount` (its usage
 * limit as newUnitAmount), changed credit entitlements are `RecurringCredits` and changed
 * metadata `AdditionalMetaData` (those two without scheduleVariables: ScheduleVariables has no
 * member for them). Nothing that differs, nothing scheduled.
 */
function termsSchedule(sub: SubscriptionRec, input: UpdateSubscriptionArgs, terms: SubscriptionTerms, now: string): ScheduledTermsChangeRec[] {
  const out: ScheduledTermsChangeRec[] = [];
  const add = (type: TermsScheduleType, variables: TermsChangeVariables, update: UpdateSubscriptionArgs) =>
    out.push({ type, variables, update, status: 'Scheduled', executionTime: sub.currentBillingPeriodEnd, createdAt: now, targetPlanRefId: sub.planRefId, billingPeriod: terms.billingPeriod });
  /** the keys whose value differs between the two maps (a key in one map only included) */
  const changed = <V>(before: Map<string, V>, after: Map<string, V>) =>
    [...new Set([...before.keys(), ...after.keys()])].filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)));

  if (input.unitQuantity !== undefined && input.unitQuantity !== null && input.unitQuantity !== sub.unitQuantity) {
    add('UnitAmount', { kind: 'UnitAmount', featureRefId: null, newUnitAmount: input.unitQuantity }, { unitQuantity: input.unitQuantity });
  }
  if (input.billableFeatures) {
    const after = new Map(terms.billableFeatures.map((b) => [b.featureRefId, b.quantity]));
    for (const f of changed(new Map(sub.billableFeatures.map((b) => [b.featureRefId, b.quantity])), after)) {
      add('UnitAmount', { kind: 'UnitAmount', featureRefId: f, newUnitAmount: after.get(f) ?? 0 }, { billableFeatures: input.billableFeatures });
    }
  }
  if (input.addons) {
    const after = new Map(terms.addons.map((a) => [a.addonRefId, a.quantity]));
    for (const a of changed(new Map(sub.addons.map((x) => [x.addonRefId, x.quantity])), after)) {
      add('Addon', { kind: 'Addon', addonRefId: a, newQuantity: after.get(a) ?? 0 }, { addons: input.addons });
    }
  }
  if (input.billingPeriod && input.billingPeriod !== sub.billingPeriod) {
    add('BillingPeriod', { kind: 'BillingPeriod', billingPeriod: input.billingPeriod }, { billingPeriod: input.billingPeriod });
  }
  if (input.priceOverrides) {
    type Override = SubscriptionRec['priceOverrides'][number];
    const key = (o: Override) => (o.addonRefId ? `addon:${o.addonRefId}` : o.featureRefId ? `feature:${o.featureRefId}` : o.currencyId ? `currency:${o.currencyId}` : 'base');
    const before = new Map(sub.priceOverrides.map((o) => [key(o), o]));
    const after = new Map(terms.priceOverrides.map((o) => [key(o), o]));
    for (const k of changed(before, after)) {
      const o = (after.get(k) ?? before.get(k))!;
      add('PriceOverride', o.addonRefId
        ? { kind: 'AddonPriceOverride', addonRefId: o.addonRefId, featureRefId: null }
        : { kind: 'PlanPriceOverride', planRefId: sub.planRefId, featureRefId: o.featureRefId }, { priceOverrides: input.priceOverrides });
    }
  }
  if (input.entitlements) {
    const after = new Map(terms.featureEntitlements.map((e) => [e.featureRefId, e]));
    for (const f of changed(new Map(sub.featureEntitlements.map((e) => [e.featureRefId, e])), after)) {
      add('UnitAmount', { kind: 'UnitAmount', featureRefId: f, newUnitAmount: after.get(f)?.usageLimit ?? null }, { entitlements: input.entitlements });
    }
    const credits = (list: SubscriptionRec['creditEntitlements']) => new Map(list.map((c) => [c.currencyId, [c.amount, c.cadence, c.hasSoftLimit]]));
    if (changed(credits(sub.creditEntitlements), credits(terms.creditEntitlements)).length > 0) add('RecurringCredits', null, { entitlements: input.entitlements });
  }
  if (input.additionalMetaData !== undefined && JSON.stringify(input.additionalMetaData) !== JSON.stringify(sub.additionalMetaData)) {
    add('AdditionalMetaData', null, { additionalMetaData: input.additionalMetaData });
  }
  return out;
}
