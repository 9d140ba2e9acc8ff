import { CREDIT_BALANCE_FIELDS } from './fragments';
import type { StiggCreditBalanceNode } from './types';

/**
 * (d) Credit balances of many customers in one document: one aliased `creditBalanceSummary`
 * field per customer (the query the SDK's getCreditBalance sends, without the SDK's in-process
 * cache). An unknown customer fails the whole document (CustomerNotFound on a non-null field).
 */
export function buildCreditBalancesQuery(
  customerIds: string[],
  options: { currencyId?: string; resourceId?: string } = {},
): { document: string; variables: Record<string, unknown>; aliases: Array<{ alias: string; customerId: string }> } {
  if (customerIds.length === 0) throw new Error('buildCreditBalancesQuery: at least one customer id');
  const aliases = customerIds.map((customerId, i) => ({ alias: `c${i}`, customerId }));
  const params = aliases.map((a) => `$${a.alias}: String!`).join(', ');
  const fields = aliases
    .map(
      (a) =>
        `  ${a.alias}: creditBalanceSummary(input: { customerId: $${a.alias}, currencyId: $currencyId, resourceId: $resourceId }) {\n` +
        `    customerId\n    balances { ...GatewayCreditBalanceFields }\n  }`,
    )
    .join('\n');
  const document = `query CreditBalancesOfCustomers(${params}, $currencyId: String, $resourceId: String) {\n${fields}\n}\n${CREDIT_BALANCE_FIELDS}`;
  const variables: Record<string, unknown> = { currencyId: options.currencyId ?? null, resourceId: options.resourceId ?? null };
  for (const a of aliases) variables[a.alias] = a.customerId;
  return { document, variables, aliases };
}

export type CreditBalancesResult = Record<string, { customerId: string; balances: StiggCreditBalanceNode[] }>;

/** customerId -> balances, from the aliased result. */
export function readCreditBalances(
  data: CreditBalancesResult,
  aliases: Array<{ alias: string; customerId: string }>,
): Map<string, StiggCreditBalanceNode[]> {
  return new Map(aliases.map((a) => [a.customerId, data[a.alias]?.balances ?? []]));
}
