import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * A Stigg outage opens Stigg's circuit breaker after 5 failures in a row: later
 * calls fail fast (UPSTREAM_UNAVAILABLE, circuit open, no request), /readyz
 * reports Stigg failing, Salesforce reads go on; the breaker lets a trial call
 * through after UPSTREAM_BREAKER_HALF_OPEN_MS (10 s by default, 2 s here) and
 * closes when Stigg is back.
 */
const HALF_OPEN_MS = 2_000;
const CUSTOMER = '{ customer(id: "customer-initech") { id name } }';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ UPSTREAM_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS) });
});
afterAll(() => stack?.stop());

async function readiness(): Promise<{ status: number; checks: Record<string, string> }> {
  const response = await fetch(`${stack.url}/readyz`);
  return { status: response.status, checks: ((await response.json()) as { checks: Record<string, string> }).checks };
}

describe('Stigg outage', () => {
  it('is ready while Stigg answers', async () => {
    expect(await readiness()).toEqual({ status: 200, checks: { journal: 'ok', salesforce: 'ok', stigg: 'ok' } });
  });

  it('opens the Stigg breaker after 5 failures; later calls fail fast without a request; /readyz says so', async () => {
    const stigg = stack.sandbox.stigg;
    stigg.faults.add({ operation: '*', failure: 'SERVICE_UNAVAILABLE' });
    stigg.counters.reset();
    for (let i = 0; i < 5; i++) {
      const result = await stack.graphql(CUSTOMER);
      expect(result.status).toBe(200);
      expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg' });
      expect(result.body.errors?.[0].extensions?.circuit).toBeUndefined();
    }
    expect(stigg.counters.snapshot().graphql).toBe(5);
    expect(stack.gateway.services.policies.stigg.state()).toBe('open');

    for (let i = 0; i < 5; i++) {
      const result = await stack.graphql(CUSTOMER);
      expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg', circuit: 'open' });
    }
    expect(stigg.counters.snapshot().graphql).toBe(5); // nothing more reached Stigg

    const ready = await readiness();
    expect(ready.status).toBe(503);
    expect(ready.checks).toEqual({ journal: 'ok', salesforce: 'ok', stigg: 'failing: circuit open' });
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_circuit_state\{service="stigg"\} 1/);
    expect(metrics).toMatch(/gateway_circuit_state\{service="salesforce"\} 0/);
  });

  it('Salesforce reads go on, with the Stigg half reported per field', async () => {
    const result = await stack.graphql<{ opportunity: { name: string; subscription: unknown } }>(
      '{ opportunity(id: "006Dn0000000002IAA") { name subscription { id } } }');
    expect(result.status).toBe(200);
    expect(result.body.data?.opportunity.name).toBeTruthy();
    expect(result.body.data?.opportunity.subscription).toBeNull();
    expect(result.body.errors?.[0]).toMatchObject({ path: ['opportunity', 'subscription'], extensions: { code: 'UPSTREAM_UNAVAILABLE', service: 'stigg' } });
  });

  it('closes again once Stigg is back (a trial call after the half-open time)', async () => {
    stack.sandbox.stigg.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_MS + 200));
    const result = await stack.graphql<{ customer: { name: string } }>(CUSTOMER);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer.name).toBe('Initech');
    expect(stack.gateway.services.policies.stigg.state()).toBe('closed');
    expect((await readiness()).status).toBe(200);
  }, 20_000);
});
