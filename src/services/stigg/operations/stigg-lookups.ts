import { CUSTOMER_FIELDS, SUBSCRIPTION_FIELDS } from './fragments';
import type { StiggCustomerNode, StiggSubscriptionNode } from './types';

/**
 * Every customer and subscription lookup of one level of a gateway query in ONE request: up to five
 * aliased `customers` fields (the documented list query with the documented CustomerFilter, as in
 * CUSTOMERS_BY_IDS and SUBSCRIPTIONS_BY_IDS), one per kind of key that has ids:
 *
 * - `customersById`: `customerId: { in }`
 * - `customersBySalesforceId`: `salesforceId: { in }` (Salesforce Account ids)
 * - `subscriptionsById`: `subscriptions: { subscriptionId: { in } }`, the matching customers' subscriptions
 * - `subscriptionsBySalesforceId`: `subscriptions: { salesforceId: { in } }` (Opportunity ids)
 * - `subscriptionsOfCustomers`: `customerId: { in }`, each customer's subscriptions
 *
 * Aliases of one root field in one document are plain GraphQL; Stigg (and the emulator) answer
 * them in one HTTP request. A subscription lookup returns each matching customer (its fields too)
 * with every live subscription of it: callers keep the ones they asked for.
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

function filterOf(kind: StiggLookupKind, ids: readonly string[]): Record<string, unknown> {
  switch (kind) {
    case 'customersById':
    case 'subscriptionsOfCustomers':
      return { customerId: { in: ids } };
    case 'customersBySalesforceId':
      return { salesforceId: { in: ids } };
    case 'subscriptionsById':
      return { subscriptions: { subscriptionId: { in: ids } } };
    case 'subscriptionsBySalesforceId':
      return { subscriptions: { salesforceId: { in: ids } } };
  }
}

/**
 * The document and variables for the kinds that have ids (null when none has). Customers are
 * paged at 5 per id: a salesforceId is not unique in Stigg, and one lookup page is all we read.
 */
export function buildStiggLookupQuery(ids: StiggLookupIds): { document: string; variables: Record<string, unknown>; kinds: StiggLookupKind[] } | null {
  const kinds = STIGG_LOOKUP_KINDS.filter((k) => (ids[k]?.length ?? 0) > 0);
  if (kinds.length === 0) return null;
  const variables: Record<string, unknown> = {};
  const params: string[] = [];
  const fields: string[] = [];
  for (const kind of kinds) {
    const list = ids[kind]!;
    variables[`${kind}Filter`] = filterOf(kind, list);
    variables[`${kind}Paging`] = { first: list.length * 5 };
    params.push(`$${kind}Filter: CustomerFilter!`, `$${kind}Paging: CursorPaging`);
    // A subscription's customer comes with it: `Subscription.customer` then costs nothing.
    const selection = SUBSCRIPTION_KINDS.has(kind)
      ? '...GatewayCustomerFields subscriptions { ...GatewaySubscriptionFields }'
      : '...GatewayCustomerFields';
    fields.push(`  ${kind}: customers(filter: $${kind}Filter, paging: $${kind}Paging) {\n    edges { node { ${selection} } }\n  }`);
  }
  const fragments = CUSTOMER_FIELDS + (kinds.some((k) => SUBSCRIPTION_KINDS.has(k)) ? SUBSCRIPTION_FIELDS : '');
  return { document: `query GatewayLookups(${params.join(', ')}) {\n${fields.join('\n')}\n}${fragments}`, variables, kinds };
}

interface Edges<T> {
  edges: Array<{ node: T }>;
}

type CustomerSubscriptions = StiggCustomerNode & { subscriptions: StiggSubscriptionNode[] | null };

export type StiggLookupResult = Partial<{
  customersById: Edges<StiggCustomerNode>;
  customersBySalesforceId: Edges<StiggCustomerNode>;
  subscriptionsById: Edges<CustomerSubscriptions>;
  subscriptionsBySalesforceId: Edges<CustomerSubscriptions>;
  subscriptionsOfCustomers: Edges<CustomerSubscriptions>;
}>;
