/**
 * Sandbox control standing in for usage Stigg deducts from a customer's credits (real Stigg
 * deducts as usage events of credit-priced features arrive): `amount` credits of `currencyId` come
 * off the customer's ACTIVE grants, the lowest priority number first, then the one expiring first
 * (assumption: Stigg's consumption order), never below zero.
 */
import { SandboxError, StiggStore } from '../store';

export function consumeCredits(store: StiggStore, customerId: string, currencyId: string, amount: number): { consumed: number } {
  if (!Number.isFinite(amount) || amount <= 0) throw new SandboxError(400, '`amount` must be a positive number');
  if (!store.customers.has(customerId)) throw new SandboxError(404, `Customer not found: ${customerId}`);
  if (!store.currencies.has(currencyId)) throw new SandboxError(404, `Custom currency not found: ${currencyId}`);
  const now = store.now();
  const grants = store.grantsOf(customerId, { currencyId })
    .filter((g) => (g.resourceId ?? null) === null && store.grantStatus(g) === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority || (a.expireAt ?? '9999').localeCompare(b.expireAt ?? '9999'));
  let left = amount;
  for (const g of grants) {
    const take = Math.min(left, g.amount - g.consumedAmount);
    if (take <= 0) continue;
    g.consumedAmount += take;
    g.updatedAt = now;
    left -= take;
    if (left <= 0) break;
  }
  return { consumed: amount - left };
}
