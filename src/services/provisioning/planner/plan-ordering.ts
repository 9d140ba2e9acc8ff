import { ProvisioningPlan } from '../../../domain/provisioning-plan';
import { PriceOverride } from '../../../domain/stigg-entities';

/**
 * The plan with every list in a fixed order (by id; price overrides: the base
 * charge, then add-ons, then features), so two plans for the same input
 * compare equal (credits charges last, by currency). Warnings keep the order they were raised in.
 */
export function withDeterministicOrder(plan: ProvisioningPlan): ProvisioningPlan {
  return {
    ...plan,
    addons: [...plan.addons].sort((a, b) => compare(a.addonId, b.addonId)),
    billableFeatures: [...plan.billableFeatures].sort((a, b) => compare(a.featureId, b.featureId)),
    entitlements: [...plan.entitlements].sort((a, b) => compare(a.featureId, b.featureId)),
    creditEntitlements: [...plan.creditEntitlements].sort((a, b) => compare(a.currencyId, b.currencyId)),
    priceOverrides: [...plan.priceOverrides].sort((a, b) => compare(overrideKey(a), overrideKey(b))),
  };
}

function overrideKey(o: PriceOverride): string {
  if (o.baseCharge) return '0';
  if (o.addonId !== null) return `1:${o.addonId}`;
  if (o.currencyId) return `3:${o.currencyId}`;
  return `2:${o.featureId ?? ''}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
