/**
 * A subscription's life after its first deal, over HTTP against the sandbox, through the real
 * jsforce and Stigg documents: amendments (upsell, add-on added and removed, upgrade now,
 * downgrade scheduled then withdrawn), cancellations of each kind, renewals, previews that write
 * nothing, and exactly once under replays, lost answers and concurrent calls.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  ENTRY, Json, createDeal, errorOf, provision, resetCounters, salesforce, stiggState, subscription, writesCounted, writtenBack,
} from '../helpers/provisioning-helpers';
import { AMEND, CANCEL, amend, amendmentDeal, cancel, previewAmendment, withdraw } from '../helpers/lifecycle-helpers';

let stack: TestStack;
let conn: jsforce.Connection;

beforeAll(async () => {
  stack = await startTestStack();
  conn = salesforce(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const GROWTH = { entry: ENTRY.growthPlan, quantity: 1, unitPrice: 500 };
const seats = (quantity: number) => ({ entry: ENTRY.seats, quantity, unitPrice: 20 });
const SSO = { entry: ENTRY.ssoAddon, quantity: 1, unitPrice: 150 };

/** A Growth subscription with 5 seats, billing outside Stigg, on a new account. */
async function growthSubscription(name: string): Promise<{ opportunityId: string; accountId: string; subscriptionId: string }> {
  const deal = await createDeal(conn, { name, lines: [GROWTH, seats(5)] });
  const run = await provision(stack, { opportunityId: deal.opportunityId, paymentCollectionMethod: 'NONE' });
  expect(run.status).toBe('SUCCEEDED');
  return { ...deal, subscriptionId: run.subscriptionId };
}

const stiggSubscription = (id: string) => stack.sandbox.stigg.store.subscriptions.get(id)!;

describe('an upsell: more seats', () => {
  it('is previewed with no write, then applied once with updateOneSubscription; the amendment opportunity is written back, the original is left as it is', async () => {
    const original = await growthSubscription('Upsell Co');
    const amendment = await amendmentDeal(conn, { name: 'Upsell Co', accountId: original.accountId, subscriptionId: original.subscriptionId, lines: [GROWTH, seats(12)] });

    resetCounters(stack);
    const preview = await previewAmendment(stack, { opportunityId: amendment });
    expect(writesCounted(stack)).toEqual({});
    expect(preview).toMatchObject({ subscriptionId: original.subscriptionId, scheduled: false, effectiveAt: null, cost: null });
    expect(preview.changes).toEqual([{ field: expect.stringMatching(/feature-seats|unitQuantity/), before: '5', after: '12' }]);

    const run = await amend(stack, { opportunityId: amendment });
    expect(run).toMatchObject({ kind: 'AMENDMENT', status: 'SUCCEEDED', opportunityId: amendment, subscriptionId: original.subscriptionId, error: null });
    expect(writesCounted(stack)).toEqual({ 'stigg.updateOneSubscription': 1, 'salesforce.update': 1 });
    const after = await subscription(stack, original.subscriptionId);
    expect([after.unitQuantity, ...after.billableFeatures.map((f: Json) => f.quantity)]).toContain(12);
    expect(await writtenBack(conn, amendment)).toMatchObject({ subscriptionId: original.subscriptionId, status: 'Provisioned' });
    expect(await writtenBack(conn, original.opportunityId)).toMatchObject({ subscriptionId: original.subscriptionId, status: 'Provisioned' });

    resetCounters(stack);
    expect(await amend(stack, { opportunityId: amendment })).toEqual(run);
    expect(writesCounted(stack)).toEqual({});
  });
});

describe('an add-on', () => {
  it('added by one amendment and removed by the next (a product absent from the new state is removed)', async () => {
    const original = await growthSubscription('Addon Co');
    const adds = await amendmentDeal(conn, { name: 'Addon Co add', accountId: original.accountId, subscriptionId: original.subscriptionId, lines: [GROWTH, seats(5), SSO] });
    const preview = await previewAmendment(stack, { opportunityId: adds });
    expect(preview.changes).toEqual([{ field: 'addons.addon-sso', before: null, after: '1' }]);
    expect((await amend(stack, { opportunityId: adds })).status).toBe('SUCCEEDED');
    expect((await subscription(stack, original.subscriptionId)).addons).toEqual([{ addonId: 'addon-sso', quantity: 1 }]);

    const removes = await amendmentDeal(conn, { name: 'Addon Co remove', accountId: original.accountId, subscriptionId: original.subscriptionId, lines: [GROWTH, seats(5)] });
    expect((await previewAmendment(stack, { opportunityId: removes })).changes).toEqual([{ field: 'addons.addon-sso', before: '1', after: null }]);
    expect((await amend(stack, { opportunityId: removes })).status).toBe('SUCCEEDED');
    expect((await subscription(stack, original.subscriptionId)).addons).toEqual([]);
  });
});

describe('a plan upgrade', () => {
  it('is applied now: Stigg makes the new plan\'s subscription and the amendment opportunity is given its id', async () => {
    const original = await growthSubscription('Upgrade Co');
    const amendment = await amendmentDeal(conn, {
      name: 'Upgrade Co', accountId: original.accountId, subscriptionId: original.subscriptionId,
      lines: [{ entry: ENTRY.enterprisePlan, quantity: 1, unitPrice: 0 }, seats(5)],
    });
    const preview = await previewAmendment(stack, { opportunityId: amendment });
    expect(preview.changes).toContainEqual({ field: 'planId', before: 'plan-growth', after: 'plan-enterprise' });
    expect(preview.scheduled).toBe(false);

    const run = await amend(stack, { opportunityId: amendment });
    expect(run).toMatchObject({ status: 'SUCCEEDED', subscriptionId: `sub-${amendment}`, effectiveAt: null });
    expect(await subscription(stack, `sub-${amendment}`)).toMatchObject({ status: 'ACTIVE', planId: 'plan-enterprise' });
    expect(await writtenBack(conn, amendment)).toMatchObject({ subscriptionId: `sub-${amendment}`, status: 'Provisioned' });
  });
});

describe('a plan downgrade', () => {
  it('is SCHEDULED for the end of the billing period, then withdrawn: the change is gone and the run WITHDRAWN', async () => {
    const original = await growthSubscription('Downgrade Co');
    const periodEnd = new Date(stiggSubscription(original.subscriptionId).currentBillingPeriodEnd!).toISOString();
    const amendment = await amendmentDeal(conn, {
      name: 'Downgrade Co', accountId: original.accountId, subscriptionId: original.subscriptionId, type: 'Existing Customer - Downgrade',
      lines: [{ entry: ENTRY.freePlan, quantity: 1, unitPrice: 0 }],
    });
    const preview = await previewAmendment(stack, { opportunityId: amendment });
    expect(preview).toMatchObject({ scheduled: true, effectiveAt: periodEnd });

    const run = await amend(stack, { opportunityId: amendment });
    expect(run).toMatchObject({ kind: 'AMENDMENT', status: 'SCHEDULED', effectiveAt: periodEnd });
    expect(await writtenBack(conn, amendment)).toMatchObject({ status: 'Scheduled' });
    expect((await subscription(stack, original.subscriptionId)).scheduledChanges).toHaveLength(1);

    const withdrawn = await withdraw(stack, original.subscriptionId);
    expect(withdrawn).toMatchObject({ id: original.subscriptionId, status: 'ACTIVE', planId: 'plan-growth', scheduledChanges: [] });
    expect((await stack.graphql<Json>(`{ provisioningRun(id: "${run.id}") { status } }`)).body.data.provisioningRun.status).toBe('WITHDRAWN');
    expect(await writtenBack(conn, amendment)).toMatchObject({ status: 'Withdrawn' });

    const nothing = await stack.graphql<Json>('mutation W($id: ID!) { withdrawScheduledChange(input: { subscriptionId: $id }) { id } }', { id: original.subscriptionId });
    expect(errorOf(nothing).extensions).toMatchObject({ code: 'NOTHING_SCHEDULED', field: 'subscriptionId' });
  });
});

describe('cancellations', () => {
  it('IMMEDIATE: the subscription ends now, stays readable (CANCELED), the opportunity that made it says Canceled; asked again, the same run', async () => {
    const original = await growthSubscription('Churn now Co');
    const run = await cancel(stack, { subscriptionId: original.subscriptionId, when: 'IMMEDIATE' });
    expect(run).toMatchObject({ kind: 'CANCELLATION', status: 'SUCCEEDED', opportunityId: original.opportunityId, subscriptionId: original.subscriptionId, plan: null });
    expect(await subscription(stack, original.subscriptionId)).toMatchObject({ id: original.subscriptionId, status: 'CANCELED' });
    expect(await writtenBack(conn, original.opportunityId)).toMatchObject({ status: 'Canceled' });

    resetCounters(stack);
    expect(await cancel(stack, { subscriptionId: original.subscriptionId, when: 'IMMEDIATE' })).toEqual(run);
    // Any other cancellation of the canceled subscription is refused as such, touching nothing.
    const later = await stack.graphql<Json>(CANCEL, { input: { subscriptionId: original.subscriptionId, when: 'END_OF_BILLING_PERIOD' } });
    expect(errorOf(later).extensions).toMatchObject({ code: 'SUBSCRIPTION_ALREADY_CANCELED', field: 'subscriptionId' });
    expect(writesCounted(stack)).toEqual({});
  });

  it('an already canceled subscription is SUBSCRIPTION_ALREADY_CANCELED and touches nothing', async () => {
    const original = await growthSubscription('Churned elsewhere Co');
    stiggSubscription(original.subscriptionId).status = 'CANCELED';
    resetCounters(stack);
    const refused = await stack.graphql<Json>(CANCEL, { input: { subscriptionId: original.subscriptionId, when: 'END_OF_BILLING_PERIOD' } });
    expect(errorOf(refused).extensions).toMatchObject({ code: 'SUBSCRIPTION_ALREADY_CANCELED', field: 'subscriptionId' });
    expect(writesCounted(stack)).toEqual({});
  });

  it('END_OF_BILLING_PERIOD: SCHEDULED with effectiveAt, Cancellation scheduled; withdrawn, the subscription goes on and the opportunity is Provisioned again', async () => {
    const original = await growthSubscription('Churn later Co');
    const periodEnd = new Date(stiggSubscription(original.subscriptionId).currentBillingPeriodEnd!).toISOString();
    const run = await cancel(stack, { subscriptionId: original.subscriptionId, when: 'END_OF_BILLING_PERIOD' });
    expect(run).toMatchObject({ status: 'SCHEDULED', effectiveAt: periodEnd });
    expect(await subscription(stack, original.subscriptionId)).toMatchObject({ status: 'ACTIVE', cancellationDate: periodEnd });
    expect(await writtenBack(conn, original.opportunityId)).toMatchObject({ status: 'Cancellation scheduled' });

    expect(await withdraw(stack, original.subscriptionId)).toMatchObject({ status: 'ACTIVE', cancellationDate: null });
    expect(await writtenBack(conn, original.opportunityId)).toMatchObject({ status: 'Provisioned' });
    // A withdrawn cancellation can be asked for again: the run starts afresh.
    const again = await cancel(stack, { subscriptionId: original.subscriptionId, when: 'IMMEDIATE' });
    expect(again).toMatchObject({ id: run.id, status: 'SUCCEEDED' });
  });

  it('SPECIFIC_DATE: SCHEDULED at endDate; without endDate it is BAD_USER_INPUT on endDate', async () => {
    const original = await growthSubscription('Churn on date Co');
    const missing = await stack.graphql<Json>(CANCEL, { input: { subscriptionId: original.subscriptionId, when: 'SPECIFIC_DATE' } });
    expect(errorOf(missing).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate' });
    const endDate = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const run = await cancel(stack, { subscriptionId: original.subscriptionId, when: 'SPECIFIC_DATE', endDate });
    expect(run).toMatchObject({ status: 'SCHEDULED', effectiveAt: endDate });
    expect((await subscription(stack, original.subscriptionId)).cancellationDate).toBe(endDate);
  });
});

describe('renewals (Opportunity.Type = SF_RENEWAL_TYPE)', () => {
  it('with the same terms: no change in Stigg, only the link and the write-back', async () => {
    const original = await growthSubscription('Renew same Co');
    const renewal = await amendmentDeal(conn, { name: 'Renew same Co', accountId: original.accountId, subscriptionId: original.subscriptionId, type: 'Renewal', lines: [GROWTH, seats(5)] });
    expect((await previewAmendment(stack, { opportunityId: renewal })).changes).toEqual([]);
    resetCounters(stack);
    const run = await amend(stack, { opportunityId: renewal });
    expect(run).toMatchObject({ status: 'SUCCEEDED', subscriptionId: original.subscriptionId, effectiveAt: null });
    expect(writesCounted(stack)).toEqual({ 'salesforce.update': 1 });
    expect(await writtenBack(conn, renewal)).toMatchObject({ subscriptionId: original.subscriptionId, status: 'Provisioned' });
  });

  it('with changed terms: an amendment effective at the end of the current billing period', async () => {
    const original = await growthSubscription('Renew more Co');
    const periodEnd = new Date(stiggSubscription(original.subscriptionId).currentBillingPeriodEnd!).toISOString();
    const renewal = await amendmentDeal(conn, { name: 'Renew more Co', accountId: original.accountId, subscriptionId: original.subscriptionId, type: 'Renewal', lines: [GROWTH, seats(25)] });
    const preview = await previewAmendment(stack, { opportunityId: renewal });
    expect(preview).toMatchObject({ scheduled: true, effectiveAt: periodEnd });
    const run = await amend(stack, { opportunityId: renewal });
    expect(run).toMatchObject({ status: 'SCHEDULED', effectiveAt: periodEnd });
    expect(await writtenBack(conn, renewal)).toMatchObject({ status: 'Scheduled' });
  });
});

describe('refusals that create no run', () => {
  it('an amendment of another account\'s subscription is AMENDMENT_ACCOUNT_MISMATCH', async () => {
    const theirs = await growthSubscription('Owner Co');
    const mine = await growthSubscription('Other Co');
    const amendment = await amendmentDeal(conn, { name: 'Other Co', accountId: mine.accountId, subscriptionId: theirs.subscriptionId, lines: [GROWTH, seats(9)] });
    resetCounters(stack);
    const refused = await stack.graphql<Json>(AMEND, { input: { opportunityId: amendment } });
    expect(errorOf(refused).extensions).toMatchObject({ code: 'AMENDMENT_ACCOUNT_MISMATCH', field: 'subscriptionId' });
    expect(writesCounted(stack)).toEqual({});
    expect((await stack.graphql<Json>(`{ provisioningRuns(filter: { opportunityId: "${amendment}" }) { edges { node { id } } } }`)).body.data.provisioningRuns.edges).toEqual([]);
  });

  it('an amendment that names no subscription is SUBSCRIPTION_REQUIRED', async () => {
    const mine = await growthSubscription('Unnamed Co');
    const amendment = await amendmentDeal(conn, { name: 'Unnamed Co', accountId: mine.accountId, subscriptionId: null, lines: [GROWTH, seats(9)] });
    const refused = await stack.graphql<Json>(AMEND, { input: { opportunityId: amendment } });
    expect(errorOf(refused).extensions).toMatchObject({ code: 'SUBSCRIPTION_REQUIRED', field: 'subscriptionId' });
  });
});

describe('exactly once', () => {
  it.each([
    ['a 500 after updateOneSubscription committed', 'SERVER_ERROR'],
    ['a 503 after updateOneSubscription committed', 'SERVICE_UNAVAILABLE'],
    ['the answer to updateOneSubscription is lost', 'DROP_CONNECTION'],
  ] as const)('%s: Stigg is looked at, the change is found made, and it is not made again', async (_name, failure) => {
    const original = await growthSubscription(`Lost answer ${failure}`);
    const amendment = await amendmentDeal(conn, { name: `Lost answer ${failure}`, accountId: original.accountId, subscriptionId: original.subscriptionId, lines: [GROWTH, seats(7)] });
    resetCounters(stack);
    stack.sandbox.stigg.faults.add({ operation: 'updateOneSubscription', failure, phase: 'after', times: 1 });
    const run = await amend(stack, { opportunityId: amendment });
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(writesCounted(stack)['stigg.updateOneSubscription']).toBe(1);
    expect(await previewAmendment(stack, { opportunityId: amendment })).toMatchObject({ changes: [] });
  });

  it('a lost answer to a plan upgrade: the new subscription is found and adopted, not provisioned twice', async () => {
    const original = await growthSubscription('Lost upgrade Co');
    const amendment = await amendmentDeal(conn, {
      name: 'Lost upgrade Co', accountId: original.accountId, subscriptionId: original.subscriptionId,
      lines: [{ entry: ENTRY.enterprisePlan, quantity: 1, unitPrice: 0 }, seats(5)],
    });
    resetCounters(stack);
    stack.sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', failure: 'DROP_CONNECTION', phase: 'after', times: 1 });
    const run = await amend(stack, { opportunityId: amendment });
    expect(run).toMatchObject({ status: 'SUCCEEDED', subscriptionId: `sub-${amendment}`, error: null });
    expect(writesCounted(stack)['stigg.provisionSubscriptionV2']).toBe(1);
  });

  it('a lost answer to a cancellation: the subscription is found canceled, and nothing is sent again', async () => {
    const original = await growthSubscription('Lost cancel Co');
    resetCounters(stack);
    stack.sandbox.stigg.faults.add({ operation: 'cancelSubscription', failure: 'SERVICE_UNAVAILABLE', phase: 'after', times: 1 });
    const run = await cancel(stack, { subscriptionId: original.subscriptionId, when: 'IMMEDIATE' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(writesCounted(stack)['stigg.cancelSubscription']).toBe(1);
  });

  it('an idempotency key is honoured: the same key returns the run; with another input it is IDEMPOTENCY_KEY_REUSED', async () => {
    const original = await growthSubscription('Keyed amendment Co');
    const amendment = await amendmentDeal(conn, { name: 'Keyed amendment Co', accountId: original.accountId, subscriptionId: original.subscriptionId, lines: [GROWTH, seats(6)] });
    const run = await amend(stack, { opportunityId: amendment, idempotencyKey: 'amend-keyed-1' });
    expect(await amend(stack, { opportunityId: amendment, idempotencyKey: 'amend-keyed-1' })).toEqual(run);
    const reused = await stack.graphql<Json>(CANCEL, { input: { subscriptionId: original.subscriptionId, when: 'IMMEDIATE', idempotencyKey: 'amend-keyed-1' } });
    expect(errorOf(reused).extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('a failure before Stigg answered fails the run as data; asking again resumes it and makes the change once', async () => {
    const original = await growthSubscription('Resumed amendment Co');
    const amendment = await amendmentDeal(conn, { name: 'Resumed amendment Co', accountId: original.accountId, subscriptionId: original.subscriptionId, lines: [GROWTH, seats(8)] });
    stack.sandbox.stigg.faults.add({ operation: 'updateOneSubscription', failure: 'SERVER_ERROR', times: 1 });
    const failed = await amend(stack, { opportunityId: amendment });
    expect(failed).toMatchObject({ status: 'FAILED', error: { step: 'SUBSCRIPTION' } });
    resetCounters(stack);
    const resumed = await amend(stack, { opportunityId: amendment });
    expect(resumed).toMatchObject({ id: failed.id, status: 'SUCCEEDED' });
    expect(writesCounted(stack)['stigg.updateOneSubscription']).toBe(1);
  });

  it('20 concurrent calls for one amendment make one run and one change in Stigg; the others are PROVISIONING_IN_PROGRESS or the same run', async () => {
    const original = await growthSubscription('Concurrent amendment Co');
    const amendment = await amendmentDeal(conn, { name: 'Concurrent amendment Co', accountId: original.accountId, subscriptionId: original.subscriptionId, lines: [GROWTH, seats(15)] });
    resetCounters(stack);
    const answers = await Promise.all(Array.from({ length: 20 }, () => stack.graphql<Json>(AMEND, { input: { opportunityId: amendment } })));
    const runs = answers.filter((a) => !a.body.errors).map((a) => a.body.data.amendSubscription);
    const refusals = answers.filter((a) => a.body.errors).map((a) => errorOf(a).extensions?.code);
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    expect(new Set(refusals)).toEqual(new Set(refusals.length ? ['PROVISIONING_IN_PROGRESS'] : []));
    expect(writesCounted(stack)['stigg.updateOneSubscription']).toBe(1);
    expect(stiggState(stack, original.opportunityId).live).toHaveLength(1);
  });
});
