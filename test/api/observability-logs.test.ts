import { startRecordingProxy, startUpstreamStack, RecordingProxy, UpstreamStack, ALL_SCOPES_KEY } from '../helpers/upstream-stack';

/**
 * Structured logs: every line is one JSON object; every line written while a
 * request runs carries its request id; the id comes from `x-request-id` (or is
 * made up), is echoed back, and travels to the upstream calls (a header on
 * every Salesforce request; logged with every Stigg and Salesforce call).
 */
let stack: UpstreamStack;
let proxy: RecordingProxy;
const stiggRequests: Array<{ operations: string[]; requestId: unknown }> = [];

beforeAll(async () => {
  stack = await startUpstreamStack({
    salesforceAuth: 'session',
    salesforceUrl: async (target) => { proxy = await startRecordingProxy(target); return proxy.url; },
    env: { LOG_LEVEL: 'debug' },
    stigg: { onRequest: (r) => { stiggRequests.push({ operations: r.operations, requestId: r.headers['x-request-id'] }); } },
  });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

function entries(): Array<Record<string, unknown>> {
  return stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function post(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ALL_SCOPES_KEY}`, ...headers },
    body: JSON.stringify({ query }),
  });
}

describe('request ids and structured logs', () => {
  it('echoes an incoming x-request-id and puts it on the access log line', async () => {
    const response = await post('query Deals { opportunities(first: 2) { edges { node { id } } } }', { 'x-request-id': 'portal-7f3a.42' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('portal-7f3a.42');
    const access = entries().filter((e) => e.msg === 'request finished' && e.requestId === 'portal-7f3a.42');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ method: 'POST', path: '/graphql', status: 200, principal: 'env:1', outcome: 'ok', level: 30 });
    expect(typeof access[0].durationMs).toBe('number');
  });

  it('makes one up when there is none, or when it is not a safe token', async () => {
    const plain = await post('{ __typename }');
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const forged = await post('{ __typename }', { 'x-request-id': 'x\tinjected "level":60' });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await post('{ __typename }', { 'x-request-id': 'a'.repeat(500) });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the request id to Salesforce on every request the GraphQL request makes', async () => {
    proxy.requests.length = 0;
    const response = await post('{ opportunities(first: 2) { edges { node { id lineItems { product { name } } account { name } } } } }', { 'x-request-id': 'trace-sf-0001' });
    expect(response.status).toBe(200);
    expect(proxy.requests.length).toBeGreaterThanOrEqual(2); // opportunities, then line items and accounts in batches
    expect(proxy.requests.map((r) => r.headers['x-request-id'])).toEqual(proxy.requests.map(() => 'trace-sf-0001'));
  });

  it('sends the request id to Stigg on the gateway\'s own operations', async () => {
    stiggRequests.length = 0;
    const response = await post('{ customer(id: "customer-initech") { id creditBalances { currencyId } } }', { 'x-request-id': 'trace-stigg-0004' });
    expect(response.status).toBe(200);
    const reads = stiggRequests.filter((r) => r.operations.includes('customers') || r.operations.includes('entitlementV2'));
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.map((r) => r.requestId)).toEqual(reads.map(() => 'trace-stigg-0004'));
  });

  it('logs every upstream call (Salesforce and Stigg) with the request id, service, operation, outcome and duration', async () => {
    await post('{ opportunity(id: "006Dn0000000002IAA") { name subscription { id } account { customer { id } } } }', { 'x-request-id': 'trace-both-0002' });
    const calls = entries().filter((e) => e.msg === 'upstream call' && e.requestId === 'trace-both-0002');
    expect(new Set(calls.map((c) => c.upstream))).toEqual(new Set(['salesforce', 'stigg']));
    for (const call of calls) {
      expect(call).toMatchObject({ outcome: 'ok' });
      expect(typeof call.operation).toBe('string');
      expect(typeof call.durationMs).toBe('number');
    }
  });

  it('logs failed upstream calls as warnings, with the request id', async () => {
    stack.stigg.faults.add({ operation: '*', failure: 'SERVER_ERROR', times: 1 });
    await post('{ customer(id: "customer-initech") { id } }', { 'x-request-id': 'trace-fail-0003' });
    const failed = entries().filter((e) => e.msg === 'upstream call failed' && e.requestId === 'trace-fail-0003');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 40, upstream: 'stigg', outcome: 'unavailable', errorCode: 'UPSTREAM_UNAVAILABLE' });
  });

  it('logs refused requests too (401), with their request id and no credential', async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-key-00000000000000000000', 'x-request-id': 'trace-401' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(401);
    const lines = stack.logs.filter((l) => l.includes('trace-401'));
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['authentication refused', 'request finished']);
    expect(JSON.parse(lines[1])).toMatchObject({ status: 401, outcome: 'UNAUTHENTICATED' });
    expect(lines.join('\n')).not.toContain('wrong-key');
  });

  it('every line is one JSON object; every line written during a request carries a request id', () => {
    expect(stack.logs.length).toBeGreaterThan(10);
    for (const line of stack.logs) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.trimEnd()).not.toContain('\n');
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(typeof entry.level).toBe('number');
      expect(typeof entry.time).toBe('number');
      expect(typeof entry.msg).toBe('string');
    }
    const startupMessages = new Set(['journal: opened']);
    const requestTime = entries().filter((e) => !startupMessages.has(String(e.msg)));
    expect(requestTime.length).toBeGreaterThan(0);
    for (const entry of requestTime) expect(typeof entry.requestId).toBe('string');
  });
});
