/**
 * Limits shared across replicas: with DATABASE_URL the per-key limit and the Stigg pacer's
 * budgets are rate-limiter-flexible counters in PostgreSQL (RateLimiterPostgres, table
 * gateway_rate_limits in the journal's schema), so two replicas together admit a budget
 * once, not once each. Two in-process gateways on one sandbox and one PostgreSQL schema
 * (each with its own pool, as two processes have), and two pacers on two stores.
 * Needs TEST_DATABASE_URL (`npm test` sets it; or
 * `TEST_DATABASE_URL="$(bash scripts/postgres/ensure-postgres.sh)"`).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/load-config';
import { startGateway, RunningGateway } from '../../src/gateway';
import { createLogger } from '../../src/observability/logger';
import { startSandbox, RunningSandbox } from '../../src/sandbox/start-sandbox';
import { RateLimiter } from '../../src/server/rate-limit/rate-limiter';
import { GatewayError } from '../../src/errors/gateway-error';
import { PACING_TABLE, RATE_LIMIT_TABLE, RateLimitStore, StiggPacer } from '../../src/services/stigg/pacing';

const DATABASE_URL = process.env.TEST_DATABASE_URL || null;
const A = 'shared-limit-key-a-000000000001';
const B = 'shared-limit-key-b-000000000001';
const C = 'shared-limit-key-c-000000000001';
const QUERY = '{ __typename }';
const describePostgres = DATABASE_URL ? describe : describe.skip;
const title = DATABASE_URL
  ? 'limits shared by two replicas on PostgreSQL'
  : 'limits shared by two replicas on PostgreSQL SKIPPED: set TEST_DATABASE_URL (bash scripts/postgres/ensure-postgres.sh)';

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL! });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describePostgres(title, () => {
  const schema = `shared_limits_${randomBytes(5).toString('hex')}`;
  let databaseUrl: string;
  let sandbox: RunningSandbox;
  const replicas: RunningGateway[] = [];
  const stores: RateLimitStore[] = [];

  async function post(replica: RunningGateway, token: string): Promise<{ status: number; retryAfter: string | null; code?: unknown }> {
    const response = await fetch(`${replica.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = await response.json() as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code };
  }

  async function openStore(): Promise<RateLimitStore> {
    const store = await RateLimitStore.open({ databaseUrl });
    stores.push(store);
    return store;
  }

  beforeAll(async () => {
    await admin((client) => client.query(`create schema ${schema}`));
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    sandbox = await startSandbox({ salesforcePort: 0, stiggPort: 0 });
    const d = sandbox.describe();
    // 4 requests per key per 40 s: no window ends while the suite runs, however busy the machine
    const config = loadConfig({
      PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl,
      GATEWAY_API_KEYS: `${A}:read;${B}:read;${C}:read`, GATEWAY_RATE_LIMIT_PER_SECOND: '0.1', GATEWAY_RATE_LIMIT_BURST: '4',
    });
    const start = () => startGateway({
      config,
      logger: createLogger('warn', { write: () => undefined }),
      upstreams: {
        salesforce: { kind: 'session', instanceUrl: d.salesforce.instanceUrl, accessToken: d.salesforce.accessToken },
        stigg: { apiKey: d.stigg.apiKey, baseUri: d.stigg.baseUri },
      },
    });
    // both start at once: creating the counters' table must be safe when replicas race
    replicas.push(...await Promise.all([start(), start()]));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await Promise.all(stores.map((s) => s.close()));
    await sandbox?.stop();
    await admin((client) => client.query(`drop schema if exists ${schema} cascade`));
  });

  it('replicas opening the counters at the same moment on a new schema all start (PostgreSQL refuses the second of two concurrent CREATE TABLE IF NOT EXISTS)', async () => {
    for (let round = 0; round < 5; round++) {
      const fresh = `${schema}_race${round}`;
      await admin((client) => client.query(`create schema ${fresh}`));
      try {
        const url = new URL(DATABASE_URL!);
        url.searchParams.set('options', `-c search_path=${fresh}`);
        const opened = await Promise.allSettled(Array.from({ length: 4 }, () => RateLimitStore.open({ databaseUrl: url.toString() })));
        await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
        expect(opened.map((o) => (o.status === 'fulfilled' ? 'opened' : String(o.reason)))).toEqual(['opened', 'opened', 'opened', 'opened']);
      } finally {
        await admin((client) => client.query(`drop schema if exists ${fresh} cascade`));
      }
    }
  });

  it('the counters live in the journal\'s schema', async () => {
    const tables = await admin((client) => client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1', [schema]));
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining([RATE_LIMIT_TABLE, PACING_TABLE]));
  });

  it('one key\'s budget is shared by both replicas: 4 requests in all, then 429 RATE_LIMITED from either', async () => {
    const [one, two] = replicas;
    const served = [await post(one, A), await post(two, A), await post(one, A), await post(two, A)];
    expect(served.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const refused = [await post(two, A), await post(one, A)];
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.code).toBe('RATE_LIMITED');
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // another key has its own budget, on either replica
    expect((await post(two, B)).status).toBe(200);
    expect((await post(one, B)).status).toBe(200);
  });

  it('a flood split across both replicas is admitted once: exactly the budget of 4', async () => {
    const flood = await Promise.all(Array.from({ length: 20 }, (_, i) => post(replicas[i % 2], C)));
    const statuses = flood.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16);
  });

  it("two replicas' Stigg pacers draw on one budget per operation: together they send it once", async () => {
    const [storeOne, storeTwo] = [await openStore(), await openStore()];
    // 10 per 10 min: a bucket of 8 (less the jitter reserve of 2), the next call a minute later; maxWaitMs 1 refuses instead of waiting
    const options = { windowMs: 600_000, jitterMs: 0, maxWaitMs: 1, operationLimits: { provisionSubscription: 10 } };
    const pacers = [new StiggPacer({ ...options, store: storeOne }), new StiggPacer({ ...options, store: storeTwo })];
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => pacers[i % 2].pace('provisionSubscription', null)
      .then(() => 'sent', (err: unknown) => (err instanceof GatewayError ? err.code : String(err)))));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(8);
    expect(outcomes.filter((o) => o === 'UPSTREAM_RATE_LIMITED')).toHaveLength(4);
    // a replica counting in memory alone would have sent 8 by itself
    const alone = new StiggPacer({ ...options, store: RateLimitStore.memory() });
    const own = await Promise.all(Array.from({ length: 9 }, () => alone.pace('provisionSubscription', null).then(() => 'sent', () => 'refused')));
    expect(own.filter((o) => o === 'sent')).toHaveLength(8);
  });

  it("a customer's budget is shared too: its mutations from both replicas count against one entity budget", async () => {
    const [storeOne, storeTwo] = [await openStore(), await openStore()];
    // entity: 3 per 10 min less 2 of headroom = 1 call, then one per 200 s
    const options = { windowMs: 600_000, jitterMs: 0, maxWaitMs: 1, entityLimit: 3 };
    const pacers = [new StiggPacer({ ...options, store: storeOne }), new StiggPacer({ ...options, store: storeTwo })];
    const outcomes = await Promise.all([
      pacers[0].pace('provisionCustomer', 'customer-shared').then(() => 'sent', () => 'refused'),
      pacers[1].pace('provisionSubscription', 'customer-shared').then(() => 'sent', () => 'refused'),
    ]);
    expect(outcomes.sort()).toEqual(['refused', 'sent']);
  });

  it("the pacer's buckets live in the journal's schema, one row per budget key, on the database's clock", async () => {
    const store = await openStore();
    const shared = new StiggPacer({ windowMs: 600_000, jitterMs: 0, maxWaitMs: 1, operationLimits: { creditGrants: 10 }, store });
    await shared.pace('creditGrants');
    const rows = await admin((client) => client.query(`select key, tat - extract(epoch from clock_timestamp()) * 1000 as ahead from ${schema}.${PACING_TABLE} where key like '%creditGrants%'`));
    expect(rows.rows).toHaveLength(1);
    // one call of 10 per 10 min moves the bucket's full-again instant one minute ahead
    expect(Number(rows.rows[0].ahead)).toBeGreaterThan(55_000);
    expect(Number(rows.rows[0].ahead)).toBeLessThanOrEqual(60_000);
  });

  it('when PostgreSQL fails, the pacer counts in its own memory at its share of the limit and keeps pacing', async () => {
    const store = await openStore();
    // 10 per 10 min, this replica's share 0.5 while alone: a bucket of 3 (5 less the reserve of 2)
    const pacer = new StiggPacer({ windowMs: 600_000, jitterMs: 0, maxWaitMs: 1, share: 0.5, operationLimits: { creditBalanceSummary: 10 }, store });
    await admin((client) => client.query(`drop table ${schema}.${PACING_TABLE}`));
    try {
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => pacer.pace('creditBalanceSummary').then(() => 'sent', (err: unknown) => (err instanceof GatewayError ? err.code : String(err)))));
      expect(outcomes).toEqual(['sent', 'sent', 'sent', 'UPSTREAM_RATE_LIMITED', 'UPSTREAM_RATE_LIMITED']);
    } finally {
      await RateLimitStore.open({ databaseUrl }).then((s) => s.close());
    }
  });

  it('when PostgreSQL fails, each replica counts in its own memory (insurance limiter) and keeps answering', async () => {
    const store = await openStore();
    const limiter = new RateLimiter({ ratePerSecond: 0.1, burst: 2, store });
    await admin((client) => client.query(`drop table ${schema}.${RATE_LIMIT_TABLE}`));
    try {
      const verdicts = [await limiter.take('k'), await limiter.take('k'), await limiter.take('k')];
      expect(verdicts.map((v) => v.allowed)).toEqual([true, true, false]);
    } finally {
      // created again, as a replica starting would
      await RateLimitStore.open({ databaseUrl }).then((s) => s.close());
    }
  });
});
