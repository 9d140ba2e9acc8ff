import { DriftKind } from './drift';

/**
 * The drift kind of a subscription term, named as the amendment diff (planner/subscription-diff)
 * names it: the plan and its billing period are the plan; seats, billable feature quantities and
 * feature usage limits are quantities; add-ons, credit entitlements and price overrides have a
 * kind each.
 */
export function driftKindOfTerm(field: string): DriftKind {
  if (field === 'planId' || field === 'billingPeriod') return 'PLAN_MISMATCH';
  if (field === 'unitQuantity' || field.startsWith('billableFeatures.') || field.startsWith('entitlements.')) return 'QUANTITY_MISMATCH';
  if (field.startsWith('addons.')) return 'ADDON_MISMATCH';
  if (field.startsWith('creditEntitlements.')) return 'CREDIT_MISMATCH';
  if (field.startsWith('priceOverrides.')) return 'PRICE_MISMATCH';
  // A term the diff learns to name later is still a disagreement about what was sold.
  return 'PLAN_MISMATCH';
}
