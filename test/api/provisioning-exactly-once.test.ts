/**
 * Exactly once, keyed by (opportunity, kind): the same input returns the
 * SUCCEEDED run touching nothing upstream; another input is ALREADY_PROVISIONED;
 * idempotency keys; 20 concurrent calls make one run, one customer, one
 * subscription; a RUNNING run whose lease expired (a crashed replica) is
 * resumed, adopting what the crashed attempt had already made in Stigg.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  Json, OPP, PROVISION, customersOfAccount, errorOf, growthDeal, provision, requestsCounted, resetCounters, salesforce, stiggState, writesCounted, writtenBack,
} from '../helpers/provisioning-helpers';
import { createGatewayContext } from '../../src/context/gateway-context';
import { SANDBOX_PRINCIPAL } from '../../src/domain/principal';
import { provisioningRequestFrom, requestIdentity } from '../../src/services/provisioning/provisioning-request';
import { requestHash } from '../../src/services/provisioning/request-hash';

let stack: TestStack;
let conn: jsforce.Connection;

beforeAll(async () => {
  stack = await startTestStack();
  conn = salesforce(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('the same input twice', () => {
  it('returns the SUCCEEDED run and touches nothing: no upstream request at all', async () => {
    const input = { opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE' };
    const first = await provision(stack, input);
    expect(first.status).toBe('SUCCEEDED');

    resetCounters(stack);
    const again = await provision(stack, { ...input, opportunityId: OPP.globex.slice(0, 15) }); // the 15-character id is the same opportunity
    expect(again).toEqual(first);
    expect(requestsCounted(stack)).toEqual({});
  });

  it('another input for a provisioned opportunity is ALREADY_PROVISIONED, naming the run', async () => {
    const run = await provision(stack, { opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE' });
    resetCounters(stack);
    const other = await stack.graphql<Json>(PROVISION, { input: { opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE', billingPeriod: 'ANNUALLY' } });
    expect(errorOf(other).extensions).toMatchObject({ code: 'ALREADY_PROVISIONED', runId: run.id, status: 'SUCCEEDED' });
    expect(writesCounted(stack)).toEqual({});
    expect(stiggState(stack, OPP.globex).subscriptions).toHaveLength(1);
  });
});

describe('idempotency keys', () => {
  it('the same key returns the same run; the key with another input is IDEMPOTENCY_KEY_REUSED', async () => {
    const deal = await growthDeal(conn, 'Keyed');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE', idempotencyKey: 'deal-keyed-1' };
    const first = await provision(stack, input);
    expect(first.status).toBe('SUCCEEDED');
    resetCounters(stack);
    expect(await provision(stack, input)).toEqual(first);
    expect(writesCounted(stack)).toEqual({});

    const reused = await stack.graphql<Json>(PROVISION, { input: { ...input, billingPeriod: 'ANNUALLY' } });
    expect(errorOf(reused).extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    const elsewhere = await stack.graphql<Json>(PROVISION, { input: { ...input, opportunityId: OPP.acme } });
    expect(errorOf(elsewhere).extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(writesCounted(stack)).toEqual({});
    expect(stiggState(stack, OPP.acme).subscriptions).toEqual([]);
  });

  it('a key used for one opportunity, sent with another opportunity already provisioned, is IDEMPOTENCY_KEY_REUSED (not the other run)', async () => {
    const keyed = await growthDeal(conn, 'Key owner');
    const other = await growthDeal(conn, 'Key borrower');
    const keyedInput = { opportunityId: keyed.opportunityId, paymentCollectionMethod: 'INVOICE', idempotencyKey: 'deal-owner-key' };
    const otherInput = { opportunityId: other.opportunityId, paymentCollectionMethod: 'INVOICE' };
    expect((await provision(stack, keyedInput)).status).toBe('SUCCEEDED');
    const otherRun = await provision(stack, otherInput);
    expect(otherRun.status).toBe('SUCCEEDED');

    resetCounters(stack);
    const borrowed = await stack.graphql<Json>(PROVISION, { input: { ...otherInput, idempotencyKey: 'deal-owner-key' } });
    expect(borrowed.body.data).toBeNull();
    expect(errorOf(borrowed).extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(writesCounted(stack)).toEqual({});
    // the key still answers its own request, and the other opportunity without a key still answers its run
    expect((await provision(stack, keyedInput)).opportunityId).toBe(keyed.opportunityId);
    expect(await provision(stack, otherInput)).toEqual(otherRun);
    expect(writesCounted(stack)).toEqual({});
  });

  it('a key first sent for an opportunity already provisioned with the same input answers that run, and then belongs to it', async () => {
    const deal = await growthDeal(conn, 'Key after the fact');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' };
    const run = await provision(stack, input);
    resetCounters(stack);
    expect(await provision(stack, { ...input, idempotencyKey: 'deal-after-the-fact' })).toEqual(run);
    expect(await provision(stack, { ...input, idempotencyKey: 'deal-after-the-fact' })).toEqual(run);
    const reused = await stack.graphql<Json>(PROVISION, { input: { ...input, billingPeriod: 'ANNUALLY', idempotencyKey: 'deal-after-the-fact' } });
    expect(errorOf(reused).extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(writesCounted(stack)).toEqual({});
  });
});

describe('20 concurrent calls for one opportunity', () => {
  it('make exactly one run, one Stigg customer and one subscription; the others are PROVISIONING_IN_PROGRESS or the same run', async () => {
    const deal = await growthDeal(conn, 'Stampede');
    resetCounters(stack);
    // a slower Stigg widens the window in which the calls overlap
    stack.sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', latencyMs: 300 });
    try {
      const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' };
      const answers = await Promise.all(Array.from({ length: 20 }, () => stack.graphql<Json>(PROVISION, { input })));
      const runs = answers.filter((a) => !a.body.errors).map((a) => a.body.data.provisionOpportunity);
      const errors = answers.filter((a) => a.body.errors).map((a) => errorOf(a).extensions!);
      expect(runs.length + errors.length).toBe(20);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      expect(new Set(runs.map((r) => r.id)).size).toBe(1);
      expect(runs.every((r) => r.status === 'SUCCEEDED')).toBe(true);
      expect(errors.every((e) => e.code === 'PROVISIONING_IN_PROGRESS' && e.runId === runs[0].id)).toBe(true);

      expect(writesCounted(stack)).toMatchObject({ 'stigg.provisionCustomer': 1, 'stigg.provisionSubscriptionV2': 1 });
      expect(customersOfAccount(stack, deal.accountId)).toHaveLength(1);
      expect(stiggState(stack, deal.opportunityId).subscriptions).toHaveLength(1);
      const listed = await stack.graphql<Json>(`query($f: ProvisioningRunFilter) { provisioningRuns(filter: $f) { edges { node { id } } } }`,
        { f: { opportunityId: deal.opportunityId } });
      expect(listed.body.data.provisioningRuns.edges).toEqual([{ node: { id: runs[0].id } }]);
    } finally {
      stack.sandbox.stigg.faults.clear();
    }
  });
});

describe('a crashed replica', () => {
  it('holds the opportunity while its lease is live; once the lease expires the run is resumed from its first unfinished step', async () => {
    const deal = await growthDeal(conn, 'Crashed');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' };
    const request = provisioningRequestFrom(input as never);
    const { services } = stack.gateway;
    const plan = await services.provisioning.preview(createGatewayContext(services, SANDBOX_PRINCIPAL, 'test').loaders, request);

    // What a replica that died mid-SUBSCRIPTION leaves behind: a RUNNING run (its lease soon stale),
    // HOOK and CUSTOMER recorded, the subscription made in Stigg but its outcome never recorded.
    const claim = await services.journal.runs.claimRun({
      opportunityId: request.opportunityId, kind: 'SUBSCRIPTION', requestHash: requestHash(requestIdentity(request)),
      request: requestIdentity(request), plan, idempotencyKey: null, principal: 'replica-that-crashed', owner: 'replica-that-crashed:1',
      leaseMs: 1500, now: new Date(),
    });
    expect(claim.outcome).toBe('CREATED');
    const owner = 'replica-that-crashed:1';
    await services.journal.runs.markStep(claim.run.id, 'HOOK', { status: 'SKIPPED', owner });
    const store = stack.sandbox.stigg.store;
    store.provisionCustomer({ customerId: plan.customerId, name: plan.customerName, email: plan.billingEmail, salesforceId: deal.accountId });
    await services.journal.runs.markStep(claim.run.id, 'CUSTOMER', { status: 'SUCCEEDED', owner });
    await services.journal.runs.markStep(claim.run.id, 'SUBSCRIPTION', { status: 'RUNNING', startedAt: new Date(), owner });
    store.provisionSubscription({
      customerId: plan.customerId, planId: plan.planId, subscriptionId: plan.subscriptionId, salesforceId: deal.opportunityId,
      billingPeriod: 'MONTHLY', paymentCollectionMethod: 'INVOICE', skipTrial: true,
    } as never);

    resetCounters(stack);
    const held = await stack.graphql<Json>(PROVISION, { input });
    expect(errorOf(held).extensions).toMatchObject({ code: 'PROVISIONING_IN_PROGRESS', runId: claim.run.id });
    // whatever the input while it runs
    const heldOther = await stack.graphql<Json>(PROVISION, { input: { ...input, billingPeriod: 'ANNUALLY' } });
    expect(errorOf(heldOther).extensions).toMatchObject({ code: 'PROVISIONING_IN_PROGRESS' });

    await new Promise((r) => setTimeout(r, 1600));
    const resumed = await provision(stack, input);
    expect(resumed).toMatchObject({ id: claim.run.id, status: 'SUCCEEDED', subscriptionId: plan.subscriptionId, requestedBy: 'replica-that-crashed' });
    expect(resumed.steps.map((s: Json) => `${s.name}:${s.status}`)).toEqual(['HOOK:SKIPPED', 'CUSTOMER:SUCCEEDED', 'SUBSCRIPTION:SUCCEEDED', 'WRITE_BACK:SUCCEEDED']);
    // resumed at SUBSCRIPTION, which adopted the subscription the crashed attempt had made
    expect(writesCounted(stack)['stigg.provisionCustomer']).toBeUndefined();
    expect(writesCounted(stack)['stigg.provisionSubscriptionV2']).toBeUndefined();
    expect(stiggState(stack, deal.opportunityId).subscriptions).toHaveLength(1);
    expect(await writtenBack(conn, deal.opportunityId)).toMatchObject({ subscriptionId: plan.subscriptionId, status: 'Provisioned' });
  });
});

describe('an attempt that lost its lease', () => {
  it('stops before its next step once another attempt has taken the run over; the run finishes once, without duplicates', async () => {
    const deal = await growthDeal(conn, 'Slow attempt');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'INVOICE' };
    const { journal } = stack.gateway.services;
    stack.sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', latencyMs: 800 });
    resetCounters(stack);
    const slow = stack.graphql<Json>(PROVISION, { input });

    // While the slow attempt waits for Stigg, its lease runs out (renewed to an instant already past) and another owner takes the run.
    let run = null;
    for (let i = 0; i < 50 && !(run && run.steps[2].status === 'RUNNING'); i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      run = await journal.runs.findRunByKey(deal.opportunityId, 'SUBSCRIPTION');
    }
    expect(run!.steps[2]).toMatchObject({ name: 'SUBSCRIPTION', status: 'RUNNING' });
    const past = new Date(Date.now() - 1_000);
    expect(await journal.runs.renewLease(run!.id, run!.leaseOwner!, 1, past)).toBe(true);
    const taken = await journal.runs.claimRun({
      opportunityId: deal.opportunityId, kind: 'SUBSCRIPTION', requestHash: run!.requestHash, request: run!.request, plan: run!.plan,
      idempotencyKey: null, principal: 'other', owner: 'other-replica:1', leaseMs: 60_000, now: new Date(),
    });
    expect(taken.outcome).toBe('RESUMED');

    const answer = (await slow).body.data.provisionOpportunity;
    stack.sandbox.stigg.faults.clear();
    // the slow attempt made the subscription, then saw it no longer held the run: no write-back, no finish
    expect(answer).toMatchObject({ id: run!.id, status: 'RUNNING' });
    expect(writesCounted(stack)).toEqual({ 'stigg.provisionCustomer': 1, 'stigg.provisionSubscriptionV2': 1 });

    // the other owner goes away; asking again resumes the SUBSCRIPTION step, which adopts the subscription
    expect(await journal.runs.renewLease(run!.id, 'other-replica:1', 1, past)).toBe(true);
    const done = await provision(stack, input);
    expect(done).toMatchObject({ id: run!.id, status: 'SUCCEEDED', subscriptionId: `sub-${deal.opportunityId}` });
    expect(writesCounted(stack)).toMatchObject({ 'stigg.provisionSubscriptionV2': 1, 'salesforce.update': 2 });
    expect(stiggState(stack, deal.opportunityId).subscriptions).toHaveLength(1);
  });
});
