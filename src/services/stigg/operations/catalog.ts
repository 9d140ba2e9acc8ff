import type { StiggBillingModel, StiggBillingPeriod, StiggConnection, StiggMoney, StiggPricingType, StiggTrialEndBehavior } from './types';

/**
 * (f) The catalog the gateway reasons about, in one request: latest published plans (prices
 * with their charges, entitlements, default trial, compatible add-ons), add-ons with prices,
 * features and products. Fields are those of the SDK's PlanFragment / AddonFragment.
 */
export const CATALOG = /* GraphQL */ `
query Catalog($first: Int!) {
  plans(filter: { isLatest: { is: true }, status: { eq: PUBLISHED } }, paging: { first: $first }) {
    edges {
      node {
        refId
        displayName
        description
        pricingType
        product { refId }
        defaultTrialConfig { duration units trialEndBehavior }
        prices { ...GatewayCatalogPriceFields }
        entitlements { ...GatewayCatalogEntitlementFields }
        compatibleAddons { refId }
      }
    }
    totalCount
  }
  addons(filter: { isLatest: { is: true }, status: { eq: PUBLISHED } }, paging: { first: $first }) {
    edges {
      node {
        refId
        displayName
        description
        pricingType
        maxQuantity
        prices { ...GatewayCatalogPriceFields }
        entitlements { ...GatewayCatalogEntitlementFields }
      }
    }
    totalCount
  }
  features(paging: { first: $first }) {
    edges { node { refId displayName description featureType meterType featureUnits featureUnitsPlural } }
    totalCount
  }
  products(paging: { first: $first }) {
    edges { node { refId displayName description multipleSubscriptions } }
    totalCount
  }
}
fragment GatewayCatalogPriceFields on Price {
  billingModel
  billingPeriod
  minUnitQuantity
  maxUnitQuantity
  price { amount currency }
  feature { refId }
}
fragment GatewayCatalogEntitlementFields on PackageEntitlement {
  usageLimit
  hasUnlimitedUsage
  resetPeriod
  feature { refId }
}`;

/**
 * Custom currencies (credit types). Separate from CATALOG because the root field's name is the
 * emulator's assumption (the reference documents custom currencies in REST only): if the real API
 * refuses it, the rest of the catalog still loads.
 */
export const CUSTOM_CURRENCIES = /* GraphQL */ `
query CustomCurrencies($first: Int!) {
  customCurrencies(paging: { first: $first }) {
    edges { node { currencyId displayName symbol units { singular plural } } }
    totalCount
  }
}`;

export interface CatalogPriceNode {
  billingModel: StiggBillingModel;
  billingPeriod: StiggBillingPeriod;
  minUnitQuantity: number | null;
  maxUnitQuantity: number | null;
  price: StiggMoney | null;
  feature: { refId: string } | null;
}

export interface CatalogEntitlementNode {
  usageLimit: number | null;
  hasUnlimitedUsage: boolean | null;
  resetPeriod: string | null;
  feature: { refId: string };
}

export interface CatalogResult {
  plans: StiggConnection<{
    refId: string;
    displayName: string;
    description: string | null;
    pricingType: StiggPricingType | null;
    product: { refId: string };
    defaultTrialConfig: { duration: number; units: 'DAY' | 'MONTH'; trialEndBehavior: StiggTrialEndBehavior | null } | null;
    prices: CatalogPriceNode[] | null;
    entitlements: CatalogEntitlementNode[] | null;
    compatibleAddons: Array<{ refId: string }> | null;
  }>;
  addons: StiggConnection<{
    refId: string;
    displayName: string;
    description: string | null;
    pricingType: StiggPricingType | null;
    maxQuantity: number | null;
    prices: CatalogPriceNode[] | null;
    entitlements: CatalogEntitlementNode[] | null;
  }>;
  features: StiggConnection<{
    refId: string;
    displayName: string;
    description: string | null;
    featureType: 'BOOLEAN' | 'NUMBER' | 'ENUM';
    meterType: 'None' | 'Fluctuating' | 'Incremental' | null;
    featureUnits: string | null;
    featureUnitsPlural: string | null;
  }>;
  products: StiggConnection<{ refId: string; displayName: string | null; description: string | null; multipleSubscriptions: boolean }>;
}

export interface CustomCurrenciesResult {
  customCurrencies: StiggConnection<{
    currencyId: string;
    displayName: string;
    symbol: string | null;
    units: { singular: string; plural: string } | null;
  }>;
}
