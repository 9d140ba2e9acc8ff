/**
 * The terms of a provisionSubscriptionV2 input, checked against the catalog: add-ons, billable
 * features, feature and credit entitlements, price overrides and the billing period. Checked in this
 * order; the first refusal is Stigg's error for it.
 */
import { randomUUID } from 'node:crypto';
import { stiggError } from '../../errors';
import type { Catalog } from '../catalog';
import type { BillingPeriod, EntitlementDef, FeatureEntitlementArgs, PlanRec, ProvisionSubscriptionArgs, SubscriptionRec } from '../records';

export type SubscriptionTerms = Pick<SubscriptionRec, 'addons' | 'billableFeatures' | 'featureEntitlements' | 'creditEntitlements' | 'priceOverrides' | 'billingPeriod'>;

export function subscriptionTerms(catalog: Catalog, plan: PlanRec, input: ProvisionSubscriptionArgs): SubscriptionTerms {
  const addons = (input.addons ?? []).map((a) => {
    const addon = catalog.addon(a.addonId);
    if (!plan.compatibleAddonRefIds.includes(addon.refId)) {
      throw stiggError('IncompatibleSubscriptionAddon', `Addon ${addon.refId} is not compatible with plan ${plan.refId}`, addon.refId);
    }
    const quantity = a.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1) throw stiggError('InvalidQuantity', `Invalid addon quantity ${quantity}`, addon.refId);
    if (addon.maxQuantity !== null && quantity > addon.maxQuantity) {
      throw stiggError('AddonQuantityExceedsLimitError', `Addon ${addon.refId} quantity ${quantity} exceeds ${addon.maxQuantity}`, addon.refId);
    }
    return { id: randomUUID(), addonRefId: addon.refId, quantity };
  });
  const billableFeatures = (input.billableFeatures ?? []).map((b) => {
    catalog.feature(b.featureId);
    if (!(b.quantity >= 0)) throw stiggError('InvalidQuantity', `Invalid quantity ${b.quantity} for ${b.featureId}`, b.featureId);
    return { featureRefId: b.featureId, quantity: b.quantity };
  });
  const featureEntitlements: EntitlementDef[] = [];
  const creditEntitlements: SubscriptionRec['creditEntitlements'] = [];
  const addFeatureEntitlement = (e: FeatureEntitlementArgs) => {
    catalog.feature(e.featureId);
    const def: EntitlementDef = {
      featureRefId: e.featureId,
      usageLimit: e.usageLimit ?? null,
      hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
      hasSoftLimit: e.hasSoftLimit ?? false,
      resetPeriod: e.resetPeriod ?? null,
    };
    const i = featureEntitlements.findIndex((x) => x.featureRefId === e.featureId);
    if (i >= 0) featureEntitlements[i] = def;
    else featureEntitlements.push(def);
  };
  for (const e of input.subscriptionEntitlements ?? []) addFeatureEntitlement(e);
  for (const e of input.entitlements ?? []) {
    if (!!e.feature === !!e.credit) throw stiggError('InvalidArgumentError', 'Each entitlement needs exactly one of feature or credit');
    if (e.feature) addFeatureEntitlement(e.feature);
    if (e.credit) {
      const currency = catalog.currency(e.credit.customCurrencyId);
      if (!(e.credit.amount > 0)) throw stiggError('InvalidArgumentError', `Credit amount must be positive (${currency.currencyId})`, currency.currencyId);
      const i = creditEntitlements.findIndex((x) => x.currencyId === currency.currencyId);
      const entry = { id: randomUUID(), currencyId: currency.currencyId, amount: e.credit.amount, cadence: e.credit.cadence, hasSoftLimit: e.credit.hasSoftLimit ?? false };
      if (i >= 0) creditEntitlements[i] = entry;
      else creditEntitlements.push(entry);
    }
  }
  const priceOverrides = (input.priceOverrides ?? []).map((o) => {
    const targets = [o.baseCharge ? 'baseCharge' : null, o.featureId ? 'featureId' : null, o.addonId ? 'addonId' : null, o.currencyId ? 'currencyId' : null].filter(Boolean);
    if (targets.length !== 1) throw stiggError('InvalidArgumentError', 'A price override needs exactly one of baseCharge, featureId, addonId or currencyId');
    if (o.featureId) catalog.feature(o.featureId);
    if (o.addonId) catalog.addon(o.addonId);
    if (o.currencyId) {
      // PriceOverrideInput.currencyId: the custom currency of a credits charge (a price with
      // customCurrency). assumption: the code when the plan sells no credits in that currency.
      const currency = catalog.currency(o.currencyId);
      if (!plan.prices.some((p) => p.customCurrencyId === currency.currencyId)) {
        throw stiggError('PriceNotFound', `Plan ${plan.refId} has no credits charge in ${currency.currencyId} to override`, currency.currencyId);
      }
    }
    if (!o.price) throw stiggError('InvalidArgumentError', 'A price override needs a price');
    return {
      baseCharge: !!o.baseCharge,
      featureRefId: o.featureId ?? null,
      addonRefId: o.addonId ?? null,
      currencyId: o.currencyId ?? null,
      price: { amount: o.price.amount, currency: o.price.currency ?? catalog.planCurrency(plan) },
    };
  });

  const billingPeriod: BillingPeriod | null = input.billingPeriod ?? null;
  if (plan.pricingType === 'PAID') {
    if (!billingPeriod) {
      throw stiggError('BillingPeriodMissingError', `Billing period is required for paid plan ${plan.refId}`, plan.refId);
    }
    if (!plan.prices.some((p) => p.billingPeriod === billingPeriod)) {
      throw stiggError('PriceNotFound', `Plan ${plan.refId} has no ${billingPeriod} price`, plan.refId);
    }
  }
  return { addons, billableFeatures, featureEntitlements, creditEntitlements, priceOverrides, billingPeriod };
}
