import { startUpstreamStack, UpstreamStack } from '../helpers/upstream-stack';

/**
 * "Real upstream" mode against the emulators with OAuth client credentials: a
 * Salesforce session that expires is refreshed once and the request replayed;
 * a session refused again right after a refresh fails the call instead of
 * refreshing in a loop.
 */
const QUERY = '{ opportunities(first: 2) { edges { node { id } } } }';

async function settle(stack: UpstreamStack): Promise<void> {
  const warm = await stack.graphql(QUERY); // describe cached, first login done
  expect(warm.body.errors).toBeUndefined();
  stack.salesforce.counters.reset();
}

describe('an expired session', () => {
  let stack: UpstreamStack;
  beforeAll(async () => {
    stack = await startUpstreamStack();
  });
  afterAll(() => stack?.stop());

  it('logs in with client credentials at start (one token request)', async () => {
    const result = await stack.graphql(QUERY);
    expect(result.body.errors).toBeUndefined();
    expect(stack.salesforce.counters.snapshot().token).toBe(1);
  });

  it('is refreshed once and the request replayed (sessions.expireAll)', async () => {
    await settle(stack);
    stack.salesforce.sessions.expireAll();
    const result = await stack.graphql<{ opportunities: { edges: unknown[] } }>(QUERY);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.opportunities.edges).toHaveLength(2);
    const counters = stack.salesforce.counters.snapshot();
    expect(counters.token).toBe(1); // one new login
    expect(counters.query).toBe(2); // the refused request and its replay
    // The new session keeps working without more logins.
    expect((await stack.graphql(QUERY)).body.errors).toBeUndefined();
    expect(stack.salesforce.counters.snapshot().token).toBe(1);
  });

  it('concurrent requests share one refresh', async () => {
    await settle(stack);
    stack.salesforce.sessions.expireAll();
    const results = await Promise.all(Array.from({ length: 5 }, () => stack.graphql(QUERY)));
    for (const result of results) expect(result.body.errors).toBeUndefined();
    expect(stack.salesforce.counters.snapshot().token).toBe(1);
  });

  it('a session expiring again moments after a refresh is refreshed again (once per call)', async () => {
    await settle(stack);
    stack.salesforce.sessions.expireAll();
    expect((await stack.graphql(QUERY)).body.errors).toBeUndefined();
    stack.salesforce.sessions.expireAll();
    expect((await stack.graphql(QUERY)).body.errors).toBeUndefined();
    expect(stack.salesforce.counters.snapshot()).toMatchObject({ token: 2, query: 4 });
  });
});

describe('a session refused again after its refresh', () => {
  let stack: UpstreamStack;
  beforeAll(async () => {
    stack = await startUpstreamStack();
  });
  afterAll(() => stack?.stop());

  it('is refreshed once, not in a loop, and the call fails with INVALID_SESSION_ID', async () => {
    await settle(stack);
    stack.salesforce.faults.add({ operation: 'query', failure: 'INVALID_SESSION_ID' }); // every query: 401
    const started = Date.now();
    const result = await stack.graphql(QUERY);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.status).toBe(200);
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'salesforce', upstreamCode: 'INVALID_SESSION_ID' });
    const counters = stack.salesforce.counters.snapshot();
    expect(counters.token).toBe(1); // one refresh
    expect(counters.query).toBe(2); // the request and one replay
  });

  it('each later call also refreshes at most once: a bounded number of logins and requests, never a loop', async () => {
    stack.salesforce.counters.reset();
    const results = await Promise.all([stack.graphql(QUERY), stack.graphql(QUERY)]);
    for (const result of results) expect(result.body.errors?.[0].extensions?.upstreamCode).toBe('INVALID_SESSION_ID');
    const counters = stack.salesforce.counters.snapshot();
    expect(counters.token).toBeLessThanOrEqual(2); // one refresh per call at most
    // Per call: the request, its replay after its own refresh, and at most one replay after a refresh the other call made.
    expect(counters.query).toBeLessThanOrEqual(6);
  });

  it('recovers once Salesforce accepts the session again', async () => {
    stack.salesforce.faults.clear();
    const result = await stack.graphql(QUERY);
    expect(result.body.errors).toBeUndefined();
  });
});

describe('a ready session (SALESFORCE_ACCESS_TOKEN) that expires', () => {
  it('cannot be refreshed: the call fails with INVALID_SESSION_ID, no login, no loop', async () => {
    const stack = await startUpstreamStack({ salesforceAuth: 'session' });
    try {
      await settle(stack);
      stack.salesforce.faults.add({ operation: 'query', failure: 'INVALID_SESSION_ID', times: 1 });
      const result = await stack.graphql(QUERY);
      expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamCode: 'INVALID_SESSION_ID' });
      expect(stack.salesforce.counters.snapshot()).toMatchObject({ token: 0, query: 1 });
    } finally {
      await stack.stop();
    }
  });
});
