import { CreditGrantType } from '@stigg/node-server-sdk';
import {
  StiggOperationError,
  StiggOperations,
} from '../../src/services/stigg/operations';
import { caught, creditEntitlementsDocument, lookupsDocument, newCustomer, rawGraphQL, startStiggHarness, StiggHarness, uniqueId } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.emulator.faults.clear();
  h.emulator.counters.reset();
});

async function addFault(rule: Record<string, unknown>): Promise<Response> {
  return fetch(`${h.emulator.url}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) });
}

const initech = lookupsDocument({ customersById: ['customer-initech'] });
const customersQuery = () => h.ops.execute(initech.document, initech.variables);

describe('sandbox control endpoints', () => {
  test('POST /__sandbox/faults adds a rule, GET lists, DELETE clears; a bad rule is a 400 (src/sandbox/README.md)', async () => {
    const added = await addFault({ operation: 'customers', failure: 'SERVER_ERROR', times: 2 });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ operation: 'customers', failure: 'SERVER_ERROR', remaining: 2, phase: 'before', errorRate: 1 });
    expect(await (await fetch(`${h.emulator.url}/__sandbox/faults`)).json()).toHaveLength(1);
    for (const bad of [{ failure: 'SERVER_ERROR' }, { operation: 'x', failure: 'TEAPOT' }, { operation: 'x', failure: 'SERVER_ERROR', phase: 'during' }, { operation: 'x' }]) {
      const res = await addFault(bad);
      expect(res.status).toBe(400);
    }
    expect((await fetch(`${h.emulator.url}/__sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect(h.emulator.faults.list()).toEqual([]);
  });

  test('GET /__sandbox/counters counts every request that reached an operation, failed or not; DELETE resets; /__sandbox calls are not counted (src/sandbox/README.md)', async () => {
    h.emulator.faults.add({ operation: 'customers', failure: 'SERVER_ERROR', times: 1 });
    await caught(customersQuery());
    await customersQuery();
    await rawGraphQL(h.emulator, '{ sdkConfiguration { sentryDsn } }', {}, 'wrong-key');
    const counters = await (await fetch(`${h.emulator.url}/__sandbox/counters`)).json();
    expect(counters).toEqual({ graphql: 3, customers: 2, sdkConfiguration: 1 });
    expect((await fetch(`${h.emulator.url}/__sandbox/counters`, { method: 'DELETE' })).status).toBe(204);
    expect(h.emulator.counters.snapshot()).toEqual({});
  });

  test('a document with several root fields counts each field once, and one "graphql" request (brief)', async () => {
    const res = await rawGraphQL(
      h.emulator,
      `{ a: creditBalanceSummary(input: { customerId: "customer-initech" }) { customerId }
         b: creditBalanceSummary(input: { customerId: "customer-initech" }) { customerId }
         plans(paging: { first: 1 }) { totalCount } features { totalCount } }`,
    );
    expect(res.status).toBe(200);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, creditBalanceSummary: 1, plans: 1, features: 1 });
  });
});

describe('failures as Stigg sends them', () => {
  test('RATE_LIMITED: HTTP 429 without Retry-After, with Stigg\'s rate-limit body (Stigg docs: Rate limits)', async () => {
    h.emulator.faults.add({ operation: 'customers', failure: 'RATE_LIMITED' });
    const res = await rawGraphQL(h.emulator, '{ customers { totalCount } }');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.json).toMatchObject({ error: 'rate_limit_exceeded', message: 'Too many requests', errors: [{ extensions: { code: 'RateLimitExceeded' } }] });
    const err = await caught(customersQuery());
    expect(err).toBeInstanceOf(StiggOperationError);
    expect(err).toMatchObject({ status: 429, code: 'RateLimitExceeded' });
  });

  test.each([
    ['SERVER_ERROR', 500, 'UnexpectedError'],
    ['BAD_GATEWAY', 502, 'HTTP_502'],
    ['SERVICE_UNAVAILABLE', 503, 'HTTP_503'],
  ])('%s answers HTTP %d; StiggOperations raises code %s', async (failure, status, code) => {
    h.emulator.faults.add({ operation: 'customers', failure: failure as never, times: 1 });
    const err = await caught(customersQuery());
    expect(err).toMatchObject({ status, code });
    await expect(customersQuery()).resolves.toBeDefined(); // times: 1
  });

  test('DROP_CONNECTION closes the socket without an answer: a NETWORK_ERROR', async () => {
    h.emulator.faults.add({ operation: 'customers', failure: 'DROP_CONNECTION', times: 1 });
    const err = await caught(customersQuery());
    expect(err).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  test('latencyMs delays the answer; a StiggOperations timeout is a TIMEOUT', async () => {
    h.emulator.faults.add({ operation: 'customers', latencyMs: 150, times: 1 });
    const t0 = Date.now();
    await customersQuery();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const slow = new StiggOperations({ apiKey: h.emulator.apiKey, baseUri: h.emulator.url, timeoutMs: 50 });
    h.emulator.faults.add({ operation: 'customers', latencyMs: 300, times: 1 });
    const err = await caught(slow.execute(initech.document, initech.variables));
    expect(err).toMatchObject({ status: 0, code: 'TIMEOUT' });
  });

  test('errorRate 0 never fails; "*" and "graphql" match every operation; times limits the rule', async () => {
    h.emulator.faults.add({ operation: '*', failure: 'SERVER_ERROR', errorRate: 0 });
    await customersQuery();
    h.emulator.faults.clear();
    h.emulator.faults.add({ operation: 'graphql', failure: 'SERVER_ERROR', times: 2 });
    expect(await caught(customersQuery())).toMatchObject({ status: 500 });
    const q = creditEntitlementsDocument(['customer-initech'], ['cred-type-test']);
    expect(await caught(h.ops.execute(q.document, q.variables))).toMatchObject({ status: 500 });
    await expect(customersQuery()).resolves.toBeDefined();
    expect(h.emulator.faults.list()).toEqual([]);
  });
});

describe('the SDK against failures (retry: 5 attempts, 500/400/timeouts not retried, queries and mutations alike)', () => {
  test('429, 502, 503 and a dropped connection are retried by the SDK, which then succeeds (SDK 3.95.0 RetryLink)', async () => {
    for (const failure of ['RATE_LIMITED', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION'] as const) {
      h.emulator.counters.reset();
      h.emulator.faults.add({ operation: 'getCustomerByRefId', failure, times: 1 });
      const c = await h.client.getCustomer('customer-initech');
      expect(c.id).toBe('customer-initech');
      expect(h.emulator.counters.snapshot()).toEqual({ graphql: 2, getCustomerByRefId: 2 });
    }
  });

  test('HTTP 500 is not retried by the SDK: the call fails after one attempt (SDK 3.95.0 RetryLink)', async () => {
    h.emulator.faults.add({ operation: 'getCustomerByRefId', failure: 'SERVER_ERROR', times: 1 });
    const err = await caught(h.client.getCustomer('customer-initech'));
    expect(err.message).toMatch(/^Failed to get customer: Internal server error/);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, getCustomerByRefId: 1 });
  });

  test('the SDK gives up after 5 attempts of a persistent 503 (SDK 3.95.0 RetryLink: 5 attempts, waits random in 0–1 s, then 0–2 s)', async () => {
    h.emulator.faults.add({ operation: 'getSubscription', failure: 'SERVICE_UNAVAILABLE' });
    const err = await caught(h.client.getSubscription({ subscriptionId: 'sub-x' }));
    expect(err.message).toMatch(/^Failed to get subscription: /);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 5, getSubscription: 5 });
  }, 20_000);

  test('an SDK timeout is not retried (SDK 3.95.0: OperationTimeoutError, errorCode RequestTimeout)', async () => {
    const impatient = h.newClient({ timeout: 100 });
    h.emulator.faults.add({ operation: 'getCustomerByRefId', latencyMs: 400, times: 1 });
    const err = await caught(impatient.getCustomer('customer-initech'));
    expect(err.errorCode).toBe('RequestTimeout');
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, getCustomerByRefId: 1 });
  });

  test('a lost answer after commit (503, phase "after") makes the SDK replay createCreditGrant: two grants, as Stigg does (docs/design.md: the SDK replays)', async () => {
    const customerId = await newCustomer(h.client);
    h.emulator.counters.reset();
    h.emulator.faults.add({ operation: 'createCreditGrant', failure: 'SERVICE_UNAVAILABLE', phase: 'after', times: 1 });
    const grant = await h.client.grantCredits({
      customerId,
      currencyId: 'cred-type-test',
      amount: 100,
      displayName: 'Top-up',
      grantType: CreditGrantType.Promotional,
      additionalMetaData: { idempotencyKey: 'run-42:grant' },
    });
    expect(grant).toBeDefined();
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 2, createCreditGrant: 2 });
    const stored = [...h.emulator.store.creditGrants.values()].filter((g) => g.customerId === customerId);
    expect(stored).toHaveLength(2);
    expect(stored.every((g) => (g.additionalMetaData as { idempotencyKey: string }).idempotencyKey === 'run-42:grant')).toBe(true);
    const q = creditEntitlementsDocument([customerId], ['cred-type-test']);
    const data = await h.ops.execute<Record<string, { usageLimit: number; currentUsage: number }>>(q.document, q.variables);
    expect(data.b0_0.usageLimit - data.b0_0.currentUsage).toBe(200);
  });

  test('a dropped connection after commit (phase "after") also replays the grant (brief)', async () => {
    const customerId = await newCustomer(h.client);
    h.emulator.faults.add({ operation: 'createCreditGrant', failure: 'DROP_CONNECTION', phase: 'after', times: 1 });
    await h.client.grantCredits({ customerId, currencyId: 'cred-type-test', amount: 1, displayName: 'x', grantType: CreditGrantType.Promotional });
    expect([...h.emulator.store.creditGrants.values()].filter((g) => g.customerId === customerId)).toHaveLength(2);
  });

  test('a lost answer after commit makes the SDK replay provisionSubscription with the same id: the replay is refused as a duplicate, the subscription exists (docs/design.md: look before writing again)', async () => {
    const customerId = await newCustomer(h.client);
    const id = uniqueId('sub-006');
    h.emulator.faults.add({ operation: 'provisionSubscriptionV2', failure: 'BAD_GATEWAY', phase: 'after', times: 1 });
    const err = await caught(h.client.provisionSubscription({ id, customerId, planId: 'plan-free' }));
    expect(err.errorCode).toBe('DuplicatedEntityNotAllowed');
    expect((await h.client.getSubscription({ subscriptionId: id })).status).toBe('ACTIVE');
  });

  test('phase "before" does nothing: a 500 before createCreditGrant creates no grant', async () => {
    const customerId = await newCustomer(h.client);
    h.emulator.faults.add({ operation: 'createCreditGrant', failure: 'SERVER_ERROR', times: 1 });
    await caught(h.client.grantCredits({ customerId, currencyId: 'cred-type-test', amount: 1, displayName: 'x', grantType: CreditGrantType.Promotional }));
    expect([...h.emulator.store.creditGrants.values()].filter((g) => g.customerId === customerId)).toHaveLength(0);
  });
});
