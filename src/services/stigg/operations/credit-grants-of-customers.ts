import { CREDIT_GRANT_FIELDS } from './fragments';
import type { StiggConnection, StiggCreditGrantNode } from './types';

/**
 * (e) Credit grants of many customers in one document: one aliased `creditGrants` field per
 * customer (docs.stigg.io graphql-reference queries/creditGrants; GetCreditGrantsInput takes
 * `paging`, 10 a page unless asked), each from its own cursor. Grants carry `additionalMetaData`,
 * where the gateway keeps its idempotency key. An unknown customer fails its alias
 * (CustomerNotFound).
 */
export function buildCreditGrantsQuery(
  customers: ReadonlyArray<{ customerId: string; after?: string | null }>,
  options: { currencyId?: string; resourceId?: string; first: number },
): { document: string; variables: Record<string, unknown>; aliases: Array<{ alias: string; customerId: string }> } {
  if (customers.length === 0) throw new Error('buildCreditGrantsQuery: at least one customer id');
  const aliases = customers.map((c, i) => ({ alias: `c${i}`, customerId: c.customerId }));
  const params = aliases.map((a) => `$${a.alias}: String!, $${a.alias}After: ConnectionCursor`).join(', ');
  const fields = aliases
    .map(
      (a) =>
        `  ${a.alias}: creditGrants(input: { customerId: $${a.alias}, currencyId: $currencyId, resourceId: $resourceId, paging: { first: $first, after: $${a.alias}After } }) {\n` +
        '    pageInfo { hasNextPage endCursor }\n    edges { node { ...GatewayCreditGrantFields } }\n  }',
    )
    .join('\n');
  const document =
    `query CreditGrantsOfCustomers(${params}, $currencyId: String, $resourceId: String, $first: Int!) {\n${fields}\n}\n${CREDIT_GRANT_FIELDS}`;
  const variables: Record<string, unknown> = {
    currencyId: options.currencyId ?? null,
    resourceId: options.resourceId ?? null,
    first: options.first,
  };
  customers.forEach((c, i) => {
    variables[`c${i}`] = c.customerId;
    variables[`c${i}After`] = c.after ?? null;
  });
  return { document, variables, aliases };
}

export type CreditGrantsResult = Record<string, StiggConnection<StiggCreditGrantNode> | null>;

/** customerId -> that page's grants and the cursor of its next page (null on its last page). */
export function readCreditGrants(
  data: CreditGrantsResult,
  aliases: Array<{ alias: string; customerId: string }>,
): Map<string, { grants: StiggCreditGrantNode[]; endCursor: string | null }> {
  return new Map(aliases.map((a) => {
    const page = data[a.alias];
    return [a.customerId, {
      grants: (page?.edges ?? []).map((e) => e.node),
      endCursor: page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
    }];
  }));
}
