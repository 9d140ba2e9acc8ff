import { Money } from './money';

export type BillingPeriod = 'MONTHLY' | 'ANNUALLY';

/** How a price is charged (Stigg's BillingModel). */
export type BillingModel = 'FLAT_FEE' | 'PER_UNIT' | 'USAGE_BASED' | 'CREDIT_BASED' | 'MINIMUM_SPEND';

export interface CatalogPrice {
  billingPeriod: BillingPeriod;
  billingModel: BillingModel;
  /** The feature the price is for; null for the base charge (or a per-unit plan price with no feature). */
  featureId: string | null;
  /** The custom currency of a credits charge (a price for the credits a subscription grants each period); null otherwise. */
  customCurrencyId: string | null;
  price: Money;
}

export interface CatalogEntitlement {
  featureId: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
}

/** FREE, PAID (has list prices) or CUSTOM (priced per deal, no list price). */
export type PricingType = 'FREE' | 'PAID' | 'CUSTOM';

export interface CatalogPlan {
  id: string;
  displayName: string;
  productId: string | null;
  pricingType: PricingType;
  /** Default trial length in days; null when the plan has no default trial. */
  defaultTrialDays: number | null;
  prices: CatalogPrice[];
  entitlements: CatalogEntitlement[];
}

export interface CatalogAddon {
  id: string;
  displayName: string;
  prices: CatalogPrice[];
}

export type FeatureType = 'BOOLEAN' | 'NUMBER' | 'ENUM';

export interface CatalogFeature {
  id: string;
  displayName: string;
  featureType: FeatureType;
  /** Metered features count usage (e.g. API calls). */
  metered: boolean;
}

export interface CatalogCustomCurrency {
  id: string;
  displayName: string;
}

/** The part of the Stigg catalog the gateway reasons about. */
export interface StiggCatalog {
  plans: CatalogPlan[];
  addons: CatalogAddon[];
  features: CatalogFeature[];
  customCurrencies: CatalogCustomCurrency[];
}
