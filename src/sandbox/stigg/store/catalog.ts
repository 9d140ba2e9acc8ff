/** The catalog aggregate: products, features, custom currencies, plans and add-ons (read-only after the seed). */
import type { AddonRec, CurrencyRec, FeatureRec, PlanRec, ProductRec } from './records';
import { found } from './support';

export class Catalog {
  readonly products = new Map<string, ProductRec>();
  readonly features = new Map<string, FeatureRec>();
  readonly currencies = new Map<string, CurrencyRec>();
  readonly plans = new Map<string, PlanRec>();
  readonly addons = new Map<string, AddonRec>();

  plan(planId: string): PlanRec {
    return found(this.plans, planId, 'PlanNotFound', 'Plan');
  }

  feature(featureId: string): FeatureRec {
    return found(this.features, featureId, 'FeatureNotFound', 'Feature');
  }

  addon(addonId: string): AddonRec {
    return found(this.addons, addonId, 'AddonNotFound', 'Addon');
  }

  currency(currencyId: string): CurrencyRec {
    return found(this.currencies, currencyId, 'CustomCurrencyNotFound', 'Custom currency');
  }

  /** The currency of the plan's first price (USD when it has none). */
  planCurrency(plan: PlanRec): string {
    return plan.prices[0]?.currency ?? 'USD';
  }
}
