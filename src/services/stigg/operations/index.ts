export { StiggOperations, StiggOperationError } from './stigg-operations';
export type { StiggOperationsOptions, StiggGraphQLErrorInfo, PartialResult } from './stigg-operations';
export * from './types';
export { buildCreditGrantsQuery, readCreditGrants } from './credit-grants-of-customers';
export type { CreditGrantsResult } from './credit-grants-of-customers';
export { CATALOG, CATALOG_LISTS, catalogPageVariables } from './catalog';
export type { CatalogList, CatalogNodes, CatalogResult, CatalogCustomCurrencyNode, CatalogPriceNode, CatalogEntitlementNode } from './catalog';
export { PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS } from './provision-subscription-with-entitlements';
export type {
  ProvisionSubscriptionWithEntitlementsInput,
  ProvisionSubscriptionWithEntitlementsResult,
  MoneyInput,
} from './provision-subscription-with-entitlements';
export { CREATE_CREDIT_GRANT, VOID_CREDIT_GRANT } from './create-credit-grant';
export type { CreateCreditGrantInput, CreateCreditGrantResult, VoidCreditGrantResult } from './create-credit-grant';
export { buildStiggLookupQuery, LIVE_SUBSCRIPTION_STATUSES, STIGG_LOOKUP_KINDS } from './stigg-lookups';
export type { StiggLookupIds, StiggLookupKind, StiggLookupResult } from './stigg-lookups';
export { buildCreditEntitlementsQuery } from './credit-entitlements-of-customers';
export type { CreditEntitlementsResult, StiggCreditEntitlementNode } from './credit-entitlements-of-customers';
export { UPDATE_SUBSCRIPTION, CANCEL_SUBSCRIPTION, PREVIEW_SUBSCRIPTION, CANCEL_SCHEDULE } from './subscription-lifecycle';
export type {
  StiggScheduleStrategy, UpdateSubscriptionInput, UpdateSubscriptionResult, CancelSubscriptionInput, CancelSubscriptionResult,
  PreviewSubscriptionInput, PreviewSubscriptionResult, CancelScheduleResult,
} from './subscription-lifecycle';
export { LIVE_SUBSCRIPTIONS_PAGE, liveSubscriptionsPageVariables } from './live-subscriptions-page';
export type { LiveSubscriptionsPageArgs, LiveSubscriptionsPageResult } from './live-subscriptions-page';
