/**
 * Plan changes held for the end of the billing period. Stigg docs (Provisioning subscriptions,
 * upgrade/downgrade): a downgrade takes effect at the end of the billing period unless
 * scheduleStrategy is IMMEDIATE; upgrades apply at once unless scheduleStrategy asks for the
 * period's end (ScheduleStrategy END_OF_BILLING_PERIOD).
 */
import type { Catalog } from '../catalog';
import type { BillingPeriod, PlanChangeType, PlanRec, ProvisionSubscriptionArgs, ScheduleStrategy, SubscriptionRec } from '../records';
import { shortId } from '../support';

/**
 * assumption (what counts as a downgrade): the live subscription is an ACTIVE subscription of a
 * PAID plan, and the new plan is FREE, or PAID with a lower base charge (flat fees per month, an
 * annual price counted as 1/12). Custom plans and trials are never downgrades here.
 */
export function isDowngrade(catalog: Catalog, current: SubscriptionRec, plan: PlanRec, billingPeriod: BillingPeriod | null): boolean {
  const currentPlan = catalog.plans.get(current.planRefId)!;
  if (current.status !== 'ACTIVE' || currentPlan.pricingType !== 'PAID' || plan.refId === currentPlan.refId) return false;
  if (plan.pricingType === 'FREE') return true;
  if (plan.pricingType !== 'PAID') return false;
  const monthlyBase = (p: PlanRec, period: BillingPeriod) =>
    p.prices.filter((x) => x.billingPeriod === period && x.billingModel === 'FLAT_FEE' && !x.featureRefId).reduce((n, x) => n + x.amount, 0) /
    (period === 'ANNUALLY' ? 12 : 1);
  return monthlyBase(plan, billingPeriod ?? 'MONTHLY') < monthlyBase(currentPlan, current.billingPeriod ?? 'MONTHLY');
}

/** END_OF_BILLING_PERIOD, and END_OF_BILLING_MONTH (assumption: taken as the end of the billing period too). */
export function atPeriodEnd(strategy: ScheduleStrategy | null | undefined): boolean {
  return strategy === 'END_OF_BILLING_PERIOD' || strategy === 'END_OF_BILLING_MONTH';
}

/**
 * Whether provisioning `plan` over the live `current` subscription is held for the end of its
 * billing period, and as what: a downgrade (unless IMMEDIATE), or any other change of an ACTIVE
 * subscription when the input asks for the period's end (a `Plan` change: UPGRADE, or NONE for
 * the same plan; assumption: a trial or a subscription waiting for payment is replaced at once).
 */
export function planChangeSchedule(
  catalog: Catalog,
  current: SubscriptionRec,
  plan: PlanRec,
  billingPeriod: BillingPeriod | null,
  strategy: ScheduleStrategy | null | undefined,
): { type: 'Downgrade' | 'Plan'; changeType: PlanChangeType } | null {
  if (strategy === 'IMMEDIATE') return null;
  if (isDowngrade(catalog, current, plan, billingPeriod)) return { type: 'Downgrade', changeType: 'DOWNGRADE' };
  if (!atPeriodEnd(strategy) || current.status !== 'ACTIVE') return null;
  return { type: 'Plan', changeType: plan.refId === current.planRefId ? 'NONE' : 'UPGRADE' };
}

/**
 * Schedules the change on the current subscription for the end of its billing period (a pending
 * schedule is canceled): the input is kept, with the subscription id the new subscription will have.
 */
export function schedulePlanChange(
  current: SubscriptionRec,
  plan: PlanRec,
  billingPeriod: BillingPeriod | null,
  input: ProvisionSubscriptionArgs,
  subscriptionId: string | null,
  schedule: { type: 'Downgrade' | 'Plan'; changeType: PlanChangeType },
  now: string,
): void {
  for (const u of current.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
  current.scheduledUpdates.push({
    type: schedule.type,
    changeType: schedule.changeType,
    status: 'Scheduled',
    executionTime: current.currentBillingPeriodEnd,
    createdAt: now,
    targetPlanRefId: plan.refId,
    billingPeriod,
    input: { ...input, subscriptionId: subscriptionId ?? `subscription-${plan.refId}-${shortId()}`, refId: null },
  });
  current.updatedAt = now;
}
