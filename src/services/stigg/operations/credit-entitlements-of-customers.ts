/**
 * Credit balances of many customers in ONE document: one aliased `entitlementV2` per (customer,
 * custom currency), `b<i>_<j>` for customer i and currency j. Stigg's reference marks
 * creditBalanceSummary deprecated and names credit entitlements as the way to read a balance
 * (docs.stigg.io graphql-reference queries/entitlementV2 with `currencyId`; the answer is the
 * `CreditEntitlement` member of EntitlementUnion: `usageLimit` credits in force, `currentUsage`
 * consumed). The currencies are the catalog's.
 */
export function buildCreditEntitlementsQuery(customerIds: readonly string[], currencyIds: readonly string[]): {
  document: string;
  variables: Record<string, unknown>;
  aliases: Array<{ alias: string; customerId: string; currencyId: string }>;
} | null {
  if (customerIds.length === 0 || currencyIds.length === 0) return null;
  const variables: Record<string, unknown> = {};
  customerIds.forEach((id, i) => { variables[`c${i}`] = id; });
  currencyIds.forEach((id, j) => { variables[`k${j}`] = id; });
  const aliases = customerIds.flatMap((customerId, i) => currencyIds.map((currencyId, j) => ({ alias: `b${i}_${j}`, customerId, currencyId, i, j })));
  const params = [...customerIds.map((_, i) => `$c${i}: String!`), ...currencyIds.map((_, j) => `$k${j}: String`)].join(', ');
  const fields = aliases.map((a) => `  ${a.alias}: entitlementV2(query: { customerId: $c${a.i}, currencyId: $k${a.j} }) {\n`
    + '    __typename\n    ... on CreditEntitlement { currency { currencyId } usageLimit currentUsage isGranted }\n  }').join('\n');
  return {
    document: `query CreditEntitlementsOfCustomers(${params}) {\n${fields}\n}`,
    variables,
    aliases: aliases.map(({ alias, customerId, currencyId }) => ({ alias, customerId, currencyId })),
  };
}

export interface StiggCreditEntitlementNode {
  __typename: 'CreditEntitlement' | 'FeatureEntitlement';
  currency?: { currencyId: string };
  usageLimit?: number | null;
  currentUsage?: number | null;
  isGranted?: boolean;
}

export type CreditEntitlementsResult = Record<string, StiggCreditEntitlementNode | null>;
