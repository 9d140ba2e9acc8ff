import type { StiggBillingModel, StiggBillingPeriod, StiggConnection, StiggMoney, StiggPricingType, StiggTrialEndBehavior } from './types';

/** The catalog lists the gateway pages through (Stigg's list fields; each defaults to 10 items a page). */
export const CATALOG_LISTS = ['plans', 'addons', 'features', 'products'] as const;
export type CatalogList = typeof CATALOG_LISTS[number];

/**
 * (f) The catalog the gateway reasons about: latest published plans (prices with their charges,
 * entitlements, default trial, compatible add-ons), add-ons with prices, features, products and
 * custom currencies (docs.stigg.io graphql-reference queries/plans, addons, features, products,
 * customCurrencies). One document pages every list at once: `$with<List>` leaves out a list whose
 * last page has been read, and `$<list>After` is the cursor of the list's next page. Custom
 * currencies are a plain list, not paged (archived ones are left out by default): the first
 * request reads them.
 */
export const CATALOG = /* GraphQL */ `
query Catalog(
  $first: Int!
  $withPlans: Boolean!, $plansAfter: ConnectionCursor
  $withAddons: Boolean!, $addonsAfter: ConnectionCursor
  $withFeatures: Boolean!, $featuresAfter: ConnectionCursor
  $withProducts: Boolean!, $productsAfter: ConnectionCursor
  $withCustomCurrencies: Boolean!
) {
  plans(filter: { isLatest: { is: true }, status: { eq: PUBLISHED } }, paging: { first: $first, after: $plansAfter }) @include(if: $withPlans) {
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
    pageInfo { hasNextPage endCursor }
  }
  addons(filter: { isLatest: { is: true }, status: { eq: PUBLISHED } }, paging: { first: $first, after: $addonsAfter }) @include(if: $withAddons) {
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
    pageInfo { hasNextPage endCursor }
  }
  features(paging: { first: $first, after: $featuresAfter }) @include(if: $withFeatures) {
    edges { node { refId displayName description featureType meterType featureUnits featureUnitsPlural } }
    pageInfo { hasNextPage endCursor }
  }
  products(paging: { first: $first, after: $productsAfter }) @include(if: $withProducts) {
    edges { node { refId displayName description multipleSubscriptions } }
    pageInfo { hasNextPage endCursor }
  }
  customCurrencies @include(if: $withCustomCurrencies) {
    currencyId
    displayName
    symbol
    units { singular plural }
  }
}
fragment GatewayCatalogPriceFields on Price {
  billingModel
  billingPeriod
  minUnitQuantity
  maxUnitQuantity
  price { amount currency }
  feature { refId }
  customCurrency { currencyId }
  creditGrantCadence
}
fragment GatewayCatalogEntitlementFields on PackageEntitlement {
  usageLimit
  hasUnlimitedUsage
  resetPeriod
  feature { refId }
}`;

/**
 * The variables of one CATALOG request: the lists still to read, each from its cursor (null: its
 * first page); custom currencies with the first request only.
 */
export function catalogPageVariables(first: number, cursors: ReadonlyMap<CatalogList, string | null>, withCustomCurrencies: boolean): Record<string, unknown> {
  const variables: Record<string, unknown> = { first, withCustomCurrencies };
  for (const list of CATALOG_LISTS) {
    const capitalised = list[0].toUpperCase() + list.slice(1);
    variables[`with${capitalised}`] = cursors.has(list);
    variables[`${list}After`] = cursors.get(list) ?? null;
  }
  return variables;
}

export interface CatalogPriceNode {
  billingModel: StiggBillingModel;
  billingPeriod: StiggBillingPeriod;
  minUnitQuantity: number | null;
  maxUnitQuantity: number | null;
  price: StiggMoney | null;
  feature: { refId: string } | null;
  /** the custom currency of a credits charge (a price for recurring credits) */
  customCurrency: { currencyId: string } | null;
  creditGrantCadence: 'BEGINNING_OF_BILLING_PERIOD' | 'MONTHLY' | null;
}

export interface CatalogEntitlementNode {
  usageLimit: number | null;
  hasUnlimitedUsage: boolean | null;
  resetPeriod: string | null;
  feature: { refId: string };
}

export interface CatalogPlanNode {
  refId: string;
  displayName: string;
  description: string | null;
  pricingType: StiggPricingType | null;
  product: { refId: string };
  defaultTrialConfig: { duration: number; units: 'DAY' | 'MONTH'; trialEndBehavior: StiggTrialEndBehavior | null } | null;
  prices: CatalogPriceNode[] | null;
  entitlements: CatalogEntitlementNode[] | null;
  compatibleAddons: Array<{ refId: string }> | null;
}

export interface CatalogAddonNode {
  refId: string;
  displayName: string;
  description: string | null;
  pricingType: StiggPricingType | null;
  maxQuantity: number | null;
  prices: CatalogPriceNode[] | null;
  entitlements: CatalogEntitlementNode[] | null;
}

export interface CatalogFeatureNode {
  refId: string;
  displayName: string;
  description: string | null;
  featureType: 'BOOLEAN' | 'NUMBER' | 'ENUM';
  meterType: 'None' | 'Fluctuating' | 'Incremental' | null;
  featureUnits: string | null;
  featureUnitsPlural: string | null;
}

export interface CatalogProductNode {
  refId: string;
  displayName: string | null;
  description: string | null;
  multipleSubscriptions: boolean;
}

/** One page of each list asked for (a list left out is absent). */
export interface CatalogResult {
  plans?: StiggConnection<CatalogPlanNode>;
  addons?: StiggConnection<CatalogAddonNode>;
  features?: StiggConnection<CatalogFeatureNode>;
  products?: StiggConnection<CatalogProductNode>;
  customCurrencies?: CatalogCustomCurrencyNode[];
}

/** Every item of every catalog list, all pages read. */
export interface CatalogNodes {
  plans: CatalogPlanNode[];
  addons: CatalogAddonNode[];
  features: CatalogFeatureNode[];
  products: CatalogProductNode[];
  customCurrencies: CatalogCustomCurrencyNode[];
}

export interface CatalogCustomCurrencyNode {
  currencyId: string;
  displayName: string;
  symbol: string | null;
  units: { singular: string | null; plural: string | null } | null;
}
