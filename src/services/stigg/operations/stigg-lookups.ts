import { CUSTOMER_FIELDS, SUBSCRIPTION_QUERY_FIELDS } from './fragments';
import type { StiggConnection, StiggCustomerNode, StiggSubscriptionNode } from './types';

/**
 * Every customer and subscription lookup of one level of a gateway query in ONE request: one
 * aliased list field per kind of key that has ids (aliases of a root field in one document are
 * plain GraphQL, answered in one HTTP request):
 *
 * - `customersById`: `customers(filter: { customerId: { in } })`
 * - `customersBySalesforceId`: `customers(filter: { salesforceId: { in } })` (Salesforce Account ids)
 * - `subscriptionsById`: `subscriptions(filter: { subscriptionId: { in } })`
 * - `subscriptionsBySalesforceId`: `subscriptions(filter: { salesforceId: { in } })` (Opportunity ids)
 * - `subscriptionsOfCustomers`: `subscriptions(filter: { customer: { customerId: { in } } })`: every
 *   subscription of the customers, whatever its status (live ones and their history: CANCELED, EXPIRED)
 *
 * (docs.stigg.io graphql-reference: queries/customers with CustomerFilter, queries/subscriptions
 * with SubscriptionQueryFilter.) No kind filters by status: a caller that wants only live
 * subscriptions keeps those with a `LIVE_SUBSCRIPTION_STATUSES` status itself. A subscription
 * comes with its customer. Lists are paged (Stigg's default is 10 a page): a kind asks for
 * `pageSize` items, or a few per id when that is more (3 per id; 5 per customer for
 * `subscriptionsOfCustomers`, whose answer holds ended subscriptions too), and a kind whose page
 * says `hasNextPage` is asked again with its cursor (`afterOf`).
 */
export type StiggLookupKind =
  | 'customersById'
  | 'customersBySalesforceId'
  | 'subscriptionsById'
  | 'subscriptionsBySalesforceId'
  | 'subscriptionsOfCustomers';

export const STIGG_LOOKUP_KINDS: readonly StiggLookupKind[] = [
  'customersById', 'customersBySalesforceId', 'subscriptionsById', 'subscriptionsBySalesforceId', 'subscriptionsOfCustomers',
];

export type StiggLookupIds = Partial<Record<StiggLookupKind, readonly string[]>>;

const SUBSCRIPTION_KINDS = new Set<StiggLookupKind>(['subscriptionsById', 'subscriptionsBySalesforceId', 'subscriptionsOfCustomers']);

/** Items a lookup page has room for per id asked for: a salesforceId may name a few entities, a customer may have a few subscriptions, ended ones included. */
const ITEMS_PER_ID: Record<StiggLookupKind, number> = {
  customersById: 3, customersBySalesforceId: 3, subscriptionsById: 3, subscriptionsBySalesforceId: 3, subscriptionsOfCustomers: 5,
};

/** The statuses of a subscription that has not ended (the others are CANCELED and EXPIRED). No lookup filters by them. */
export const LIVE_SUBSCRIPTION_STATUSES = ['ACTIVE', 'IN_TRIAL', 'PAYMENT_PENDING', 'NOT_STARTED'] as const;

function filterOf(kind: StiggLookupKind, ids: readonly string[]): Record<string, unknown> {
  switch (kind) {
    case 'customersById':
      return { customerId: { in: ids } };
    case 'customersBySalesforceId':
      return { salesforceId: { in: ids } };
    case 'subscriptionsById':
      return { subscriptionId: { in: ids } };
    case 'subscriptionsBySalesforceId':
      return { salesforceId: { in: ids } };
    case 'subscriptionsOfCustomers':
      return { customer: { customerId: { in: ids } } };
  }
}

/**
 * The document and variables for the kinds that have ids (null when none has). `afterOf` gives a
 * kind's cursor when a next page of it is wanted.
 */
export function buildStiggLookupQuery(
  ids: StiggLookupIds,
  pageSize: number,
  afterOf: Partial<Record<StiggLookupKind, string>> = {},
): { document: string; variables: Record<string, unknown>; kinds: StiggLookupKind[] } | null {
  const kinds = STIGG_LOOKUP_KINDS.filter((k) => (ids[k]?.length ?? 0) > 0);
  if (kinds.length === 0) return null;
  const variables: Record<string, unknown> = {};
  const params: string[] = [];
  const fields: string[] = [];
  for (const kind of kinds) {
    const subscriptions = SUBSCRIPTION_KINDS.has(kind);
    variables[`${kind}Filter`] = filterOf(kind, ids[kind]!);
    const first = Math.max(pageSize, ids[kind]!.length * ITEMS_PER_ID[kind]);
    variables[`${kind}Paging`] = { first, ...(afterOf[kind] ? { after: afterOf[kind] } : {}) };
    params.push(`$${kind}Filter: ${subscriptions ? 'SubscriptionQueryFilter' : 'CustomerFilter'}!`, `$${kind}Paging: CursorPaging`);
    const root = subscriptions ? 'subscriptions' : 'customers';
    const selection = subscriptions ? '...GatewaySubscriptionQueryFields' : '...GatewayCustomerFields';
    fields.push(`  ${kind}: ${root}(filter: $${kind}Filter, paging: $${kind}Paging) {\n`
      + `    edges { node { ${selection} } }\n    pageInfo { hasNextPage endCursor }\n  }`);
  }
  const fragments = CUSTOMER_FIELDS + (kinds.some((k) => SUBSCRIPTION_KINDS.has(k)) ? SUBSCRIPTION_QUERY_FIELDS : '');
  return { document: `query GatewayLookups(${params.join(', ')}) {\n${fields.join('\n')}\n}${fragments}`, variables, kinds };
}

export type StiggLookupResult = Partial<{
  customersById: StiggConnection<StiggCustomerNode>;
  customersBySalesforceId: StiggConnection<StiggCustomerNode>;
  subscriptionsById: StiggConnection<StiggSubscriptionNode>;
  subscriptionsBySalesforceId: StiggConnection<StiggSubscriptionNode>;
  subscriptionsOfCustomers: StiggConnection<StiggSubscriptionNode>;
}>;
