import { StiggTargetKind } from '../../domain/product-mapping';
import {
  BillingPeriod, CatalogAddon, CatalogCustomCurrency, CatalogFeature, CatalogPlan, CatalogPrice, StiggCatalog,
} from '../../domain/stigg-catalog';

/** Target kinds in the order an ambiguous id is reported. */
const TARGET_KIND_ORDER: readonly StiggTargetKind[] = ['PLAN', 'ADDON', 'FEATURE', 'CUSTOM_CURRENCY'];

/**
 * Lookups by id over a StiggCatalog (below it, the price questions the
 * planner asks: "how is this feature priced in the plan"). Build one with
 * catalogIndexFor(catalog); catalogs are treated as immutable.
 */
export class CatalogIndex {
  private readonly plans: ReadonlyMap<string, CatalogPlan>;
  private readonly addons: ReadonlyMap<string, CatalogAddon>;
  private readonly features: ReadonlyMap<string, CatalogFeature>;
  private readonly currencies: ReadonlyMap<string, CatalogCustomCurrency>;

  constructor(readonly catalog: StiggCatalog) {
    this.plans = new Map(catalog.plans.map((p) => [p.id, p]));
    this.addons = new Map(catalog.addons.map((a) => [a.id, a]));
    this.features = new Map(catalog.features.map((f) => [f.id, f]));
    this.currencies = new Map(catalog.customCurrencies.map((c) => [c.id, c]));
  }

  findPlan(id: string): CatalogPlan | null {
    return this.plans.get(id) ?? null;
  }

  findAddon(id: string): CatalogAddon | null {
    return this.addons.get(id) ?? null;
  }

  findFeature(id: string): CatalogFeature | null {
    return this.features.get(id) ?? null;
  }

  findCustomCurrency(id: string): CatalogCustomCurrency | null {
    return this.currencies.get(id) ?? null;
  }

  /** Every kind of catalog entity that has this id (usually none or one), in the order PLAN, ADDON, FEATURE, CUSTOM_CURRENCY. */
  targetKindsOf(id: string): StiggTargetKind[] {
    return TARGET_KIND_ORDER.filter((kind) => this.has(kind, id));
  }

  has(kind: StiggTargetKind, id: string): boolean {
    switch (kind) {
      case 'PLAN': return this.plans.has(id);
      case 'ADDON': return this.addons.has(id);
      case 'FEATURE': return this.features.has(id);
      case 'CUSTOM_CURRENCY': return this.currencies.has(id);
    }
  }
}

/**
 * The first price matching `predicate` in the billing period, else among the
 * MONTHLY prices, else among the ANNUALLY ones (a null period reads as
 * MONTHLY). Asked question by question, so a plan whose annual prices list
 * only the base charge still answers "how are seats priced" from its monthly
 * prices: a feature's pricing model does not change with the period.
 */
export function findPrice(
  prices: readonly CatalogPrice[], period: BillingPeriod | null, predicate: (price: CatalogPrice) => boolean,
): CatalogPrice | null {
  for (const candidate of [period ?? 'MONTHLY', 'MONTHLY', 'ANNUALLY'] as const) {
    const found = prices.find((p) => p.billingPeriod === candidate && predicate(p));
    if (found) return found;
  }
  return null;
}

/** A price of the plan itself: for no feature and no custom currency (not a credits charge). */
function isPlanOwnPrice(p: CatalogPrice): boolean {
  return p.featureId === null && p.customCurrencyId === null;
}

/** The plan's base charge: a price with no feature, FLAT_FEE first, else PER_UNIT (a plan priced per unit). */
export function planBasePrice(plan: CatalogPlan, period: BillingPeriod | null): CatalogPrice | null {
  return findPrice(plan.prices, period, (p) => isPlanOwnPrice(p) && p.billingModel === 'FLAT_FEE')
    ?? findPrice(plan.prices, period, (p) => isPlanOwnPrice(p) && p.billingModel === 'PER_UNIT');
}

/** True when the plan itself is priced per unit (a PER_UNIT price with no feature). */
export function isPlanPricedPerUnit(plan: CatalogPlan, period: BillingPeriod | null): boolean {
  return findPrice(plan.prices, period, (p) => isPlanOwnPrice(p) && p.billingModel === 'PER_UNIT') !== null;
}

/** The plan's credits charge for a custom currency (the price of the credits a subscription grants each period), or null. */
export function planCreditsPrice(plan: CatalogPlan, currencyId: string, period: BillingPeriod | null): CatalogPrice | null {
  return findPrice(plan.prices, period, (p) => p.customCurrencyId === currencyId);
}

/** How the plan prices a feature, or null when the feature is not priced in the plan. */
export function planFeaturePrice(plan: CatalogPlan, featureId: string, period: BillingPeriod | null): CatalogPrice | null {
  return findPrice(plan.prices, period, (p) => p.featureId === featureId);
}

/** True when the add-on has a price. */
export function isAddonPriced(addon: CatalogAddon, period: BillingPeriod | null): boolean {
  return findPrice(addon.prices, period, () => true) !== null;
}

const indexes = new WeakMap<StiggCatalog, CatalogIndex>();

/** The index of a catalog, built once per catalog object. */
export function catalogIndexFor(catalog: StiggCatalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = new CatalogIndex(catalog);
    indexes.set(catalog, index);
  }
  return index;
}
