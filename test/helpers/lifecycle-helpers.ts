/**
 * Helpers of the subscription lifecycle suites (amendments, cancellations, renewals): the
 * documents, and amendment opportunities made through jsforce (an opportunity of an account that
 * names the subscription it changes).
 */
import * as jsforce from 'jsforce';
import { GraphqlResult, TestStack } from './test-stack';
import { createDeal, DealLine, Json, RUN_FIELDS, PLAN_FIELDS } from './provisioning-helpers';

export const AMEND = `mutation Amend($input: AmendSubscriptionInput!) { amendSubscription(input: $input) { ${RUN_FIELDS} } }`;
export const CANCEL = `mutation Cancel($input: CancelSubscriptionInput!) { cancelSubscription(input: $input) { ${RUN_FIELDS} } }`;
export const WITHDRAW = `mutation Withdraw($input: WithdrawScheduledChangeInput!) {
  withdrawScheduledChange(input: $input) { id status planId cancellationDate scheduledChanges { effectiveAt description } } }`;
export const PREVIEW_AMENDMENT = `query PreviewAmendment($input: AmendSubscriptionInput!) { previewAmendment(input: $input) {
  subscriptionId changes { field before after } scheduled effectiveAt warnings
  cost { immediateTotal { amount currency } recurringTotal { amount currency } billingPeriodEnd }
  plan { ${PLAN_FIELDS} } } }`;

function dataOf(result: GraphqlResult<Json>, field: string): Json {
  if (result.body.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.body.errors)}`);
  return result.body.data[field];
}

export async function amend(stack: TestStack, input: Record<string, unknown>): Promise<Json> {
  return dataOf(await stack.graphql(AMEND, { input }), 'amendSubscription');
}

export async function cancel(stack: TestStack, input: Record<string, unknown>): Promise<Json> {
  return dataOf(await stack.graphql(CANCEL, { input }), 'cancelSubscription');
}

export async function withdraw(stack: TestStack, subscriptionId: string): Promise<Json> {
  return dataOf(await stack.graphql(WITHDRAW, { input: { subscriptionId } }), 'withdrawScheduledChange');
}

export async function previewAmendment(stack: TestStack, input: Record<string, unknown>): Promise<Json> {
  return dataOf(await stack.graphql(PREVIEW_AMENDMENT, { input }), 'previewAmendment');
}

/** A Closed Won amendment of `accountId` naming `subscriptionId` (Stigg_Subscription_Id__c), with `type` (Opportunity.Type). */
export async function amendmentDeal(conn: jsforce.Connection, options: {
  name: string; accountId: string; subscriptionId: string | null; lines: DealLine[]; type?: string;
}): Promise<string> {
  const { opportunityId } = await createDeal(conn, { name: options.name, accountId: options.accountId, contactEmail: null, lines: options.lines });
  const result = await conn.sobject('Opportunity').update({
    Id: opportunityId, Type: options.type ?? 'Existing Customer - Upgrade',
    ...(options.subscriptionId ? { Stigg_Subscription_Id__c: options.subscriptionId } : {}),
  }) as Json;
  if (!result.success) throw new Error(`update failed: ${JSON.stringify(result)}`);
  return opportunityId;
}
