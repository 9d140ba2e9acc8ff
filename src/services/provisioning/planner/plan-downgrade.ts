import { BillingPeriod, CatalogPlan, StiggCatalog } from '../../../domain/stigg-catalog';

/** A plan's flat base charge per month in the given period (an annual price counts 1/12), 0 when it has none. */
function monthlyBase(plan: CatalogPlan, period: BillingPeriod): number {
  return plan.prices
    .filter((p) => p.billingPeriod === period && p.billingModel === 'FLAT_FEE' && !p.featureId && !p.customCurrencyId)
    .reduce((sum, p) => sum + p.price.amount, 0) / (period === 'ANNUALLY' ? 12 : 1);
}

/**
 * Is moving from one plan to another a downgrade, which Stigg applies at the end of the billing
 * period (docs: provisioning subscriptions, upgrades and downgrades)? A PAID plan to a FREE one,
 * or to a PAID one with a lower base charge. Custom plans are never taken for downgrades here:
 * Stigg's answer (isScheduled) decides for them.
 */
export function isPlanDowngrade(catalog: StiggCatalog, fromPlanId: string, toPlanId: string, period: BillingPeriod | null): boolean {
  const from = catalog.plans.find((p) => p.id === fromPlanId);
  const to = catalog.plans.find((p) => p.id === toPlanId);
  if (!from || !to || from.id === to.id || from.pricingType !== 'PAID') return false;
  if (to.pricingType === 'FREE') return true;
  if (to.pricingType !== 'PAID') return false;
  return monthlyBase(to, period ?? 'MONTHLY') < monthlyBase(from, period ?? 'MONTHLY');
}
