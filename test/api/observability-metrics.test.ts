import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * GET /metrics (Prometheus text format): requests by operation and outcome
 * (refusals before GraphQL included), upstream calls and their latency by
 * service and operation, provisioning runs by status, the Salesforce API
 * quota left, circuit states, and the process's own metrics.
 */
const KEYS = { reader: 'metrics-reader-key-000000000001', admin: 'metrics-admin-key-0000000000001' };
let stack: TestStack;
let text: string;

beforeAll(async () => {
  stack = await startTestStack({
    GATEWAY_API_KEYS: `${KEYS.reader}:read;${KEYS.admin}:admin`,
    GATEWAY_RATE_LIMIT_PER_SECOND: '1000', GATEWAY_RATE_LIMIT_BURST: '1000',
  });
  const named = (name: string, query: string, token = KEYS.admin) => fetch(`${stack.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, operationName: name }),
  });
  await named('PortalDeals', 'query PortalDeals { opportunities(first: 3) { edges { node { id lineItems { id } subscription { id } } } } }');
  await named('PortalDeals', 'query PortalDeals { opportunities(first: 3) { edges { node { id } } } }');
  await named('Provision', 'mutation Provision { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id } }', KEYS.reader);
  await named('Provision', 'mutation Provision { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id status } }');
  await named('Trial', 'mutation Trial { startTrial(input: { opportunityId: "006Dn0000000001IAA" }) { id status } }');
  await named('Deep', `query Deep { ${'opportunity(id: "x") { account { opportunities { '.repeat(5)} id ${'} } }'.repeat(5)} }`);
  await named('Anything', '{ __typename }', 'no-such-key-000000000000000000');
  stack.sandbox.stigg.faults.add({ operation: '*', failure: 'SERVER_ERROR', times: 1 });
  await named('Customer', 'query Customer { customer(id: "customer-initech") { id } }');
  await named('Customer', 'query Customer { customer(id: "customer-initech") { id } }');
  text = await (await fetch(`${stack.url}/metrics`)).text();
});
afterAll(() => stack?.stop());

function value(series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('is Prometheus text', async () => {
    const response = await fetch(`${stack.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toMatch(/^# HELP gateway_requests_total /m);
  });

  it('counts requests by operation and outcome, refusals before GraphQL included', () => {
    expect(value('gateway_requests_total{operation="PortalDeals",outcome="ok"}')).toBe(2);
    expect(value('gateway_requests_total{operation="Provision",outcome="FORBIDDEN"}')).toBe(1);
    expect(value('gateway_requests_total{operation="Provision",outcome="ok"}')).toBe(1);
    expect(value('gateway_requests_total{operation="Deep",outcome="QUERY_TOO_DEEP"}')).toBe(1);
    expect(value('gateway_requests_total{operation="Customer",outcome="UPSTREAM_UNAVAILABLE"}')).toBe(1);
    expect(value('gateway_requests_total{operation="none",outcome="UNAUTHENTICATED"}')).toBe(1); // callers without a key do not name series
    expect(value('gateway_request_duration_seconds_count{operation="PortalDeals"}')).toBe(2);
  });

  it('counts upstream calls and their latency by service, operation and outcome', () => {
    const upstream = text.split('\n').filter((l) => l.startsWith('gateway_upstream_requests_total{'));
    const services = new Set(upstream.map((l) => /service="(\w+)"/.exec(l)![1]));
    expect(services).toEqual(new Set(['salesforce', 'stigg']));
    expect(upstream.some((l) => /service="stigg".*outcome="unavailable"/.test(l))).toBe(true);
    expect(upstream.some((l) => /service="salesforce",operation="[^"]+",outcome="ok"/.test(l))).toBe(true);
    expect(text).toMatch(/gateway_upstream_duration_seconds_bucket\{le="0\.005",service="salesforce",operation="[^"]+"\}/);
    expect(text).toMatch(/gateway_upstream_duration_seconds_sum\{service="stigg",operation="[^"]+"\}/);
  });

  it('counts provisioning runs by kind and status', () => {
    expect(value('gateway_provisioning_runs_total{kind="SUBSCRIPTION",status="SUCCEEDED"}')).toBe(1);
  });

  it('reports the Salesforce API quota left and the circuits', () => {
    expect(value('gateway_salesforce_api_requests_limit')).toBe(15_000);
    const remaining = value('gateway_salesforce_api_requests_remaining')!;
    expect(remaining).toBeGreaterThan(14_000);
    expect(remaining).toBeLessThan(15_000);
    expect(value('gateway_circuit_state{service="salesforce"}')).toBe(0);
    expect(value('gateway_circuit_state{service="stigg"}')).toBe(0);
  });

  it("exposes the process's memory and event loop", () => {
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('keeps operation names bounded: past 200 names, new ones count as "other"', async () => {
    for (let i = 0; i < 210; i += 30) {
      await Promise.all(Array.from({ length: 30 }, (_, j) => fetch(`${stack.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.reader}` },
        body: JSON.stringify({ query: `query Name${i + j} { __typename }` }),
      })));
    }
    const after = await (await fetch(`${stack.url}/metrics`)).text();
    const names = new Set(after.split('\n').filter((l) => l.startsWith('gateway_requests_total{')).map((l) => /operation="([^"]*)"/.exec(l)![1]));
    expect(names.size).toBeLessThanOrEqual(201);
    expect(names).toContain('other');
  });
});
