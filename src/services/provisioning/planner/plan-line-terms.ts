import { BillingPeriod, CatalogPlan } from '../../../domain/stigg-catalog';
import { isPlanPricedPerUnit, planBasePrice } from '../../catalog/catalog-index';
import { LineGroup } from './line-group';
import { describeLine, lineItemError } from './mapped-line';
import { ignoredSalesPrice, salesPriceOverride, SalesPricePolicy, SalesPriceOutcome } from './sales-price-policy';

export interface PlanLineTerms extends SalesPriceOutcome {
  unitQuantity: number | null;
}

/**
 * The PLAN line's quantity and sales price. Quantity: `unitQuantity` when the
 * plan is priced per unit (a PER_UNIT price with no feature), else it must be
 * 1. Sales price: a base-charge override when a PAID plan has a base price
 * (FLAT_FEE, or PER_UNIT for a per-unit plan); for a FREE or CUSTOM plan, or a
 * PAID plan without base price, a non-zero price is a warning.
 */
export function planLineTerms(
  plan: CatalogPlan, group: LineGroup, billingPeriod: BillingPeriod | null, policy: SalesPricePolicy,
): PlanLineTerms {
  const perUnit = isPlanPricedPerUnit(plan, billingPeriod);
  if (!perUnit && group.quantity !== 1) {
    const first = group.lines[0];
    const lines = group.lines.length === 1
      ? `${describeLine(first)} has quantity ${group.quantity}`
      : `${group.lines.length} lines for plan '${plan.displayName}' add up to quantity ${group.quantity}`;
    throw lineItemError(first,
      `${lines}, but plan '${plan.displayName}' is not priced per unit: set the quantity of the plan product to 1.`);
  }

  const base = plan.pricingType === 'PAID' ? planBasePrice(plan, billingPeriod) : null;
  const pricing = base
    ? salesPriceOverride(policy, group, { featureId: null, addonId: null, baseCharge: true })
    : ignoredSalesPrice(policy, group, `plan '${plan.displayName}' has no list price to override`);
  return { unitQuantity: perUnit ? group.quantity : null, ...pricing };
}
