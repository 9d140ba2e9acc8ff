import { CREDIT_GRANT_FIELDS, PAGE_INFO_FIELDS } from './fragments';
import type { StiggConnection, StiggCreditGrantNode } from './types';

/**
 * (e) Credit grants of many customers in one document: one aliased `creditGrants` field per
 * customer (the query of the SDK's getCreditGrants, without its cache). Grants carry
 * `additionalMetaData`, where the gateway keeps its idempotency key. An unknown customer fails
 * the whole document (CustomerNotFound).
 */
export function buildCreditGrantsQuery(
  customerIds: string[],
  options: { currencyId?: string; resourceId?: string; first?: number } = {},
): { document: string; variables: Record<string, unknown>; aliases: Array<{ alias: string; customerId: string }> } {
  if (customerIds.length === 0) throw new Error('buildCreditGrantsQuery: at least one customer id');
  const aliases = customerIds.map((customerId, i) => ({ alias: `c${i}`, customerId }));
  const params = aliases.map((a) => `$${a.alias}: String!`).join(', ');
  const fields = aliases
    .map(
      (a) =>
        `  ${a.alias}: creditGrants(input: { customerId: $${a.alias}, currencyId: $currencyId, resourceId: $resourceId, paging: { first: $first } }) {\n` +
        `    totalCount\n    pageInfo { ...GatewayPageInfoFields }\n    edges { node { ...GatewayCreditGrantFields } }\n  }`,
    )
    .join('\n');
  const document =
    `query CreditGrantsOfCustomers(${params}, $currencyId: String, $resourceId: String, $first: Int!) {\n${fields}\n}\n` +
    `${CREDIT_GRANT_FIELDS}\n${PAGE_INFO_FIELDS}`;
  const variables: Record<string, unknown> = {
    currencyId: options.currencyId ?? null,
    resourceId: options.resourceId ?? null,
    first: options.first ?? 100,
  };
  for (const a of aliases) variables[a.alias] = a.customerId;
  return { document, variables, aliases };
}

export type CreditGrantsResult = Record<string, StiggConnection<StiggCreditGrantNode> & { totalCount: number }>;

/** customerId -> grants (first page), from the aliased result. */
export function readCreditGrants(
  data: CreditGrantsResult,
  aliases: Array<{ alias: string; customerId: string }>,
): Map<string, StiggCreditGrantNode[]> {
  return new Map(aliases.map((a) => [a.customerId, (data[a.alias]?.edges ?? []).map((e) => e.node)]));
}
