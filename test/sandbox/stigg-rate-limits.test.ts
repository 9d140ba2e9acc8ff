import { parse, getOperationAST, DocumentNode, OperationDefinitionNode } from 'graphql';
import { startStiggEmulator, StiggEmulator } from '../../src/sandbox/stigg/stigg-emulator';

let emulator: StiggEmulator;
let now = 1_000_000;
// emulator.store.customers is the in-memory data the assertions peek at

beforeAll(async () => {
  emulator = await startStiggEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.rateLimits.configure(null);
  emulator.rateLimits.resetStats();
});

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emulator.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

const PROVISION_CUSTOMER = 'mutation P($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }';
const SUBSCRIPTIONS = 'query { subscriptions(paging: { first: 1 }) { totalCount } }';
let seq = 0;
const customerInput = (customerId = `rl-customer-${++seq}`) => ({ input: { customerId, name: customerId } });

describe('opt-in rate limits (rate-limits.ts; docs.stigg.io "Rate limits")', () => {
  test('off by default: no request is refused', async () => {
    for (let i = 0; i < 40; i++) expect((await gql(SUBSCRIPTIONS)).status).toBe(200);
    expect(emulator.rateLimits.stats()).toMatchObject({ enabled: false, refusedTotal: 0 });
  });

  test('operation-level: provisionCustomer 250 per window, then HTTP 429 RateLimitExceeded; refills over the window', async () => {
    emulator.rateLimits.configure({ windowMs: 60_000, operations: { provisionCustomer: 5 }, now: () => now });
    for (let i = 0; i < 5; i++) expect((await gql(PROVISION_CUSTOMER, customerInput())).status).toBe(200);
    const refused = await gql(PROVISION_CUSTOMER, customerInput());
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'rate_limit_exceeded', errors: [{ extensions: { code: 'RateLimitExceeded' } }] });
    now += 12_000; // one token per 60 s / 5
    expect((await gql(PROVISION_CUSTOMER, customerInput())).status).toBe(200);
    expect((await gql(PROVISION_CUSTOMER, customerInput())).status).toBe(429);
    expect(emulator.rateLimits.stats()).toMatchObject({ enabled: true, refused: { 'operation:provisionCustomer': 2 }, admitted: { provisionCustomer: 6 } });
  });

  test('a refused request executes nothing', async () => {
    emulator.rateLimits.configure({ operations: { provisionCustomer: 1 }, now: () => now });
    await gql(PROVISION_CUSTOMER, customerInput());
    const id = `rl-never-${++seq}`;
    expect((await gql(PROVISION_CUSTOMER, customerInput(id))).status).toBe(429);
    expect(emulator.store.customers.has(id)).toBe(false);
  });

  test('entity-level: 30 mutations per window per customer, across operations; other customers unaffected', async () => {
    emulator.rateLimits.configure({ windowMs: 60_000, now: () => now });
    const id = `rl-hot-${++seq}`;
    expect((await gql(PROVISION_CUSTOMER, customerInput(id))).status).toBe(200);
    const update = 'mutation U($input: UpdateCustomerInput!) { updateOneCustomer(input: $input) { customerId } }';
    for (let i = 0; i < 29; i++) expect((await gql(update, { input: { customerId: id, name: `n${i}` } })).status).toBe(200);
    expect((await gql(update, { input: { customerId: id, name: 'x' } })).status).toBe(429);
    expect((await gql(PROVISION_CUSTOMER, customerInput())).status).toBe(200);
    expect(emulator.rateLimits.stats().refused).toEqual({ [`entity:${id}`]: 1 });
    now += 2_000; // 30 per 60 s: one token back every 2 s
    expect((await gql(update, { input: { customerId: id, name: 'y' } })).status).toBe(200);
  });

  test('the window scales every published limit together', async () => {
    emulator.rateLimits.configure({ windowMs: 6_000, now: () => now });
    for (let i = 0; i < 1_500; i++) {
      const verdict = emulator.rateLimits.admit(parseDoc(SUBSCRIPTIONS), opOf(SUBSCRIPTIONS), null);
      expect(verdict.allowed).toBe(true);
    }
    expect(emulator.rateLimits.admit(parseDoc(SUBSCRIPTIONS), opOf(SUBSCRIPTIONS), null)).toEqual({ allowed: false, limit: 'operation:subscriptions' });
    now += 4; // 1,500 per 6 s = one per 4 ms
    expect(emulator.rateLimits.admit(parseDoc(SUBSCRIPTIONS), opOf(SUBSCRIPTIONS), null).allowed).toBe(true);
  });
});

function parseDoc(q: string): DocumentNode { return parse(q); }
function opOf(q: string): OperationDefinitionNode { return getOperationAST(parse(q))!; }
