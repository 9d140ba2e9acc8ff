/** Catalog records as GraphQL objects (Feature, Price, Plan, Addon, Product, CustomCurrency). */
import type {
  AddonRec,
  CurrencyRec,
  EntitlementDef,
  FeatureRec,
  PlanRec,
  PriceRec,
  ProductRec,
  StiggStore,
} from '../../store';

export type Obj = Record<string, unknown>;

export function featureView(f: FeatureRec): Obj {
  return {
    id: f.id,
    refId: f.refId,
    displayName: f.displayName,
    description: f.description,
    featureType: f.featureType,
    meterType: f.meterType,
    featureUnits: f.units,
    featureUnitsPlural: f.unitsPlural,
    additionalMetaData: null,
    createdAt: f.createdAt,
    updatedAt: f.createdAt,
  };
}

/** The feature as an entitlement shows it (EntitlementFeature). */
export function entitlementFeatureView(f: FeatureRec): Obj {
  const { createdAt: _c, updatedAt: _u, ...rest } = featureView(f);
  return { ...rest, unitTransformation: null };
}

export function priceView(store: StiggStore, p: PriceRec): Obj {
  return {
    id: p.id,
    billingModel: p.billingModel,
    billingPeriod: p.billingPeriod,
    billingCadence: 'RECURRING',
    createdAt: null,
    customCurrency: () => (p.customCurrencyId ? currencyView(store.currencies.get(p.customCurrencyId)!) : null),
    creditGrantCadence: p.creditGrantCadence,
    billingId: null,
    billingCountryCode: null,
    minUnitQuantity: p.minUnitQuantity,
    maxUnitQuantity: p.maxUnitQuantity,
    blockSize: null,
    price: { amount: p.amount, currency: p.currency },
    creditRate: null,
    tiersMode: null,
    tiers: null,
    feature: p.featureRefId ? featureView(store.features.get(p.featureRefId)!) : null,
  };
}

export function packageEntitlementView(store: StiggStore, e: EntitlementDef, owner: string): Obj {
  const f = store.features.get(e.featureRefId)!;
  return {
    // Stigg's featureId is the feature's internal id; the slug is feature.refId
    featureId: f.id,
    feature: featureView(f),
    usageLimit: e.usageLimit,
    hasUnlimitedUsage: e.hasUnlimitedUsage,
    hasSoftLimit: e.hasSoftLimit,
    resetPeriod: e.resetPeriod,
    resetPeriodConfiguration: null,
    enumValues: null,
    hiddenFromWidgets: [],
    isCustom: false,
    isGranted: true,
    displayNameOverride: null,
    description: `${owner}: ${f.displayName}`,
  };
}

export function productView(store: StiggStore, p: ProductRec): Obj {
  return {
    id: p.id,
    refId: p.refId,
    displayName: p.displayName,
    description: p.description,
    additionalMetaData: null,
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
    multipleSubscriptions: p.multipleSubscriptions,
    productSettings: {
      downgradePlan: () => (p.downgradePlanRefId && store.plans.has(p.downgradePlanRefId) ? planView(store, store.plans.get(p.downgradePlanRefId)!) : null),
    },
    plans: () => [...store.plans.values()].filter((x) => x.productRefId === p.refId).map((x) => planView(store, x)),
  };
}

export function addonView(store: StiggStore, a: AddonRec): Obj {
  return {
    id: a.id,
    refId: a.refId,
    displayName: a.displayName,
    description: a.description,
    billingId: null,
    versionNumber: 1,
    isLatest: true,
    status: 'PUBLISHED',
    createdAt: a.createdAt,
    updatedAt: a.createdAt,
    additionalMetaData: null,
    hiddenFromWidgets: [],
    pricingType: a.pricingType,
    maxQuantity: a.maxQuantity,
    productId: null,
    entitlements: () => a.entitlements.map((e) => packageEntitlementView(store, e, a.displayName)),
    prices: () => a.prices.map((p) => priceView(store, p)),
    overagePrices: [],
    dependencies: [],
  };
}

export function planView(store: StiggStore, p: PlanRec): Obj {
  return {
    id: p.id,
    refId: p.refId,
    displayName: p.displayName,
    description: p.description,
    billingId: null,
    versionNumber: 1,
    isLatest: true,
    status: 'PUBLISHED',
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
    additionalMetaData: null,
    hiddenFromWidgets: [],
    pricingType: p.pricingType,
    productId: p.productRefId,
    product: () => productView(store, store.products.get(p.productRefId)!),
    basePlan: null,
    entitlements: () => p.entitlements.map((e) => packageEntitlementView(store, e, p.displayName)),
    inheritedEntitlements: [],
    compatibleAddons: () => p.compatibleAddonRefIds.map((id) => addonView(store, store.addons.get(id)!)),
    compatiblePackageGroups: [],
    prices: () => p.prices.map((x) => priceView(store, x)),
    overagePrices: [],
    defaultTrialConfig: p.defaultTrial
      ? { duration: p.defaultTrial.duration, units: p.defaultTrial.units, trialEndBehavior: p.defaultTrial.trialEndBehavior, budget: null }
      : null,
  };
}

export function currencyView(c: CurrencyRec): Obj {
  return {
    id: c.id,
    currencyId: c.currencyId,
    displayName: c.displayName,
    symbol: c.symbol,
    description: c.description,
    units: c.units,
    additionalMetaData: null,
    archivedAt: c.archivedAt,
    createdAt: c.createdAt,
    updatedAt: c.createdAt,
  };
}
