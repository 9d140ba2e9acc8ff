/** When a cancellation takes effect (the API's CancellationTime; Stigg's SubscriptionCancellationTime). */
export type CancellationTime = 'IMMEDIATE' | 'END_OF_BILLING_PERIOD' | 'SPECIFIC_DATE';

/** What a cancellation run does: the subscription, when, and the opportunity that made it (the run's key and write-back). */
export interface CancellationPlan {
  kind: 'CANCELLATION';
  subscriptionId: string;
  customerId: string;
  /** The opportunity that made the subscription (Stigg's salesforceId, else the opportunity naming it). */
  opportunityId: string;
  when: CancellationTime;
  /** ISO 8601; SPECIFIC_DATE only. */
  endDate: string | null;
}
