/**
 * Exactly once against upstreams that replay and lose answers, and resumable
 * after a failure at any step: faults are injected in the emulators, the run
 * is read through the API, and the emulators' stores prove that no customer,
 * subscription or credit was made twice.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  ENTRY, Json, PROVISION, balanceOf, createDeal, customersOfAccount, errorOf, growthDeal, provision, resetCounters, salesforce,
  stiggState, writesCounted, writtenBack,
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
afterEach(() => {
  stack.sandbox.stigg.faults.clear();
  stack.sandbox.salesforce.faults.clear();
});

const steps = (run: Json) => run.steps.map((s: Json) => `${s.name}:${s.status}`);

/** One customer for the account and one live subscription for the opportunity, made by the gateway. */
function expectProvisionedOnce(deal: { accountId: string; opportunityId: string }): void {
  expect(customersOfAccount(stack, deal.accountId)).toHaveLength(1);
  const { subscriptions } = stiggState(stack, deal.opportunityId);
  expect(subscriptions.map((s) => s.subscriptionId)).toEqual([`sub-${deal.opportunityId}`]);
}

describe('replays and lost responses: one call, no duplicate', () => {
  it.each([
    ['the SDK replays provisionCustomer after a 503 whose create was committed', 'SERVICE_UNAVAILABLE'],
    ['the answer to provisionCustomer is lost (connection dropped after the commit)', 'DROP_CONNECTION'],
    ['Stigg answers 500 after provisionCustomer committed (the SDK does not replay a 500): the customer is looked up', 'SERVER_ERROR'],
  ] as const)('%s', async (_name, failure) => {
    const deal = await growthDeal(conn, `Replay customer ${failure}`);
    resetCounters(stack);
    stack.sandbox.stigg.faults.add({ operation: 'provisionCustomer', failure, phase: 'after', times: 1 });

    const run = await provision(stack, { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', customerId: deal.accountId, error: null });
    expect(writesCounted(stack)['stigg.provisionCustomer']).toBeGreaterThanOrEqual(1);
    expectProvisionedOnce(deal);
    expect(customersOfAccount(stack, deal.accountId)[0].email).toMatch(/@/);
  });

  it.each([
    ['a 500 after provisionSubscriptionV2 committed', 'SERVER_ERROR'],
    ['a 503 after provisionSubscriptionV2 committed', 'SERVICE_UNAVAILABLE'],
    ['the answer to provisionSubscriptionV2 is lost', 'DROP_CONNECTION'],
  ] as const)('%s: the subscription is found by its id and adopted, and its credits are granted once', async (_name, failure) => {
    const deal = await createDeal(conn, {
      name: `Replay subscription ${failure}`,
      lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 500 }, { entry: ENTRY.apiCredits, quantity: 5000, unitPrice: 0.05 }],
    });
    resetCounters(stack);
    stack.sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', failure, phase: 'after', times: 1 });

    const run = await provision(stack, { opportunityId: deal.opportunityId });
    expect(run).toMatchObject({ status: 'SUCCEEDED', subscriptionId: `sub-${deal.opportunityId}`, error: null });
    expect(writesCounted(stack)['stigg.provisionSubscriptionV2']).toBe(1);
    expectProvisionedOnce(deal);
    expect(balanceOf(stack, deal.accountId, 'currency-api-credits')).toBe(5000);
    expect(await writtenBack(conn, deal.opportunityId)).toMatchObject({ subscriptionId: `sub-${deal.opportunityId}`, status: 'Provisioned' });
  });
});

describe('a failure at a step comes back as data (FAILED, error with the step); asking again resumes from that step', () => {
  it('CUSTOMER: Stigg answers 500 to provisionCustomer', async () => {
    const deal = await growthDeal(conn, 'Fails at customer');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' };
    stack.sandbox.stigg.faults.add({ operation: 'provisionCustomer', failure: 'SERVER_ERROR', times: 1 });

    const failed = await provision(stack, input);
    expect(failed).toMatchObject({ status: 'FAILED', subscriptionId: null, error: { code: 'UPSTREAM_UNAVAILABLE', step: 'CUSTOMER' } });
    expect(failed.error.message).toMatch(/Stigg/);
    expect(steps(failed)).toEqual(['HOOK:SKIPPED', 'CUSTOMER:FAILED', 'SUBSCRIPTION:PENDING', 'WRITE_BACK:PENDING']);
    expect(failed.steps[1].error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', step: 'CUSTOMER' });
    expect(customersOfAccount(stack, deal.accountId)).toEqual([]);
    expect((await writtenBack(conn, deal.opportunityId)).status).toBe('Failed');

    const resumed = await provision(stack, input);
    expect(resumed).toMatchObject({ id: failed.id, status: 'SUCCEEDED', error: null });
    expect(steps(resumed)).toEqual(['HOOK:SKIPPED', 'CUSTOMER:SUCCEEDED', 'SUBSCRIPTION:SUCCEEDED', 'WRITE_BACK:SUCCEEDED']);
    expectProvisionedOnce(deal);
    expect(await writtenBack(conn, deal.opportunityId)).toMatchObject({ status: 'Provisioned', subscriptionId: `sub-${deal.opportunityId}` });
  });

  it('SUBSCRIPTION: Stigg answers 500 to provisionSubscriptionV2 before doing anything; the retry does not create the customer again', async () => {
    const deal = await growthDeal(conn, 'Fails at subscription');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' };
    stack.sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', failure: 'SERVER_ERROR', times: 1 });

    const failed = await provision(stack, input);
    expect(failed).toMatchObject({ status: 'FAILED', customerId: null, error: { code: 'UPSTREAM_UNAVAILABLE', step: 'SUBSCRIPTION' } });
    expect(steps(failed)).toEqual(['HOOK:SKIPPED', 'CUSTOMER:SUCCEEDED', 'SUBSCRIPTION:FAILED', 'WRITE_BACK:PENDING']);
    expect(customersOfAccount(stack, deal.accountId)).toHaveLength(1);
    expect(stiggState(stack, deal.opportunityId).subscriptions).toEqual([]);

    resetCounters(stack);
    const resumed = await provision(stack, input);
    expect(resumed).toMatchObject({ id: failed.id, status: 'SUCCEEDED', customerId: deal.accountId, subscriptionId: `sub-${deal.opportunityId}` });
    expect(writesCounted(stack)).toEqual({ 'stigg.provisionSubscriptionV2': 1, 'salesforce.update': 2 });
    expectProvisionedOnce(deal);
  });

  it('WRITE_BACK: Salesforce answers 500 to the PATCH; the retry writes back without touching Stigg', async () => {
    const deal = await growthDeal(conn, 'Fails at write-back');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' };
    stack.sandbox.salesforce.faults.add({ operation: 'update', failure: 'SERVER_ERROR', times: 1 });

    const failed = await provision(stack, input);
    expect(failed).toMatchObject({ status: 'FAILED', subscriptionId: `sub-${deal.opportunityId}`, error: { step: 'WRITE_BACK' } });
    expect(failed.error.code).toMatch(/^UPSTREAM_/);
    expect(steps(failed)).toEqual(['HOOK:SKIPPED', 'CUSTOMER:SUCCEEDED', 'SUBSCRIPTION:SUCCEEDED', 'WRITE_BACK:FAILED']);
    expect(await writtenBack(conn, deal.opportunityId)).toEqual({ subscriptionId: null, status: null, customerId: null });

    resetCounters(stack);
    const resumed = await provision(stack, input);
    expect(resumed).toMatchObject({ id: failed.id, status: 'SUCCEEDED', subscriptionId: `sub-${deal.opportunityId}` });
    expect(writesCounted(stack)).toEqual({ 'salesforce.update': 2 });
    expectProvisionedOnce(deal);
    expect(await writtenBack(conn, deal.opportunityId)).toEqual({
      subscriptionId: `sub-${deal.opportunityId}`, status: 'Provisioned', customerId: deal.accountId,
    });
  });

  it('a FAILED run asked with another input is ALREADY_PROVISIONED (its stored plan is the one resumed)', async () => {
    const deal = await growthDeal(conn, 'Fails then changes');
    stack.sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', failure: 'SERVER_ERROR', times: 1 });
    const failed = await provision(stack, { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' });
    expect(failed.status).toBe('FAILED');
    const other = await stack.graphql<Json>(PROVISION, { input: { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE', billingPeriod: 'ANNUALLY' } });
    expect(errorOf(other).extensions).toMatchObject({ code: 'ALREADY_PROVISIONED', runId: failed.id, status: 'FAILED' });
  });
});

describe('a subscription made outside the gateway', () => {
  it("is adopted when Stigg's own Salesforce Flow already provisioned the opportunity (salesforceId = opportunity id)", async () => {
    const deal = await growthDeal(conn, 'Flow made');
    const store = stack.sandbox.stigg.store;
    store.provisionCustomer({ customerId: deal.accountId, name: 'Flow made', email: 'buyer@flow-made.example', salesforceId: deal.accountId });
    store.provisionSubscription({
      customerId: deal.accountId, planId: 'plan-growth', subscriptionId: 'subscription-made-by-the-flow', salesforceId: deal.opportunityId,
      billingPeriod: 'MONTHLY', paymentCollectionMethod: 'INVOICE', skipTrial: true,
    } as never);

    resetCounters(stack);
    const run = await provision(stack, { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', customerId: deal.accountId, subscriptionId: 'subscription-made-by-the-flow' });
    expect(writesCounted(stack)['stigg.provisionSubscriptionV2']).toBeUndefined();
    expect(writesCounted(stack)['stigg.provisionCustomer']).toBeUndefined();
    expect(stiggState(stack, deal.opportunityId).subscriptions.map((s) => [s.subscriptionId, s.status]))
      .toEqual([['subscription-made-by-the-flow', 'PAYMENT_PENDING']]);
    expect(await writtenBack(conn, deal.opportunityId)).toMatchObject({ subscriptionId: 'subscription-made-by-the-flow', status: 'Provisioned' });
  });
});
