import { PAGE_INFO_FIELDS, SUBSCRIPTION_LIST_FIELDS } from './fragments';
import type { StiggConnection, StiggSubscriptionListNode, StiggSubscriptionStatus } from './types';

/**
 * (b) Subscriptions of many customers in one request: the `subscriptions` list query with the
 * documented SubscriptionQueryFilter (`customerId: { in }`, optionally `status: { in }`), the
 * filter the SDK's getSubscriptions uses with `eq`. The list item (SubscriptionQuery) carries the
 * fields below; for prices, entitlements, payment method or salesforceId read the subscriptions
 * through SUBSCRIPTIONS_BY_IDS or the SDK's getSubscription.
 */
export const SUBSCRIPTIONS_OF_CUSTOMERS = /* GraphQL */ `
query SubscriptionsOfCustomers($filter: SubscriptionQueryFilter!, $paging: CursorPaging, $sorting: [SubscriptionQuerySort!]) {
  subscriptions(filter: $filter, paging: $paging, sorting: $sorting) {
    edges { node { ...GatewaySubscriptionListFields } }
    pageInfo { ...GatewayPageInfoFields }
  }
}
${SUBSCRIPTION_LIST_FIELDS}
${PAGE_INFO_FIELDS}`;

export interface SubscriptionsOfCustomersVariables {
  filter: { customerId: { in: string[] }; status?: { in: StiggSubscriptionStatus[] } };
  paging: { first: number; after?: string };
  sorting: Array<{ field: 'createdAt'; direction: 'ASC' | 'DESC' }>;
}

export interface SubscriptionsOfCustomersResult {
  subscriptions: StiggConnection<StiggSubscriptionListNode>;
}

export function subscriptionsOfCustomersVariables(
  customerIds: string[],
  options: { statuses?: StiggSubscriptionStatus[]; first?: number; after?: string } = {},
): SubscriptionsOfCustomersVariables {
  return {
    filter: {
      customerId: { in: customerIds },
      ...(options.statuses && options.statuses.length > 0 ? { status: { in: options.statuses } } : {}),
    },
    paging: { first: options.first ?? 100, ...(options.after ? { after: options.after } : {}) },
    sorting: [{ field: 'createdAt', direction: 'ASC' }],
  };
}
