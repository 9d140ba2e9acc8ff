import { PAGE_INFO_FIELDS, SUBSCRIPTION_FIELDS } from './fragments';
import type { StiggConnection, StiggSubscriptionNode } from './types';

/**
 * (c) Subscriptions by id or by salesforceId, many in one request. The `subscriptions` list filter
 * has neither field, so this goes through `customers` with the documented nested filter
 * `subscriptions: { subscriptionId | salesforceId: { in } }` and reads each matching customer's
 * `subscriptions` (CustomerSubscription, the full documented type); `pickSubscriptions` keeps the
 * requested ones. Only subscriptions that have not ended are listed under a customer (the
 * emulator's reading, an assumption): to look up one id in any status use the SDK's
 * getSubscription.
 */
export const SUBSCRIPTIONS_BY_IDS = /* GraphQL */ `
query SubscriptionsByIds($filter: CustomerFilter!, $paging: CursorPaging) {
  customers(filter: $filter, paging: $paging) {
    edges { node { customerId subscriptions { ...GatewaySubscriptionFields } } }
    pageInfo { ...GatewayPageInfoFields }
  }
}
${SUBSCRIPTION_FIELDS}
${PAGE_INFO_FIELDS}`;

export interface SubscriptionsByIdsVariables {
  filter: { subscriptions: { subscriptionId: { in: string[] } } | { salesforceId: { in: string[] } } };
  paging: { first: number };
}

export interface SubscriptionsByIdsResult {
  customers: StiggConnection<{ customerId: string; subscriptions: StiggSubscriptionNode[] | null }>;
}

export function subscriptionsByIdsVariables(subscriptionIds: string[]): SubscriptionsByIdsVariables {
  return { filter: { subscriptions: { subscriptionId: { in: subscriptionIds } } }, paging: { first: Math.max(1, subscriptionIds.length) } };
}

export function subscriptionsBySalesforceIdsVariables(salesforceIds: string[]): SubscriptionsByIdsVariables {
  return { filter: { subscriptions: { salesforceId: { in: salesforceIds } } }, paging: { first: Math.max(1, salesforceIds.length) } };
}

/** The requested subscriptions out of the customers' lists, by subscriptionId or by salesforceId. */
export function pickSubscriptions(
  result: SubscriptionsByIdsResult,
  by: { subscriptionIds: string[] } | { salesforceIds: string[] },
): StiggSubscriptionNode[] {
  const all = result.customers.edges.flatMap((e) => e.node.subscriptions ?? []);
  if ('subscriptionIds' in by) {
    const wanted = new Set(by.subscriptionIds);
    return all.filter((s) => wanted.has(s.subscriptionId));
  }
  const wanted = new Set(by.salesforceIds);
  return all.filter((s) => s.salesforceId !== null && wanted.has(s.salesforceId));
}
