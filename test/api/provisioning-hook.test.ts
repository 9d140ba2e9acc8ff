/**
 * The guide's custom step ("Insert your provisioning logic"): before the
 * customer and subscription are created, PROVISIONING_HOOK_URL (here a small
 * HTTP server of the test) provisions the customer's own account/workspace and
 * may return the ids Stigg should use. Signed (HMAC of "<timestamp>.<body>"),
 * Idempotency-Key = run id, retried on timeouts and 5xx, skipped when the
 * Stigg customer already exists.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  ENTRY, HookServer, Json, OPP, createDeal, customersOfAccount, growthDeal, provision, salesforce, stiggState, writtenBack,
} from '../helpers/provisioning-helpers';

const SECRET = 'hook-secret-for-tests';
const TIMEOUT_MS = 300;

let hook: HookServer;
let stack: TestStack;
let conn: jsforce.Connection;

beforeAll(async () => {
  hook = await new HookServer(SECRET).start();
  stack = await startTestStack({
    PROVISIONING_HOOK_URL: hook.url, PROVISIONING_HOOK_SECRET: SECRET, PROVISIONING_HOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  conn = salesforce(stack);
});
afterAll(async () => {
  await stack?.stop();
  await hook?.stop();
});
beforeEach(() => {
  hook.respond = () => ({ status: 200, body: {} });
});

describe('the provisioning hook', () => {
  it('is called once, signed, with the run id as Idempotency-Key; the customerId and resourceId it returns are used in Stigg and written back', async () => {
    const deal = await growthDeal(conn, 'Soylent');
    hook.respond = (call) => ({ status: 200, body: { customerId: `app-${call.json.account.id}`, resourceId: 'workspace-42' } });

    const run = await provision(stack, { opportunityId: deal.opportunityId });
    expect(run).toMatchObject({ status: 'SUCCEEDED', customerId: `app-${deal.accountId}`, subscriptionId: `sub-${deal.opportunityId}` });
    expect(run.steps.map((s: Json) => `${s.name}:${s.status}`)).toEqual(['HOOK:SUCCEEDED', 'CUSTOMER:SUCCEEDED', 'SUBSCRIPTION:SUCCEEDED', 'WRITE_BACK:SUCCEEDED']);
    expect(run.plan).toMatchObject({ customerId: `app-${deal.accountId}`, resourceId: 'workspace-42' });

    const calls = hook.callsFor(run.id);
    expect(calls).toHaveLength(1);
    expect(hook.calls.filter((c) => c.json?.opportunity?.id === deal.opportunityId)).toHaveLength(1);
    const [call] = calls;
    expect(call.signatureValid).toBe(true);
    expect(call.headers['content-type']).toBe('application/json');
    expect(Number(call.headers['x-signature-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(call.json).toMatchObject({
      runId: run.id,
      opportunity: { id: deal.opportunityId },
      account: { id: deal.accountId, name: 'Soylent' },
      plan: { planId: 'plan-growth', subscriptionId: `sub-${deal.opportunityId}`, customerId: deal.accountId },
    });

    // Stigg: the customer under the application's id (linked to the account), the subscription on the resource.
    expect(customersOfAccount(stack, deal.accountId).map((c) => c.customerId)).toEqual([`app-${deal.accountId}`]);
    expect(stiggState(stack, deal.opportunityId).subscriptions.map((s) => [s.customerId, s.resourceId]))
      .toEqual([[`app-${deal.accountId}`, 'workspace-42']]);
    expect(await writtenBack(conn, deal.opportunityId)).toEqual({
      subscriptionId: `sub-${deal.opportunityId}`, status: 'Provisioned', customerId: `app-${deal.accountId}`,
    });
  });

  it('is SKIPPED when the Stigg customer already exists (#3 Initech)', async () => {
    const before = hook.calls.length;
    const run = await provision(stack, { opportunityId: OPP.initech, paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.steps[0]).toEqual(expect.objectContaining({ name: 'HOOK', status: 'SKIPPED' }));
    expect(hook.calls.length).toBe(before);
  });

  it('is retried after a 5xx with the same Idempotency-Key, and after a timeout', async () => {
    const deal = await growthDeal(conn, 'Massive Dynamic');
    hook.respond = (_call, attempt) => (attempt === 1 ? { status: 503, body: { error: 'busy' } }
      : attempt === 2 ? { status: 200, delayMs: TIMEOUT_MS * 3, body: {} }
        : { status: 200, body: { customerId: 'massive-dynamic' } });

    const run = await provision(stack, { opportunityId: deal.opportunityId });
    expect(run).toMatchObject({ status: 'SUCCEEDED', customerId: 'massive-dynamic' });
    const calls = hook.callsFor(run.id);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.signatureValid)).toBe(true);
    // the body is the same each time (only the timestamp and signature change)
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(200); // backoff
    expect(customersOfAccount(stack, deal.accountId).map((c) => c.customerId)).toEqual(['massive-dynamic']);
  });

  it('a hook that keeps timing out fails the run at HOOK (FAILED as data, nothing in Stigg); asking again resumes it with the same key', async () => {
    const deal = await growthDeal(conn, 'Oscorp');
    hook.respond = () => ({ status: 200, delayMs: TIMEOUT_MS * 4, body: { customerId: 'too-late' } });

    const failed = await provision(stack, { opportunityId: deal.opportunityId });
    expect(failed).toMatchObject({ status: 'FAILED', customerId: null, subscriptionId: null, error: { code: 'HOOK_FAILED', step: 'HOOK' } });
    expect(failed.error.message).toContain(`no answer within ${TIMEOUT_MS} ms`);
    expect(failed.steps.map((s: Json) => `${s.name}:${s.status}`)).toEqual(['HOOK:FAILED', 'CUSTOMER:PENDING', 'SUBSCRIPTION:PENDING', 'WRITE_BACK:PENDING']);
    expect(hook.callsFor(failed.id)).toHaveLength(3);
    expect(customersOfAccount(stack, deal.accountId)).toEqual([]);
    expect(stiggState(stack, deal.opportunityId).subscriptions).toEqual([]);
    expect((await writtenBack(conn, deal.opportunityId)).status).toBe('Failed');

    hook.respond = () => ({ status: 200, body: { customerId: 'oscorp' } });
    const resumed = await provision(stack, { opportunityId: deal.opportunityId });
    expect(resumed).toMatchObject({ id: failed.id, status: 'SUCCEEDED', customerId: 'oscorp', error: null });
    expect(hook.callsFor(failed.id)).toHaveLength(4);
    expect(customersOfAccount(stack, deal.accountId).map((c) => c.customerId)).toEqual(['oscorp']);
    expect(stiggState(stack, deal.opportunityId).live).toHaveLength(1);
  });

  it('a 4xx answer is not retried, and an invalid id in the answer fails the step', async () => {
    const rejected = await growthDeal(conn, 'Umbrella Health');
    hook.respond = () => ({ status: 422, body: { error: 'no seats left' } });
    const run = await provision(stack, { opportunityId: rejected.opportunityId });
    expect(run).toMatchObject({ status: 'FAILED', error: { code: 'HOOK_FAILED', step: 'HOOK' } });
    expect(run.error.message).toContain('HTTP 422');
    expect(hook.callsFor(run.id)).toHaveLength(1);

    const invalid = await growthDeal(conn, 'Initrode');
    hook.respond = () => ({ status: 200, body: { customerId: 'has spaces and / slashes' } });
    const bad = await provision(stack, { opportunityId: invalid.opportunityId });
    expect(bad).toMatchObject({ status: 'FAILED', error: { code: 'HOOK_FAILED', step: 'HOOK' } });
    expect(customersOfAccount(stack, invalid.accountId)).toEqual([]);
  });

  it('the account of a hook-made customer skips the hook on its next deal (Stigg_Customer_Id__c was written back)', async () => {
    const first = await growthDeal(conn, 'Weyland');
    hook.respond = () => ({ status: 200, body: { customerId: 'weyland-yutani' } });
    expect((await provision(stack, { opportunityId: first.opportunityId })).status).toBe('SUCCEEDED');

    const before = hook.calls.length;
    const expansion = await createDeal(conn, {
      name: 'Weyland expansion', accountId: first.accountId, contactEmail: null, lines: [{ entry: ENTRY.enterprisePlan, quantity: 1, unitPrice: 0 }],
    });
    const run = await provision(stack, { opportunityId: expansion.opportunityId });
    expect(run).toMatchObject({ status: 'SUCCEEDED', customerId: 'weyland-yutani' });
    expect(run.steps[0].status).toBe('SKIPPED');
    expect(hook.calls.length).toBe(before);
    // the enterprise subscription replaced the growth one of the same customer (one product, one subscription)
    expect(stiggState(stack, first.opportunityId).live).toEqual([]);
    expect(stiggState(stack, expansion.opportunityId).live.map((s) => s.customerId)).toEqual(['weyland-yutani']);
  });
});
