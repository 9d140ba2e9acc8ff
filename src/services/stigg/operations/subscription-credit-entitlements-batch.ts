import type { StiggCreditCadence, StiggMoney } from './types';

/**
 * The credit entitlements of many subscriptions in one document: one aliased
 * getSubscription per id (the same field SUBSCRIPTION_CREDIT_ENTITLEMENTS reads;
 * `creditEntitlements` on a subscription is the emulator's reading, an assumption).
 */
export function buildSubscriptionCreditEntitlementsQuery(subscriptionIds: string[]): {
  document: string; variables: Record<string, unknown>; aliases: Array<{ alias: string; subscriptionId: string }>;
} {
  if (subscriptionIds.length === 0) throw new Error('buildSubscriptionCreditEntitlementsQuery: at least one subscription id');
  const aliases = subscriptionIds.map((subscriptionId, i) => ({ alias: `s${i}`, subscriptionId }));
  const params = aliases.map((a) => `$${a.alias}: String!`).join(', ');
  const fields = aliases.map((a) =>
    `  ${a.alias}: getSubscription(input: { subscriptionId: $${a.alias} }) {\n` +
    '    subscriptionId\n    creditEntitlements { customCurrencyId amount cadence price { amount currency } }\n  }').join('\n');
  const variables: Record<string, unknown> = {};
  for (const a of aliases) variables[a.alias] = a.subscriptionId;
  return { document: `query SubscriptionCreditEntitlementsBatch(${params}) {\n${fields}\n}`, variables, aliases };
}

export type SubscriptionCreditEntitlementsBatchResult = Record<string, {
  subscriptionId: string;
  creditEntitlements: Array<{ customCurrencyId: string; amount: number; cadence: StiggCreditCadence; price: StiggMoney | null }> | null;
} | null>;
