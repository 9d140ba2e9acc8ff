import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * GATEWAY_REQUEST_TIMEOUT_MS bounds the whole request: an upstream slower than
 * that gets HTTP 504 REQUEST_TIMEOUT, and the gateway keeps serving.
 */
const KEY = 'test-timeout-key-00000000000001';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:read,provision`, GATEWAY_REQUEST_TIMEOUT_MS: '400' });
});
afterAll(() => stack?.stop());
afterEach(() => {
  stack.sandbox.salesforce.faults.clear();
  stack.sandbox.stigg.faults.clear();
});

describe('request timeout', () => {
  it('a slow Salesforce: HTTP 504 REQUEST_TIMEOUT after the timeout, not after Salesforce', async () => {
    stack.sandbox.salesforce.faults.add({ operation: 'query', latencyMs: 2_000 });
    const started = Date.now();
    const result = await stack.graphql('{ opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEY });
    const elapsed = Date.now() - started;
    expect(result.status).toBe(504);
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'REQUEST_TIMEOUT', timeoutMs: 400 });
    expect(result.headers.get('x-request-id')).toBeTruthy();
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('a slow Stigg: HTTP 504 REQUEST_TIMEOUT', async () => {
    stack.sandbox.stigg.faults.add({ operation: '*', latencyMs: 2_000 });
    const result = await stack.graphql('{ customer(id: "customer-initech") { id name } }', {}, { token: KEY });
    expect(result.status).toBe(504);
    expect(result.body.errors?.[0].extensions?.code).toBe('REQUEST_TIMEOUT');
  });

  it('keeps serving, also while the abandoned work is still running', async () => {
    stack.sandbox.salesforce.faults.add({ operation: 'query', latencyMs: 1_000, times: 1 });
    const slow = stack.graphql('{ opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEY });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fast = await stack.graphql('{ __typename }', {}, { token: KEY });
    expect(fast.status).toBe(200);
    expect((await slow).status).toBe(504);
    const ok = await stack.graphql<{ opportunities: { edges: unknown[] } }>('{ opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEY });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('counts a timed-out request once in the metrics, as REQUEST_TIMEOUT', async () => {
    stack.sandbox.salesforce.faults.add({ operation: 'query', latencyMs: 700, times: 1 });
    const result = await stack.graphql('query SlowOne { opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEY });
    expect(result.status).toBe(504);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the abandoned work finishes
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    const lines = metrics.split('\n').filter((l) => l.startsWith('gateway_requests_total{') && l.includes('operation="SlowOne"'));
    expect(lines).toEqual(['gateway_requests_total{operation="SlowOne",outcome="REQUEST_TIMEOUT"} 1']);
  });
});
