import {
  AddonQuantity, BillableFeature, CreditEntitlement, FeatureEntitlement, PriceOverride,
} from '../../../domain/stigg-entities';

/** The part of a plan one rule of the planner contributes. */
export interface PlanFragment {
  addons: AddonQuantity[];
  billableFeatures: BillableFeature[];
  entitlements: FeatureEntitlement[];
  creditEntitlements: CreditEntitlement[];
  priceOverrides: PriceOverride[];
  warnings: string[];
}

export function emptyPlanFragment(): PlanFragment {
  return { addons: [], billableFeatures: [], entitlements: [], creditEntitlements: [], priceOverrides: [], warnings: [] };
}

/** The fragments concatenated, in the order given. */
export function combinePlanFragments(...fragments: Partial<PlanFragment>[]): PlanFragment {
  const combined = emptyPlanFragment();
  for (const f of fragments) {
    combined.addons.push(...(f.addons ?? []));
    combined.billableFeatures.push(...(f.billableFeatures ?? []));
    combined.entitlements.push(...(f.entitlements ?? []));
    combined.creditEntitlements.push(...(f.creditEntitlements ?? []));
    combined.priceOverrides.push(...(f.priceOverrides ?? []));
    combined.warnings.push(...(f.warnings ?? []));
  }
  return combined;
}
