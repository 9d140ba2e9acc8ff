import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * Retries are the clients' own, never stacked: jsforce retries a Salesforce
 * read on 5xx (one more request per failure, then success), the gateway adds
 * none; a write (PATCH) is not retried; a Stigg 5xx is not replayed by the gateway.
 */
const QUERY = '{ opportunities(first: 2) { edges { node { id name } } } }';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());
afterEach(() => {
  stack.sandbox.salesforce.faults.clear();
  stack.sandbox.stigg.faults.clear();
});

describe('retries', () => {
  it('a Salesforce 500 once: jsforce retries the read, the caller sees data (2 requests, not more)', async () => {
    await stack.graphql(QUERY); // describe and the like are cached
    const sf = stack.sandbox.salesforce;
    sf.counters.reset();
    sf.faults.add({ operation: 'query', failure: 'SERVER_ERROR', times: 1 });
    const result = await stack.graphql<{ opportunities: { edges: unknown[] } }>(QUERY);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.opportunities.edges).toHaveLength(2);
    expect(sf.counters.snapshot().query).toBe(2);
  });

  it('a Salesforce 503 twice: retried by jsforce each time, still one answer (3 requests)', async () => {
    const sf = stack.sandbox.salesforce;
    sf.counters.reset();
    sf.faults.add({ operation: 'query', failure: 'SERVICE_UNAVAILABLE', times: 2 });
    const result = await stack.graphql(QUERY);
    expect(result.body.errors).toBeUndefined();
    expect(sf.counters.snapshot().query).toBe(3);
    expect(stack.gateway.services.policies.salesforce.state()).toBe('closed');
  });

  it('a Stigg 503 is not replayed by the gateway: as many requests as without the failure, UPSTREAM_UNAVAILABLE, partial data', async () => {
    const stigg = stack.sandbox.stigg;
    const query = '{ opportunity(id: "006Dn0000000002IAA") { name subscription { id } } }';
    await stack.graphql(query);
    stigg.counters.reset();
    await stack.graphql(query);
    const healthy = stigg.counters.snapshot().graphql; // HTTP requests one such query sends to Stigg
    stigg.counters.reset();
    stigg.faults.add({ operation: 'subscriptions', failure: 'SERVICE_UNAVAILABLE', times: 1 });
    const result = await stack.graphql<{ opportunity: { name: string; subscription: unknown } }>(query);
    expect(result.status).toBe(200);
    expect(result.body.data?.opportunity.name).toBeTruthy(); // the Salesforce half is there
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg' });
    expect(result.body.errors?.[0].path).toEqual(['opportunity', 'subscription']);
    expect(stigg.counters.snapshot().graphql).toBe(healthy); // the failed request was not sent again
    expect(JSON.stringify(result.body)).not.toMatch(/<html|Service Unavailable<\//i); // no raw upstream payload
  });
});
