import { BillingPeriod, CatalogFeature, CatalogPlan } from '../../../domain/stigg-catalog';
import { FeatureEntitlement } from '../../../domain/stigg-entities';
import { CatalogIndex, planFeaturePrice } from '../../catalog/catalog-index';
import { groupLinesByStiggId } from './line-group';
import { MappedLine } from './mapped-line';
import { combinePlanFragments, PlanFragment } from './plan-fragment';
import { ignoredSalesPrice, salesPriceOverride, SalesPricePolicy } from './sales-price-policy';

/**
 * ENTITLEMENT lines pointing at features, by how the plan prices the feature
 * in the billing period:
 * - PER_UNIT (e.g. seats): a billable feature with the quantity, and the
 *   per-unit sales price as that feature's price override;
 * - USAGE_BASED (e.g. API calls): an entitlement with the quantity as usage
 *   limit, and the per-unit sales price as a flat-fee override for the feature;
 * - not priced (any other model counts as not priced): an entitlement with the
 *   quantity as usage limit (none for BOOLEAN and ENUM features), a non-zero
 *   sales price ignored with a warning.
 * Several lines for one feature add up.
 */
export function featureEntitlementTerms(
  lines: readonly MappedLine[], plan: CatalogPlan, billingPeriod: BillingPeriod | null,
  policy: SalesPricePolicy, index: CatalogIndex,
): PlanFragment {
  const featureLines = lines.filter((m) => m.stiggType === 'ENTITLEMENT' && m.target === 'FEATURE');
  return combinePlanFragments(...groupLinesByStiggId(featureLines).map((group): Partial<PlanFragment> => {
    const featureId = group.stiggId;
    const feature = index.findFeature(featureId);
    const price = planFeaturePrice(plan, featureId, billingPeriod);
    const override = { featureId, addonId: null, baseCharge: false };
    switch (price?.billingModel) {
      case 'PER_UNIT':
        return {
          billableFeatures: [{ featureId, quantity: group.quantity }],
          ...salesPriceOverride(policy, group, override),
        };
      case 'USAGE_BASED':
        return {
          entitlements: [{ featureId, usageLimit: group.quantity, hasUnlimitedUsage: false }],
          ...salesPriceOverride(policy, group, override),
        };
      default:
        return {
          entitlements: [unpricedEntitlement(featureId, feature, group.quantity)],
          ...ignoredSalesPrice(policy, group,
            `feature '${feature?.displayName ?? featureId}' has no price in plan '${plan.displayName}'`),
        };
    }
  }));
}

function unpricedEntitlement(featureId: string, feature: CatalogFeature | null, quantity: number): FeatureEntitlement {
  const countable = feature?.featureType === 'NUMBER';
  return { featureId, usageLimit: countable ? quantity : null, hasUnlimitedUsage: false };
}
