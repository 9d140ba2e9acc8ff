/**
 * Stigg's published rate limits (docs.stigg.io, "Rate limits", GraphQL API), by the
 * operation names the gateway's Stigg services use (`StiggGateway.run` /
 * `StiggBatchReader.run`). Limits apply per API key (environment); a request must
 * pass both the operation's limit and, for mutations, the entity-level limit of
 * the customer, subscription or customer:resource it changes.
 *
 * The documentation gives calls per minute, not the algorithm; where two
 * versions of the page disagree (creditGrants 500 or 1,500; createCreditGrant
 * 250 or 500) the lower figure is used.
 */
export const STIGG_LIMIT_WINDOW_MS = 60_000;

/** Calls per minute, per gateway operation name. Operations not listed are not paced. */
export const STIGG_OPERATION_LIMITS: Readonly<Record<string, number>> = {
  provisionCustomer: 250,
  updateCustomer: 250, // updateOneCustomer
  provisionSubscription: 250, // provisionSubscriptionV2
  createCreditGrant: 250,
  voidCreditGrant: 500,
  getCustomer: 3_000, // getCustomerByRefId
  getSubscription: 3_000,
  subscriptions: 1_500,
  creditBalanceSummary: 500,
  creditGrants: 500,
};

/** Mutations counted against the entity (customerId, or customerId:resourceId) they change. */
export const STIGG_ENTITY_LIMIT = 30;
export const STIGG_ENTITY_LIMITED_OPERATIONS: ReadonlySet<string> = new Set([
  'provisionCustomer', 'updateCustomer', 'provisionSubscription', 'createCreditGrant',
]);

/** The entity bucket key Stigg routes a mutation to: `customerId`, or `customerId:resourceId`. */
export function stiggEntityKey(customerId: string, resourceId?: string | null): string {
  return resourceId ? `${customerId}:${resourceId}` : customerId;
}
