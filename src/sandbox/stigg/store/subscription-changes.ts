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
import { isDowngrade } from './provisioning/downgrade';
import { subscriptionTerms } from './provisioning/terms';
import type { BillingPeriod, Money, ProvisionSubscriptionArgs, ScheduleStrategy, SubscriptionRec, UpdateSubscriptionArgs } from './records';
import type { Subscriptions } from './subscriptions';
import { addPeriod, Clock, ENDED, toIso } from './support';

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
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export class SubscriptionChanges {
  constructor(
    private readonly clock: Clock,
    private readonly catalog: Catalog,
    private readonly customers: Customers,
    private readonly subscriptions: Subscriptions,
    private readonly credits: Credits,
  ) {}

  private live(subscriptionId: string): SubscriptionRec {
    const sub = this.subscriptions.get(subscriptionId);
    // assumption: the code Stigg answers for a change of an ended subscription
    if (ENDED.includes(sub.status)) throw stiggError('InvalidArgumentError', `Subscription ${subscriptionId} is ${sub.status}`, subscriptionId);
    return sub;
  }

  /**
   * Sets what the input gives, each list whole (an add-on, billable feature or entitlement left
   * out is removed; a list left out is kept). IMMEDIATE (the default; assumption) applies now;
   * END_OF_BILLING_PERIOD and END_OF_BILLING_MONTH (taken as the period's end; assumption) record
   * the change as a scheduled update carried out by run-schedules.
   */
  update(input: UpdateSubscriptionArgs): SubscriptionRec {
    if (!input.subscriptionId) throw stiggError('InvalidArgumentError', 'subscriptionId is required');
    const sub = this.live(input.subscriptionId);
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
    const now = this.clock.now();
    if (input.scheduleStrategy === 'END_OF_BILLING_PERIOD' || input.scheduleStrategy === 'END_OF_BILLING_MONTH') {
      for (const u of sub.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
      sub.scheduledUpdates.push({
        type: 'UnitAmount',
        status: 'Scheduled',
        executionTime: sub.currentBillingPeriodEnd,
        createdAt: now,
        targetPlanRefId: sub.planRefId,
        billingPeriod: terms.billingPeriod,
        input: { customerId: sub.customerId, planId: sub.planRefId },
        update: { ...input, scheduleStrategy: 'IMMEDIATE' },
      });
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
    if (input.salesforceId !== undefined) sub.salesforceId = input.salesforceId;
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
   * IMMEDIATE ends the subscription now (CANCELED); END_OF_BILLING_PERIOD sets cancellationDate to
   * the period's end and SPECIFIC_DATE to `endDate` (the subscription stays as it is until then:
   * run-schedules, or a due date, ends it).
   */
  cancel(input: CancelSubscriptionArgs): SubscriptionRec {
    const sub = this.live(input.subscriptionRefId);
    const when = input.subscriptionCancellationTime ?? 'END_OF_BILLING_PERIOD'; // assumption: the default
    const now = this.clock.now();
    if (when === 'IMMEDIATE') {
      this.subscriptions.end(sub, 'CANCELED');
      return sub;
    }
    if (when === 'SPECIFIC_DATE') {
      if (!input.endDate) throw stiggError('InvalidArgumentError', 'endDate is required with SPECIFIC_DATE');
      const endDate = toIso(input.endDate, 'endDate');
      if (endDate <= now) throw stiggError('InvalidArgumentError', 'endDate must be in the future');
      sub.cancellationDate = endDate;
      sub.endDate = endDate;
    } else {
      sub.cancellationDate = sub.currentBillingPeriodEnd;
      sub.endDate = sub.currentBillingPeriodEnd;
    }
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
   * the product for the rest of its period (assumption: 0 for a downgrade, which waits for the
   * period's end, and the full total for a new subscription).
   */
  preview(input: PreviewSubscriptionArgs): SubscriptionPreview {
    const customer = this.customers.get(input.customerId);
    const plan = this.catalog.plan(input.planId);
    const args: ProvisionSubscriptionArgs = {
      customerId: customer.customerId, planId: plan.refId, billingPeriod: input.billingPeriod ?? null,
      addons: input.addons ?? null, billableFeatures: input.billableFeatures ?? null,
    };
    const terms = subscriptionTerms(this.catalog, plan, args);
    const now = this.clock.now();
    const current = this.subscriptions.liveOf(customer.customerId)
      .find((s) => s.productRefId === plan.productRefId && (input.resourceId ?? null) === s.resourceId) ?? null;
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
    let immediate = recurring.amount;
    let start = now;
    let end = addPeriod(now, period);
    if (current) {
      start = current.currentBillingPeriodStart;
      end = current.currentBillingPeriodEnd;
      const span = new Date(end).getTime() - new Date(start).getTime();
      const left = Math.max(0, new Date(end).getTime() - new Date(now).getTime());
      const later = input.scheduleStrategy === 'END_OF_BILLING_PERIOD' || input.scheduleStrategy === 'END_OF_BILLING_MONTH';
      immediate = downgrade || later ? 0 : Math.max(0, (recurring.amount - totalPrice(this.catalog, current).amount) * (span > 0 ? left / span : 0));
    }
    return {
      billingPeriodRange: { start, end },
      isPlanDowngrade: downgrade,
      hasScheduledUpdates: current?.scheduledUpdates.some((u) => u.status === 'Scheduled') ?? false,
      immediateTotal: { amount: round2(immediate), currency: recurring.currency },
      recurringTotal: recurring,
    };
  }
}
