export { StiggOperations, StiggOperationError } from './stigg-operations';
export type { StiggOperationsOptions, StiggGraphQLErrorInfo, PartialResult } from './stigg-operations';
export * from './types';
export { CUSTOMERS_BY_IDS, customersByIdsVariables } from './customers-by-ids';
export type { CustomersByIdsResult, CustomersByIdsVariables } from './customers-by-ids';
export { SUBSCRIPTIONS_OF_CUSTOMERS, subscriptionsOfCustomersVariables } from './subscriptions-of-customers';
export type { SubscriptionsOfCustomersResult, SubscriptionsOfCustomersVariables } from './subscriptions-of-customers';
export {
  SUBSCRIPTIONS_BY_IDS,
  subscriptionsByIdsVariables,
  subscriptionsBySalesforceIdsVariables,
  pickSubscriptions,
} from './subscriptions-by-ids';
export type { SubscriptionsByIdsResult, SubscriptionsByIdsVariables } from './subscriptions-by-ids';
export { buildCreditBalancesQuery, readCreditBalances } from './credit-balances-of-customers';
export type { CreditBalancesResult } from './credit-balances-of-customers';
export { buildCreditGrantsQuery, readCreditGrants } from './credit-grants-of-customers';
export type { CreditGrantsResult } from './credit-grants-of-customers';
export { CATALOG, CUSTOM_CURRENCIES } from './catalog';
export type { CatalogResult, CustomCurrenciesResult, CatalogPriceNode, CatalogEntitlementNode } from './catalog';
export { PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS } from './provision-subscription-with-entitlements';
export type {
  ProvisionSubscriptionWithEntitlementsInput,
  ProvisionSubscriptionWithEntitlementsResult,
  MoneyInput,
} from './provision-subscription-with-entitlements';
export { SUBSCRIPTION_CREDIT_ENTITLEMENTS } from './subscription-credit-entitlements';
export type { SubscriptionCreditEntitlementsResult } from './subscription-credit-entitlements';
export { CREATE_CREDIT_GRANT } from './create-credit-grant';
export type { CreateCreditGrantInput, CreateCreditGrantResult } from './create-credit-grant';
export { buildStiggLookupQuery, STIGG_LOOKUP_KINDS } from './stigg-lookups';
export type { StiggLookupIds, StiggLookupKind, StiggLookupResult } from './stigg-lookups';
export { buildCreditBalancesAndEntitlementsQuery } from './credit-balances-and-entitlements';
export type { CreditBalancesAndEntitlementsResult } from './credit-balances-and-entitlements';
