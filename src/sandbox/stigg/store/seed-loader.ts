/** Loads a seed (seed.ts) into the catalog and the customers. */
import type { SeedEntitlement, SeedPrice, StiggSeed } from '../seed';
import type { Catalog } from './catalog';
import type { CustomerRec, EntitlementDef, PriceRec } from './records';
import { stableUuid } from './support';

export function loadSeed(seed: StiggSeed, catalog: Catalog, customers: Map<string, CustomerRec>): void {
  // Seed records are created one second apart in seed order, so Stigg's default order of the
  // lists (createdAt DESC) is well defined: the last one seeded comes first.
  let seq = 0;
  const next = () => new Date(Date.UTC(2024, 0, 1) + 1000 * seq++).toISOString();
  for (const f of seed.features ?? []) {
    const created = next();
    catalog.features.set(f.id, {
      id: stableUuid('feature', f.id),
      refId: f.id,
      displayName: f.displayName,
      description: f.description ?? null,
      featureType: f.featureType,
      meterType: f.meterType,
      units: f.units ?? null,
      unitsPlural: f.unitsPlural ?? null,
      createdAt: created,
    });
  }
  for (const c of seed.customCurrencies ?? []) {
    const created = next();
    catalog.currencies.set(c.id, {
      id: stableUuid('currency', c.id),
      currencyId: c.id,
      displayName: c.displayName,
      symbol: c.symbol ?? null,
      description: c.description ?? null,
      units: c.units ?? null,
      archivedAt: c.archived ? created : null,
      createdAt: created,
    });
  }
  for (const p of seed.products ?? []) {
    catalog.products.set(p.id, {
      id: stableUuid('product', p.id),
      refId: p.id,
      displayName: p.displayName,
      description: p.description ?? null,
      multipleSubscriptions: p.multipleSubscriptions,
      downgradePlanRefId: p.downgradePlanId ?? null,
      createdAt: next(),
    });
  }
  const prices = (owner: string, list: SeedPrice[]): PriceRec[] =>
    (list ?? []).map((p, i) => {
      if (p.featureId && !catalog.features.has(p.featureId)) throw new Error(`Stigg seed: ${owner} prices unknown feature ${p.featureId}`);
      if (p.customCurrencyId && !catalog.currencies.has(p.customCurrencyId)) throw new Error(`Stigg seed: ${owner} prices unknown custom currency ${p.customCurrencyId}`);
      return {
        id: stableUuid('price', `${owner}:${i}`),
        billingPeriod: p.billingPeriod,
        billingModel: p.billingModel,
        featureRefId: p.featureId ?? null,
        amount: p.amount,
        currency: p.currency,
        minUnitQuantity: p.minUnitQuantity ?? null,
        maxUnitQuantity: p.maxUnitQuantity ?? null,
        customCurrencyId: p.customCurrencyId ?? null,
        creditGrantCadence: p.customCurrencyId ? p.creditGrantCadence ?? 'BEGINNING_OF_BILLING_PERIOD' : null,
      };
    });
  const entitlements = (owner: string, list: SeedEntitlement[]): EntitlementDef[] =>
    (list ?? []).map((e) => {
      if (!catalog.features.has(e.featureId)) throw new Error(`Stigg seed: ${owner} entitles unknown feature ${e.featureId}`);
      return {
        featureRefId: e.featureId,
        usageLimit: e.usageLimit ?? null,
        hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
        hasSoftLimit: e.hasSoftLimit ?? false,
        resetPeriod: e.resetPeriod ?? null,
      };
    });
  for (const a of seed.addons ?? []) {
    catalog.addons.set(a.id, {
      id: stableUuid('addon', a.id),
      refId: a.id,
      displayName: a.displayName,
      description: a.description ?? null,
      pricingType: a.pricingType,
      maxQuantity: a.maxQuantity ?? null,
      prices: prices(a.id, a.prices),
      entitlements: entitlements(a.id, a.entitlements),
      createdAt: next(),
    });
  }
  for (const p of seed.plans ?? []) {
    if (!catalog.products.has(p.productId)) throw new Error(`Stigg seed: plan ${p.id} names unknown product ${p.productId}`);
    for (const a of p.compatibleAddonIds ?? []) {
      if (!catalog.addons.has(a)) throw new Error(`Stigg seed: plan ${p.id} names unknown add-on ${a}`);
    }
    catalog.plans.set(p.id, {
      id: stableUuid('plan', p.id),
      refId: p.id,
      productRefId: p.productId,
      displayName: p.displayName,
      description: p.description ?? null,
      pricingType: p.pricingType,
      defaultTrial: p.defaultTrial
        ? { duration: p.defaultTrial.duration, units: p.defaultTrial.units, trialEndBehavior: p.defaultTrial.trialEndBehavior ?? 'CONVERT_TO_PAID' }
        : null,
      prices: prices(p.id, p.prices),
      entitlements: entitlements(p.id, p.entitlements),
      compatibleAddonRefIds: p.compatibleAddonIds ?? [],
      createdAt: next(),
    });
  }
  for (const c of seed.customers ?? []) {
    const created = next();
    customers.set(c.id, {
      id: stableUuid('customer', c.id),
      customerId: c.id,
      name: c.name ?? null,
      email: c.email ?? null,
      billingId: c.billingId ?? null,
      salesforceId: c.salesforceId ?? null,
      crmId: null,
      awsMarketplaceCustomerId: null,
      additionalMetaData: c.metadata ?? null,
      paymentMethod: c.paymentMethod ?? null,
      trialedPlans: [],
      createdAt: created,
      updatedAt: created,
    });
  }
}
