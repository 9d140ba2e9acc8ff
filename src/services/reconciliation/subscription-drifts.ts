import { Opportunity } from '../../domain/salesforce-records';
import { Subscription } from '../../domain/stigg-entities';
import { Drift } from './drift';

/** A live subscription and the opportunities that might be its deal. */
export interface SubscriptionOrigin {
  subscription: Subscription;
  /** The opportunity its salesforceId names, if Salesforce has it. */
  named: Opportunity | null;
  /** The opportunity whose Stigg_Subscription_Id__c names it, if any. */
  namingIt: Opportunity | null;
}

/**
 * SUBSCRIPTION_WITHOUT_OPPORTUNITY: a subscription that has not ended and whose salesforceId names
 * no opportunity (none set, and no opportunity names it in Salesforce; or an id Salesforce does not
 * have), or names a lost one (closed, not won). Null when it has its deal (an open opportunity
 * counts: a trial may start before the deal closes).
 */
export function subscriptionWithoutOpportunity(o: SubscriptionOrigin): Drift | null {
  const sub = o.subscription;
  const base = {
    kind: 'SUBSCRIPTION_WITHOUT_OPPORTUNITY' as const, subscriptionId: sub.id, customerId: sub.customerId,
    field: 'salesforceId', stiggValue: sub.salesforceId,
  };
  if (sub.salesforceId === null) {
    if (o.namingIt) return null;
    return {
      ...base, opportunityId: null, salesforceValue: null,
      message: `Stigg's subscription ${sub.id} (${sub.status}, plan ${sub.planId}) names no Salesforce opportunity, and no opportunity names it.`,
    };
  }
  if (!o.named) {
    return {
      ...base, opportunityId: null, salesforceValue: null,
      message: `Stigg's subscription ${sub.id} (${sub.status}) names opportunity ${sub.salesforceId}, which Salesforce does not have.`,
    };
  }
  if (o.named.isClosed && !o.named.isWon) {
    return {
      ...base, opportunityId: o.named.id, salesforceValue: o.named.stageName,
      message: `Stigg's subscription ${sub.id} (${sub.status}) belongs to opportunity ${o.named.id} ('${o.named.name}'), which is ${o.named.stageName}.`,
    };
  }
  return null;
}
