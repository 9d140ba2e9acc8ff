import type { StiggCreditCadence, StiggMoney } from './types';

/**
 * The credit entitlements a subscription was provisioned with. assumption: the reference
 * documents the input only; `creditEntitlements` on CustomerSubscription is the emulator's
 * reading, kept out of the shared fragments so that only this document depends on it.
 */
export const SUBSCRIPTION_CREDIT_ENTITLEMENTS = /* GraphQL */ `
query SubscriptionCreditEntitlements($input: GetSubscriptionInput!) {
  getSubscription(input: $input) {
    subscriptionId
    creditEntitlements { customCurrencyId amount cadence price { amount currency } }
  }
}`;

export interface SubscriptionCreditEntitlementsResult {
  getSubscription: {
    subscriptionId: string;
    creditEntitlements: Array<{ customCurrencyId: string; amount: number; cadence: StiggCreditCadence; price: StiggMoney | null }> | null;
  };
}
