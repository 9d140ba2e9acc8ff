import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * The per-key rate limit (token bucket, GATEWAY_RATE_LIMIT_PER_SECOND /
 * GATEWAY_RATE_LIMIT_BURST): HTTP 429 RATE_LIMITED with Retry-After, per key,
 * before any upstream call; the key is served again once the bucket refills.
 */
const A = 'test-rate-limit-key-a-0000000001';
const B = 'test-rate-limit-key-b-0000000001';
const C = 'test-rate-limit-key-c-0000000001';
const QUERY = '{ opportunities(first: 1) { edges { node { id } } } }';
let stack: TestStack;

beforeAll(async () => {
  // A slow refill (one token per 2 s), so a suite slowed by a busy machine still sees the burst run out.
  stack = await startTestStack({ GATEWAY_API_KEYS: `${A}:read;${B}:read;${C}:read`, GATEWAY_RATE_LIMIT_PER_SECOND: '0.5', GATEWAY_RATE_LIMIT_BURST: '3' });
});
afterAll(() => stack?.stop());

function salesforceQueries(): number {
  return stack.sandbox.salesforce.counters.snapshot().query;
}

describe('per-key rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a key has used its burst, and serves it again after', async () => {
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await stack.graphql(QUERY, {}, { token: A }));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);

    const queries = salesforceQueries();
    const limited = await stack.graphql(QUERY, {}, { token: A });
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited.body.errors?.[0].extensions?.retryAfterSeconds).toBe(retryAfter);
    expect(salesforceQueries()).toBe(queries); // refused before execution

    // Another key has its own bucket.
    expect((await stack.graphql(QUERY, {}, { token: B })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    const again = await stack.graphql(QUERY, {}, { token: A });
    expect(again.status).toBe(200);
    expect(again.body.errors).toBeUndefined();
  });

  it('a flood gets 429s, not errors, and the gateway keeps serving other keys', async () => {
    const flood = await Promise.all(Array.from({ length: 40 }, () => stack.graphql(QUERY, {}, { token: A })));
    const statuses = flood.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(36);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await stack.graphql(QUERY, {}, { token: B })).status).toBe(200);
  });

  it('requests without a valid key are refused (401) without spending a key\'s tokens', async () => {
    for (let i = 0; i < 10; i++) expect((await stack.graphql(QUERY, {}, { token: 'not-a-key-at-all-000000000000' })).status).toBe(401);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await stack.graphql(QUERY, {}, { token: C })).status); // C's whole burst is left
    expect(statuses).toEqual([200, 200, 200]);
  });
});
