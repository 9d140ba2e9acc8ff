import { CUSTOMER_FIELDS, PAGE_INFO_FIELDS } from './fragments';
import type { StiggConnection, StiggCustomerNode } from './types';

/**
 * (a) Customers by a list of ids in one request: the `customers` list query with the documented
 * filter `customerId: { in: [...] }` (Stigg docs: GraphQL API overview, "Filtering"; CustomerFilter).
 * Unknown ids are simply absent from the result.
 */
export const CUSTOMERS_BY_IDS = /* GraphQL */ `
query CustomersByIds($filter: CustomerFilter!, $paging: CursorPaging) {
  customers(filter: $filter, paging: $paging) {
    edges { node { ...GatewayCustomerFields } }
    pageInfo { ...GatewayPageInfoFields }
    totalCount
  }
}
${CUSTOMER_FIELDS}
${PAGE_INFO_FIELDS}`;

export interface CustomersByIdsVariables {
  filter: { customerId: { in: string[] } };
  paging: { first: number; after?: string };
}

export interface CustomersByIdsResult {
  customers: StiggConnection<StiggCustomerNode>;
}

export function customersByIdsVariables(customerIds: string[], after?: string): CustomersByIdsVariables {
  return { filter: { customerId: { in: customerIds } }, paging: { first: Math.max(1, customerIds.length), ...(after ? { after } : {}) } };
}
