/**
 * A provisioning Stigg schedules instead of applying (docs.stigg.io graphql-reference
 * types/ProvisionSubscriptionResult `isScheduled`; a downgrade waits for the end of the billing
 * period) is not reported as done: the run says SCHEDULED with effectiveAt, Salesforce says
 * 'Scheduled', and the read graph shows the pending change on the subscription that runs until then.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  createDeal, ENTRY, provision, resetCounters, salesforce, sandboxPost, stiggState, subscription, writesCounted, writtenBack,
} from '../helpers/provisioning-helpers';

let stack: TestStack;
let conn: jsforce.Connection;

beforeAll(async () => {
  stack = await startTestStack();
  conn = salesforce(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('a downgrade Stigg schedules for the end of the billing period', () => {
  let growth: { opportunityId: string; accountId: string };
  let free: { opportunityId: string };

  beforeAll(async () => {
    growth = await createDeal(conn, { name: 'Scheduled Co', lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 500 }] });
    const first = await provision(stack, { opportunityId: growth.opportunityId, paymentCollectionMethod: 'NONE' });
    expect(first.status).toBe('SUCCEEDED');
    free = await createDeal(conn, { name: 'Scheduled Co', accountId: growth.accountId, lines: [{ entry: ENTRY.freePlan, quantity: 1, unitPrice: 0 }] });
  });

  it('the run is SCHEDULED with effectiveAt = the end of the current billing period, and nothing runs twice', async () => {
    const current = stiggState(stack, growth.opportunityId).live[0];
    const run = await provision(stack, { opportunityId: free.opportunityId });
    expect(run).toMatchObject({ status: 'SCHEDULED', subscriptionId: `sub-${free.opportunityId}`, error: null });
    expect(run.effectiveAt).toBe(new Date(current.currentBillingPeriodEnd!).toISOString());
    expect(run.steps.map((s: { status: string }) => s.status)).toEqual(['SKIPPED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(await writtenBack(conn, free.opportunityId)).toMatchObject({ subscriptionId: `sub-${free.opportunityId}`, status: 'Scheduled' });

    // Asked again with the same input: the same run, and no write anywhere.
    resetCounters(stack);
    const again = await provision(stack, { opportunityId: free.opportunityId });
    expect(again).toMatchObject({ id: run.id, status: 'SCHEDULED', effectiveAt: run.effectiveAt });
    expect(writesCounted(stack)).toEqual({});
  });

  it('the read graph shows the pending change on the subscription that runs until then', async () => {
    const current = await subscription(stack, `sub-${growth.opportunityId}`);
    expect(current).toMatchObject({ status: 'ACTIVE', planId: 'plan-growth', cancellationDate: null });
    expect(current.scheduledChanges).toEqual([
      { effectiveAt: new Date(stiggState(stack, growth.opportunityId).live[0].currentBillingPeriodEnd!).toISOString(), description: 'Downgrade to plan-free' },
    ]);
    expect(await subscription(stack, `sub-${free.opportunityId}`)).toBeNull();
  });

  it('when Stigg applies it, the subscription asked for exists and the change is no longer pending', async () => {
    await sandboxPost(stack.sandbox.stigg.url, `/__sandbox/subscriptions/${encodeURIComponent(`sub-${growth.opportunityId}`)}/run-schedules`);
    expect(await subscription(stack, `sub-${free.opportunityId}`)).toMatchObject({ status: 'ACTIVE', planId: 'plan-free', scheduledChanges: [] });
    expect((await subscription(stack, `sub-${growth.opportunityId}`)).scheduledChanges).toEqual([]);
  });
});
