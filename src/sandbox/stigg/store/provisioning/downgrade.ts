/**
 * Downgrade scheduling. Stigg docs (Provisioning subscriptions, upgrade/downgrade): a downgrade
 * takes effect at the end of the billing period unless scheduleStrategy is IMMEDIATE; upgrades apply at once.
 */
import type { Catalog } from '../catalog';
import type { BillingPeriod, PlanRec, ProvisionSubscriptionArgs, SubscriptionRec } from '../records';
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

/**
 * Schedules the change on the current subscription for the end of its billing period (a pending
 * schedule is canceled): the input is kept, with the subscription id the new subscription will have.
 */
export function scheduleDowngrade(
  current: SubscriptionRec,
  plan: PlanRec,
  billingPeriod: BillingPeriod | null,
  input: ProvisionSubscriptionArgs,
  subscriptionId: string | null,
  now: string,
): void {
  for (const u of current.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
  current.scheduledUpdates.push({
    type: 'Downgrade',
    status: 'Scheduled',
    // assumption: END_OF_BILLING_MONTH is treated like END_OF_BILLING_PERIOD
    executionTime: current.currentBillingPeriodEnd,
    createdAt: now,
    targetPlanRefId: plan.refId,
    billingPeriod,
    input: { ...input, subscriptionId: subscriptionId ?? `subscription-${plan.refId}-${shortId()}`, refId: null },
  });
  current.updatedAt = now;
}
