/**
 * Pricing views of a subscription: its prices (overrides and credits charges applied), its recurring
 * total and add-ons' share, and the feature entitlements it grants. Pure reads of the catalog.
 */
import type { Catalog } from './catalog';
import type { BillingModel, EntitlementDef, FeatureRec, Money, SubscriptionPriceView, SubscriptionRec } from './records';
import { round2, stableUuid } from './support';

/**
 * The subscription's prices: the plan's prices of its billing period with overrides applied. A
 * credits charge (a price with a custom currency) is listed when the subscription has a credit
 * entitlement in that currency, its quantity (usageLimit) being the credits per grant
 * (assumption: the credits charge prices the subscription's credit entitlement of its currency).
 */
export function subscriptionPrices(catalog: Catalog, sub: SubscriptionRec): SubscriptionPriceView[] {
  const plan = catalog.plans.get(sub.planRefId)!;
  const period = sub.billingPeriod ?? 'MONTHLY';
  const quantityOf = (featureRefId: string | null): number | null => {
    if (!featureRefId) return sub.unitQuantity;
    return sub.billableFeatures.find((b) => b.featureRefId === featureRefId)?.quantity ?? null;
  };
  const out: SubscriptionPriceView[] = [];
  const used = new Set<number>();
  for (const p of plan.prices) {
    if (p.billingPeriod !== period) continue;
    if (p.customCurrencyId) {
      const credits = sub.creditEntitlements.find((c) => c.currencyId === p.customCurrencyId);
      if (!credits) continue;
      const oi = sub.priceOverrides.findIndex((o) => o.currencyId === p.customCurrencyId);
      if (oi >= 0) used.add(oi);
      const o = oi >= 0 ? sub.priceOverrides[oi] : null;
      out.push({ price: { ...p, amount: o ? o.price.amount : p.amount, currency: o ? o.price.currency : p.currency }, quantity: credits.amount });
      continue;
    }
    const oi = sub.priceOverrides.findIndex((o) => (p.featureRefId ? o.featureRefId === p.featureRefId : o.baseCharge));
    const o = oi >= 0 ? sub.priceOverrides[oi] : null;
    if (oi >= 0) used.add(oi);
    // Reference page (Salesforce provisioning): an override of a usage-based charge is a flat fee.
    const billingModel: BillingModel = o && p.billingModel === 'USAGE_BASED' ? 'FLAT_FEE' : p.billingModel;
    out.push({
      price: { ...p, billingModel, amount: o ? o.price.amount : p.amount, currency: o ? o.price.currency : p.currency },
      quantity: billingModel === 'PER_UNIT' ? quantityOf(p.featureRefId) : null,
    });
  }
  // overrides without a list price (custom plans): the override becomes the price
  sub.priceOverrides.forEach((o, i) => {
    if (used.has(i) || o.addonRefId || o.currencyId) return;
    const quantity = o.featureRefId ? quantityOf(o.featureRefId) : null;
    const billingModel: BillingModel = o.featureRefId && quantity !== null ? 'PER_UNIT' : 'FLAT_FEE';
    out.push({
      price: {
        id: stableUuid('override', `${sub.subscriptionId}:${i}`),
        billingPeriod: period,
        billingModel,
        featureRefId: o.featureRefId,
        amount: o.price.amount,
        currency: o.price.currency,
        minUnitQuantity: null,
        maxUnitQuantity: null,
        customCurrencyId: null,
        creditGrantCadence: null,
      },
      quantity: billingModel === 'PER_UNIT' ? quantity : null,
    });
  });
  return out;
}

/** Recurring total per billing period: flat fees, per-unit and credits charges × quantity, add-ons (usage is billed in arrears and not included). */
export function totalPrice(catalog: Catalog, sub: SubscriptionRec): Money {
  const prices = subscriptionPrices(catalog, sub);
  const period = sub.billingPeriod ?? 'MONTHLY';
  let amount = 0;
  let currency: string | null = null;
  for (const { price, quantity } of prices) {
    currency = currency ?? price.currency;
    if (price.billingModel === 'FLAT_FEE') amount += price.amount;
    else if (price.billingModel === 'PER_UNIT' || price.billingModel === 'CREDIT_BASED') amount += price.amount * (quantity ?? 0);
  }
  for (const a of sub.addons) {
    const o = sub.priceOverrides.find((x) => x.addonRefId === a.addonRefId);
    const listed = catalog.addons.get(a.addonRefId)!.prices.find((p) => p.billingPeriod === period);
    const unit = o ? o.price.amount : listed?.amount ?? 0;
    currency = currency ?? (o ? o.price.currency : listed?.currency ?? null);
    amount += unit * a.quantity;
  }
  return { amount: round2(amount), currency: currency ?? 'USD' };
}

/** The add-ons' share of the recurring total. */
export function addonsTotal(catalog: Catalog, sub: SubscriptionRec): Money {
  const period = sub.billingPeriod ?? 'MONTHLY';
  let amount = 0;
  let currency: string | null = null;
  for (const a of sub.addons) {
    const o = sub.priceOverrides.find((x) => x.addonRefId === a.addonRefId);
    const listed = catalog.addons.get(a.addonRefId)!.prices.find((p) => p.billingPeriod === period);
    amount += (o ? o.price.amount : listed?.amount ?? 0) * a.quantity;
    currency = currency ?? (o ? o.price.currency : listed?.currency ?? null);
  }
  return { amount: round2(amount), currency: currency ?? totalPrice(catalog, sub).currency };
}

/** The entitlements a subscription grants (none while it waits for payment or its start). */
export function subscriptionEntitlements(catalog: Catalog, sub: SubscriptionRec): Array<EntitlementDef & { feature: FeatureRec }> {
  if (sub.status !== 'ACTIVE' && sub.status !== 'IN_TRIAL') return [];
  const plan = catalog.plans.get(sub.planRefId)!;
  const out = new Map<string, EntitlementDef>();
  for (const e of plan.entitlements) {
    const quantity = sub.billableFeatures.find((b) => b.featureRefId === e.featureRefId)?.quantity;
    out.set(e.featureRefId, quantity !== undefined ? { ...e, usageLimit: quantity, hasUnlimitedUsage: false } : { ...e });
  }
  for (const a of sub.addons) {
    for (const e of catalog.addons.get(a.addonRefId)!.entitlements) {
      const prev = out.get(e.featureRefId);
      const addLimit = e.usageLimit !== null ? e.usageLimit * a.quantity : null;
      out.set(e.featureRefId, {
        ...e,
        usageLimit: prev?.usageLimit != null && addLimit !== null ? prev.usageLimit + addLimit : addLimit ?? prev?.usageLimit ?? null,
        hasUnlimitedUsage: e.hasUnlimitedUsage || !!prev?.hasUnlimitedUsage,
      });
    }
  }
  for (const b of sub.billableFeatures) {
    if (!out.has(b.featureRefId)) {
      out.set(b.featureRefId, { featureRefId: b.featureRefId, usageLimit: b.quantity, hasUnlimitedUsage: false, hasSoftLimit: false, resetPeriod: null });
    }
  }
  for (const e of sub.featureEntitlements) out.set(e.featureRefId, { ...e });
  return [...out.values()].map((e) => ({ ...e, feature: catalog.features.get(e.featureRefId)! }));
}
