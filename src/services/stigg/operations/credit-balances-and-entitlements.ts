import { CREDIT_BALANCE_FIELDS } from './fragments';
import type { StiggCreditBalanceNode, StiggCreditCadence, StiggMoney } from './types';

/**
 * Credit balances of many customers AND the credit entitlements of many
 * subscriptions in ONE document: one aliased `creditBalanceSummary` per
 * customer (`c<i>`, the query of the SDK's getCreditBalance, without its
 * cache) and one aliased `getSubscription` per subscription (`s<i>`, selecting
 * `creditEntitlements` — the emulator's reading, an assumption). A portal
 * query asks for both at the same level (a subscription's credit entitlements,
 * its customer's balances): one request instead of two.
 */
export function buildCreditBalancesAndEntitlementsQuery(customerIds: readonly string[], subscriptionIds: readonly string[]): {
  document: string;
  variables: Record<string, unknown>;
  customers: Array<{ alias: string; customerId: string }>;
  subscriptions: Array<{ alias: string; subscriptionId: string }>;
} | null {
  if (customerIds.length === 0 && subscriptionIds.length === 0) return null;
  const customers = customerIds.map((customerId, i) => ({ alias: `c${i}`, customerId }));
  const subscriptions = subscriptionIds.map((subscriptionId, i) => ({ alias: `s${i}`, subscriptionId }));
  const variables: Record<string, unknown> = {};
  for (const c of customers) variables[c.alias] = c.customerId;
  for (const s of subscriptions) variables[s.alias] = s.subscriptionId;
  const params = [...customers, ...subscriptions].map((a) => `$${a.alias}: String!`).join(', ');
  const fields = [
    ...customers.map((a) => `  ${a.alias}: creditBalanceSummary(input: { customerId: $${a.alias} }) {\n    customerId\n    balances { ...GatewayCreditBalanceFields }\n  }`),
    ...subscriptions.map((a) => `  ${a.alias}: getSubscription(input: { subscriptionId: $${a.alias} }) {\n`
      + '    subscriptionId\n    creditEntitlements { customCurrencyId amount cadence price { amount currency } }\n  }'),
  ].join('\n');
  const fragments = customers.length > 0 ? `\n${CREDIT_BALANCE_FIELDS}` : '';
  return { document: `query CreditBalancesAndEntitlements(${params}) {\n${fields}\n}${fragments}`, variables, customers, subscriptions };
}

export type CreditBalancesAndEntitlementsResult = Record<string, {
  customerId?: string;
  balances?: StiggCreditBalanceNode[];
  subscriptionId?: string;
  creditEntitlements?: Array<{ customCurrencyId: string; amount: number; cadence: StiggCreditCadence; price: StiggMoney | null }> | null;
} | null>;
