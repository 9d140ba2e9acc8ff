import { startTestStack, TestStack } from '../helpers/test-stack';
import { startUpstreamStack, UpstreamStack } from '../helpers/upstream-stack';

/**
 * Salesforce's API quota: a 403 REQUEST_LIMIT_EXCEEDED is never retried and
 * opens the breaker at once (later calls fail fast with UPSTREAM_RATE_LIMITED
 * and no request); when Sforce-Limit-Info shows the org near its daily
 * allowance, reads are shed before they are sent.
 */
const QUERY = '{ opportunities(first: 2) { edges { node { id name } } } }';

function salesforceRequests(counters: Record<string, number>): number {
  return Object.values(counters).reduce((a, b) => a + b, 0);
}

describe('403 REQUEST_LIMIT_EXCEEDED', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.stop());

  it('is not retried, opens the breaker, and later calls fail fast without reaching Salesforce', async () => {
    const sf = stack.sandbox.salesforce;
    sf.counters.reset();
    sf.faults.add({ operation: 'query', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });

    const first = await stack.graphql(QUERY);
    expect(first.status).toBe(200);
    expect(first.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', service: 'salesforce', upstreamCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(first.body.errors?.[0].message).not.toMatch(/TotalRequests/); // no raw upstream payload
    expect(sf.counters.snapshot().query).toBe(1); // exactly one request: not retried
    const sent = salesforceRequests(sf.counters.snapshot());

    // The fault is used up, but the breaker is open: nothing is sent.
    for (let i = 0; i < 3; i++) {
      const next = await stack.graphql(QUERY);
      expect(next.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', service: 'salesforce', circuit: 'open' });
    }
    expect(salesforceRequests(sf.counters.snapshot())).toBe(sent);

    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks).toMatchObject({ salesforce: 'failing: circuit open', journal: 'ok', stigg: 'ok' });

    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_circuit_state\{service="salesforce"\} 1/);
    expect(metrics).toMatch(/gateway_upstream_requests_total\{service="salesforce",operation="[^"]+",outcome="rate_limited"\} 1/);
    expect(metrics).toMatch(/gateway_upstream_requests_total\{service="salesforce",operation="[^"]+",outcome="short_circuited"\} [3-9]/);
  });

  it('Stigg reads still work while the Salesforce breaker is open', async () => {
    const result = await stack.graphql<{ customer: { name: string } }>('{ customer(id: "customer-initech") { name } }');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer.name).toBe('Initech');
  });
});

describe('Sforce-Limit-Info near the daily allowance', () => {
  let stack: UpstreamStack;
  const LIMIT = 200;
  beforeAll(async () => {
    stack = await startUpstreamStack({ salesforce: { dailyApiLimit: LIMIT, enforceDailyApiLimit: true } });
  });
  afterAll(() => stack?.stop());

  it('sheds reads once the org has used 95% of it, before calling Salesforce', async () => {
    const sf = stack.salesforce;
    const ok = await stack.graphql(QUERY);
    expect(ok.body.errors).toBeUndefined();
    // Other integrations of the org use its allowance too.
    const { accessToken, apiVersion } = sf.credentials;
    while (sf.apiUsage().used < Math.ceil(LIMIT * 0.95) - 1) {
      await fetch(`${sf.url}/services/data/v${apiVersion}/limits`, { headers: { authorization: `Bearer ${accessToken}` } });
    }
    const last = await stack.graphql(QUERY); // sees api-usage at 95% in its response
    expect(last.body.errors).toBeUndefined();

    const before = salesforceRequests(sf.counters.snapshot());
    const shed = await stack.graphql(QUERY);
    expect(shed.status).toBe(200);
    expect(shed.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', service: 'salesforce', shed: 'quota-guard', limit: LIMIT });
    expect(salesforceRequests(sf.counters.snapshot())).toBe(before); // not sent
    expect(sf.apiUsage().used).toBeLessThan(LIMIT); // the org never ran out

    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`gateway_salesforce_api_requests_limit ${LIMIT}`));
    const remaining = Number(/gateway_salesforce_api_requests_remaining (\d+)/.exec(metrics)?.[1]);
    expect(remaining).toBeLessThanOrEqual(LIMIT * 0.05);
    expect(metrics).toMatch(/gateway_upstream_requests_total\{service="salesforce",operation="[^"]+",outcome="short_circuited"\} 1/);
  });

  it('shedding is not an outage: the breaker stays closed and /readyz stays ready', async () => {
    expect(stack.gateway.services.policies.salesforce.state()).toBe('closed');
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
