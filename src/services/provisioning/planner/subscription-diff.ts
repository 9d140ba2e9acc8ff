import { ProvisioningPlan } from '../../../domain/provisioning-plan';
import { Subscription } from '../../../domain/stigg-entities';
import { SubscriptionChange } from '../../../domain/amendment-plan';
import { Money } from '../../../domain/money';
import { PriceOverride } from '../../../domain/stigg-entities';
import { StiggCatalog } from '../../../domain/stigg-catalog';
import { findPrice, planBasePrice, planCreditsPrice, planFeaturePrice } from '../../catalog/catalog-index';

type Terms = Pick<ProvisioningPlan, 'planId' | 'billingPeriod' | 'unitQuantity' | 'addons' | 'billableFeatures' | 'entitlements' | 'creditEntitlements' | 'priceOverrides'>;

const money = (m: Money): string => `${m.amount} ${m.currency}`;

/** The catalog's list price for what an override prices, or null when the catalog lists none. */
function listPriceOf(o: PriceOverride, t: Terms, catalog: StiggCatalog): Money | null {
  if (o.addonId) {
    const addon = catalog.addons.find((a) => a.id === o.addonId);
    return addon ? findPrice(addon.prices, t.billingPeriod, () => true)?.price ?? null : null;
  }
  const plan = catalog.plans.find((p) => p.id === t.planId);
  if (!plan) return null;
  if (o.currencyId) return planCreditsPrice(plan, o.currencyId, t.billingPeriod)?.price ?? null;
  if (o.featureId) return planFeaturePrice(plan, o.featureId, t.billingPeriod)?.price ?? null;
  return planBasePrice(plan, t.billingPeriod)?.price ?? null;
}

/**
 * Each term of a subscription or plan as field -> value text (absent terms are absent keys). A price
 * override at the catalog's own list price is no override: Stigg charges the same either way, and
 * reads it back as no override.
 */
function termsByField(t: Terms, catalog: StiggCatalog): Map<string, string> {
  const fields = new Map<string, string>();
  fields.set('planId', t.planId);
  if (t.billingPeriod) fields.set('billingPeriod', t.billingPeriod);
  if (t.unitQuantity !== null) fields.set('unitQuantity', String(t.unitQuantity));
  for (const f of t.billableFeatures) fields.set(`billableFeatures.${f.featureId}`, String(f.quantity));
  for (const a of t.addons) fields.set(`addons.${a.addonId}`, String(a.quantity));
  for (const e of t.entitlements) fields.set(`entitlements.${e.featureId}`, e.hasUnlimitedUsage ? 'unlimited' : String(e.usageLimit ?? ''));
  for (const c of t.creditEntitlements) fields.set(`creditEntitlements.${c.currencyId}`, `${c.amount} per ${c.cadence}`);
  for (const o of t.priceOverrides) {
    const listed = listPriceOf(o, t, catalog);
    if (listed && listed.amount === o.price.amount && listed.currency === o.price.currency) continue;
    const key = o.baseCharge ? 'base' : o.featureId ?? o.addonId ?? o.currencyId ?? 'base';
    fields.set(`priceOverrides.${key}`, money(o.price));
  }
  return fields;
}

/**
 * The differences between a subscription as Stigg has it and the terms an amendment plans, one
 * per field (named as the API's SubscriptionChange describes), in a stable order: plan, billing
 * period, unit quantity, then each list's members by name. A term the amendment drops has
 * `after` null; one it adds has `before` null.
 */
export function subscriptionDiff(current: Subscription, target: Terms, catalog: StiggCatalog): SubscriptionChange[] {
  const before = termsByField(current, catalog);
  const after = termsByField(target, catalog);
  const order = (field: string): string => {
    const rank = ['planId', 'billingPeriod', 'unitQuantity'].indexOf(field);
    return rank >= 0 ? `0${rank}` : `1${field}`;
  };
  const fields = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return fields
    .filter((f) => before.get(f) !== after.get(f))
    .map((field) => ({ field, before: before.get(field) ?? null, after: after.get(field) ?? null }));
}
