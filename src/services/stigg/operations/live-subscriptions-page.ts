import { LIVE_SUBSCRIPTION_STATUSES } from './stigg-lookups';
import { CUSTOMER_FIELDS, SUBSCRIPTION_QUERY_FIELDS } from './fragments';
import type { StiggConnection, StiggSubscriptionNode } from './types';

/**
 * One keyset page of the subscriptions that have not ended, in subscription id order: Stigg's
 * `subscriptions` list (docs.stigg.io graphql-reference queries/subscriptions; filter
 * SubscriptionQueryFilter, sorting SubscriptionQuerySort with field `subscriptionId`) filtered by
 * `status: { in: LIVE_SUBSCRIPTION_STATUSES }` and `subscriptionId: { gt: <the last id seen> }`,
 * sorted by `subscriptionId` ASC. Keyset, not Stigg's cursor: a subscription that starts or ends
 * between two pages moves no other one. `customer` narrows the list to the customers of one
 * Salesforce Account (their salesforceId, or the customer id the Account's field names).
 * (assumption) Stigg orders subscription ids as plain strings, as `gt` compares them.
 */
export const LIVE_SUBSCRIPTIONS_PAGE = /* GraphQL */ `
query GatewayLiveSubscriptionsPage($filter: SubscriptionQueryFilter!, $paging: CursorPaging, $sorting: [SubscriptionQuerySort!]) {
  subscriptions(filter: $filter, paging: $paging, sorting: $sorting) {
    edges { node { ...GatewaySubscriptionQueryFields } }
    pageInfo { hasNextPage endCursor }
  }
}${CUSTOMER_FIELDS}${SUBSCRIPTION_QUERY_FIELDS}`;

export interface LiveSubscriptionsPageArgs {
  /** The last subscription id of the previous page; null for the first page. */
  afterId: string | null;
  first: number;
  /** Only subscriptions of customers whose salesforceId is one of these Account ids, or whose id is one of `customerIds`. */
  account?: { salesforceIds: string[]; customerIds: string[] } | null;
}

export function liveSubscriptionsPageVariables(args: LiveSubscriptionsPageArgs): Record<string, unknown> {
  const and: Array<Record<string, unknown>> = [{ status: { in: [...LIVE_SUBSCRIPTION_STATUSES] } }];
  if (args.afterId) and.push({ subscriptionId: { gt: args.afterId } });
  if (args.account) {
    const or: Array<Record<string, unknown>> = [{ customer: { salesforceId: { in: args.account.salesforceIds } } }];
    if (args.account.customerIds.length > 0) or.push({ customerId: { in: args.account.customerIds } });
    and.push({ or });
  }
  return {
    filter: { and },
    paging: { first: args.first },
    sorting: [{ field: 'subscriptionId', direction: 'ASC' }],
  };
}

export interface LiveSubscriptionsPageResult {
  subscriptions: StiggConnection<StiggSubscriptionNode>;
}
