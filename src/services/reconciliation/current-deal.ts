import { Opportunity } from '../../domain/salesforce-records';
import { Subscription } from '../../domain/stigg-entities';

/**
 * Of the won opportunities that stand for one subscription (the deal that made it, whose id is the
 * subscription's salesforceId, and the amendments naming it in Stigg_Subscription_Id__c), the one
 * whose line items say what the subscription should be now: the latest to close; on the same day an
 * amendment before the original deal; then the later created (higher Id). Amendments therefore
 * count against the subscription's current state, and the original deal stops counting once
 * amended. (assumption) An amendment closes on or after the deal it amends.
 */
export function currentDeal(subscription: Subscription, deals: readonly Opportunity[]): Opportunity | null {
  const won = [...new Map(deals.filter((o) => o.isWon).map((o) => [o.id, o])).values()];
  const isOriginal = (o: Opportunity): number => Number(o.id === subscription.salesforceId);
  const rank = (a: Opportunity, b: Opportunity): number =>
    (a.closeDate ?? '').localeCompare(b.closeDate ?? '') || isOriginal(b) - isOriginal(a) || a.id.localeCompare(b.id);
  return won.sort(rank).pop() ?? null;
}
