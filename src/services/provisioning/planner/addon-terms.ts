import { BillingPeriod } from '../../../domain/stigg-catalog';
import { CatalogIndex, isAddonPriced } from '../../catalog/catalog-index';
import { groupLinesByStiggId } from './line-group';
import { describeLine, lineItemError, MappedLine } from './mapped-line';
import { combinePlanFragments, PlanFragment } from './plan-fragment';
import { ignoredSalesPrice, salesPriceOverride, SalesPricePolicy } from './sales-price-policy';

/**
 * ADDON lines: the add-on with the quantity (a whole number: Stigg counts
 * add-ons in integers), and the per-unit sales price as the add-on's price
 * override when the add-on has a price in the billing period; a non-zero
 * sales price on an unpriced add-on is a warning. Several lines add up.
 */
export function addonTerms(
  lines: readonly MappedLine[], billingPeriod: BillingPeriod | null, policy: SalesPricePolicy, index: CatalogIndex,
): PlanFragment {
  const addonLines = lines.filter((m) => m.stiggType === 'ADDON');
  return combinePlanFragments(...groupLinesByStiggId(addonLines).map((group): Partial<PlanFragment> => {
    const addonId = group.stiggId;
    if (!Number.isInteger(group.quantity)) {
      throw lineItemError(group.lines[0],
        `${describeLine(group.lines[0])} has quantity ${group.quantity}; add-on quantities must be whole numbers.`);
    }
    const addon = index.findAddon(addonId);
    const pricing = addon && isAddonPriced(addon, billingPeriod)
      ? salesPriceOverride(policy, group, { featureId: null, addonId, baseCharge: false })
      : ignoredSalesPrice(policy, group, `add-on '${addon?.displayName ?? addonId}' has no price`);
    return { addons: [{ addonId, quantity: group.quantity }], ...pricing };
  }));
}
