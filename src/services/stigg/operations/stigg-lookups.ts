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
 *
 * When both `subscriptionsById` and `subscriptionsBySalesforceId` have ids, they are one field,
 * `subscriptionsByIdOrSalesforceId`: `subscriptions(filter: { or: [{ subscriptionId: { in } },
 * { salesforceId: { in } }] })` (SubscriptionQueryFilter's `or`), so a subscription that answers
 * both (an opportunity's, named by its Stigg_Subscription_Id__c too) comes once, not twice; its
 * nodes answer both kinds, and the caller keeps, per kind, the ones whose key it asked for.
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

/** One aliased list field of a lookup document and the kinds its nodes answer. */
export interface StiggLookupField {
  alias: string;
  kinds: StiggLookupKind[];
}

/** The alias of the one field that asks for subscriptions by id and by salesforceId at once. */
export const SUBSCRIPTIONS_BY_ID_OR_SALESFORCE_ID = 'subscriptionsByIdOrSalesforceId';

function fieldsOf(kinds: StiggLookupKind[]): StiggLookupField[] {
  if (!kinds.includes('subscriptionsById') || !kinds.includes('subscriptionsBySalesforceId')) return kinds.map((kind) => ({ alias: kind, kinds: [kind] }));
  return kinds.filter((k) => k !== 'subscriptionsBySalesforceId').map((kind) => (kind === 'subscriptionsById'
    ? { alias: SUBSCRIPTIONS_BY_ID_OR_SALESFORCE_ID, kinds: ['subscriptionsById', 'subscriptionsBySalesforceId'] }
    : { alias: kind, kinds: [kind] }));
}

/**
 * The document and variables for the kinds that have ids (null when none has), and the fields
 * that ask for them. `afterOf` gives a field's cursor (by its alias) when a next page of it is wanted.
 */
export function buildStiggLookupQuery(
  ids: StiggLookupIds,
  pageSize: number,
  afterOf: Partial<Record<string, string>> = {},
): { document: string; variables: Record<string, unknown>; fields: StiggLookupField[] } | null {
  const kinds = STIGG_LOOKUP_KINDS.filter((k) => (ids[k]?.length ?? 0) > 0);
  if (kinds.length === 0) return null;
  const fields = fieldsOf(kinds);
  const variables: Record<string, unknown> = {};
  const params: string[] = [];
  const selections: string[] = [];
  for (const { alias, kinds: answered } of fields) {
    const subscriptions = SUBSCRIPTION_KINDS.has(answered[0]);
    const filters = answered.map((kind) => filterOf(kind, ids[kind]!));
    variables[`${alias}Filter`] = filters.length === 1 ? filters[0] : { or: filters };
    const first = Math.max(pageSize, answered.reduce((n, kind) => n + ids[kind]!.length * ITEMS_PER_ID[kind], 0));
    variables[`${alias}Paging`] = { first, ...(afterOf[alias] ? { after: afterOf[alias] } : {}) };
    params.push(`$${alias}Filter: ${subscriptions ? 'SubscriptionQueryFilter' : 'CustomerFilter'}!`, `$${alias}Paging: CursorPaging`);
    const root = subscriptions ? 'subscriptions' : 'customers';
    const selection = subscriptions ? '...GatewaySubscriptionQueryFields' : '...GatewayCustomerFields';
    selections.push(`  ${alias}: ${root}(filter: $${alias}Filter, paging: $${alias}Paging) {\n`
      + `    edges { node { ${selection} } }\n    pageInfo { hasNextPage endCursor }\n  }`);
  }
  const fragments = CUSTOMER_FIELDS + (kinds.some((k) => SUBSCRIPTION_KINDS.has(k)) ? SUBSCRIPTION_QUERY_FIELDS : '');
  return { document: `query GatewayLookups(${params.join(', ')}) {\n${selections.join('\n')}\n}${fragments}`, variables, fields };
}

/** A lookup document's answer, by alias (a kind, or SUBSCRIPTIONS_BY_ID_OR_SALESFORCE_ID). */
export type StiggLookupResult = Partial<{
  subscriptionsByIdOrSalesforceId: StiggConnection<StiggSubscriptionNode>;
  customersById: StiggConnection<StiggCustomerNode>;
  customersBySalesforceId: StiggConnection<StiggCustomerNode>;
  subscriptionsById: StiggConnection<StiggSubscriptionNode>;
  subscriptionsBySalesforceId: StiggConnection<StiggSubscriptionNode>;
  subscriptionsOfCustomers: StiggConnection<StiggSubscriptionNode>;
}>;
