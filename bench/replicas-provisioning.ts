/*
 * Two gateway replicas provisioning 1,000 deals under Stigg's limits, sharing one budget.
 *
 *   npm run bench:replicas        (node -r ./scripts/ts-register.js bench/replicas-provisioning.ts)
 *
 * The sandbox process (bench/sandbox-process.ts) runs both emulators; two gateways
 * (src/main.ts, real-upstream mode) share one PostgreSQL journal (a fresh schema of
 * BENCH_DATABASE_URL, TEST_DATABASE_URL, or scripts/postgres/ensure-postgres.sh's server), so
 * their Stigg pacers draw on one set of budgets (token buckets in PostgreSQL). The Stigg
 * emulator enforces the published limits with time scaled as `npm run bench` scales it (every
 * limit per 15 s); the deals are those of bench/run-bench.ts row 4 (961 customers, one of them
 * with 40 deals), sent by 64 clients in turn to either replica (deal i to replica i mod 2).
 *
 * Reports the time against the bound (the same formula as bench/run-bench.ts: the slowest of
 * Stigg's token buckets, full at the start), the 429s Stigg's emulator answered, duplicate
 * subscriptions and customers, and how busy the machine was. Prints a JSON summary last.
 *
 * BENCH_REPLICAS_TIME_SCALE=1 keeps Stigg's limits per minute (bound 180 s) for a machine too busy for
 * the scaled run. BENCH_REPLICAS_PACERS_ONLY=1 measures the shared budget alone, for a machine too busy
 * to run the gateways at the bound: two StiggPacers on two stores (two pg pools) over one PostgreSQL
 * schema release the deals' 1,000 provisionSubscription calls (64 callers each), each checked at release
 * against the Stigg emulator's own limiter (in process), with no gateway, Salesforce or journal work.
 * BENCH_REPLICAS_UNLIMITED=1 runs the same deals with the emulator's limits and the gateway's pacing
 * off: the control that says how fast this machine provisions at all, limits or not.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { graphql, pool } from './lib/graphql';
import { Child, ROOT, childEnv, firstJsonLine, forkTs, freePort, machineBusyMs, spawnNode, waitFor200 } from './lib/processes';
import { createDeals, salesforceConnection } from './lib/seed';
import { provisioningBound } from './lib/provisioning-bound';
import type { ProvisioningAudit } from './sandbox-process';
import { parse, OperationDefinitionNode } from 'graphql';
import { RateLimitStore, StiggPacer } from '../src/services/stigg/pacing';
import { StiggRateLimiter } from '../src/sandbox/stigg/rate-limits';

const KEY = 'bench-replicas-key-000000000000';
const DEALS = 1_000;
const HOT_ACCOUNT_DEALS = 40;
/** `npm run bench`'s scale (limits per 15 s); BENCH_REPLICAS_TIME_SCALE=1 runs at Stigg's real limits (per 60 s). */
const TIME_SCALE = Number(process.env.BENCH_REPLICAS_TIME_SCALE ?? 4);
const WINDOW_MS = 60_000 / TIME_SCALE;
const CLIENTS = 64;
const UNLIMITED = process.env.BENCH_REPLICAS_UNLIMITED === '1';
const PROVISION = 'mutation P($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { id status error { code message step } } }';

interface Description {
  salesforce: { instanceUrl: string; loginUrl: string; accessToken: string; apiVersion: string };
  stigg: { baseUri: string; apiKey: string };
}

const log = (msg: string): void => { process.stderr.write(`[replicas ${new Date().toISOString().slice(11, 19)}] ${msg}\n`); };

function databaseUrl(): string {
  const given = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (given) return given;
  return execFileSync('bash', [path.join(ROOT, 'scripts', 'postgres', 'ensure-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

async function admin<T = unknown>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Two pacers sharing PostgreSQL release DEALS provisionSubscription calls; the emulator's limiter counts refusals. */
async function pacersOnly(url: string): Promise<void> {
  const schema = `bench_pacers_${randomBytes(4).toString('hex')}`;
  await admin(url, `create schema ${schema}`);
  const shared = new URL(url);
  shared.searchParams.set('options', `-c search_path=${schema}`);
  const stores = [await RateLimitStore.open({ databaseUrl: shared.toString() }), await RateLimitStore.open({ databaseUrl: shared.toString() })];
  try {
    const pacers = stores.map((store) => new StiggPacer({ store, windowMs: WINDOW_MS, maxWaitMs: 600_000 }));
    const emulator = new StiggRateLimiter({ windowMs: WINDOW_MS });
    const document = parse('mutation P($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { __typename } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const load0 = os.loadavg();
    const t0 = performance.now();
    let refused = 0;
    const calls = Array.from({ length: DEALS }, (_, i) => i);
    await Promise.all([0, 1].map((r) => pool(calls.filter((i) => i % 2 === r), CLIENTS, async (i) => {
      await pacers[r].pace('provisionSubscription', `customer-${i}`);
      if (!emulator.admit(document, operation, { input: { customerId: `customer-${i}` } }).allowed) refused += 1;
    })));
    const seconds = (performance.now() - t0) / 1000;
    const boundSeconds = (DEALS - 250) / (250 / (WINDOW_MS / 1000));
    const summary = {
      mode: 'pacers only: two StiggPacers, two pg pools, one PostgreSQL schema', calls: DEALS, windowMs: WINDOW_MS,
      seconds: Number(seconds.toFixed(1)), boundSeconds, percentOfBound: Number((100 * boundSeconds / seconds).toFixed(1)),
      stigg429: refused, perReplica: pacers.map((p) => p.stats()),
      machine: { cpus: os.cpus().length, loadAverageBefore: load0.map((v) => Number(v.toFixed(2))), loadAverageAfter: os.loadavg().map((v) => Number(v.toFixed(2))) },
    };
    log(`${DEALS} calls released in ${seconds.toFixed(1)} s against a bound of ${boundSeconds.toFixed(1)} s: ${summary.percentOfBound}%; Stigg 429s ${refused}`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await admin(url, `drop schema if exists ${schema} cascade`).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_REPLICAS_PACERS_ONLY === '1') return pacersOnly(databaseUrl());
  const children: Child[] = [];
  const url = databaseUrl();
  const schema = `bench_replicas_${randomBytes(4).toString('hex')}`;
  const cleanup = async () => {
    for (const c of children.reverse()) await c.stop().catch(() => undefined);
    await admin(url, `drop schema if exists ${schema} cascade`).catch(() => undefined);
  };
  process.once('SIGINT', () => { cleanup().finally(() => process.exit(130)); });
  try {
    await admin(url, `create schema ${schema}`);
    const shared = new URL(url);
    shared.searchParams.set('options', `-c search_path=${schema}`);

    log('starting the sandbox process');
    const sandbox = forkTs(path.join(__dirname, 'sandbox-process.ts'), childEnv({ NODE_ENV: 'production' }), 'sandbox');
    children.push(sandbox);
    const d = await firstJsonLine<Description>(sandbox);

    log('starting two gateway replicas on one PostgreSQL schema');
    const replicas: string[] = [];
    const started = await Promise.all([0, 1].map(async (i) => {
      const port = await freePort();
      const child = spawnNode(['-r', './scripts/ts-register.js', 'src/main.ts'], childEnv({
        PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
        SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl, SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken, SALESFORCE_API_VERSION: d.salesforce.apiVersion,
        STIGG_API_KEY: d.stigg.apiKey, STIGG_BASE_URI: d.stigg.baseUri,
        GATEWAY_API_KEYS: `${KEY}:read,provision`,
        DATABASE_URL: shared.toString(),
        GATEWAY_RATE_LIMIT_PER_SECOND: '1000000', GATEWAY_RATE_LIMIT_BURST: '1000000',
        STIGG_PACING_WINDOW_MS: String(WINDOW_MS),
        STIGG_PACING: UNLIMITED ? 'false' : 'true',
      }), `gateway-${i}`);
      children.push(child);
      await waitFor200(`http://127.0.0.1:${port}/readyz`, performance.now(), child, 120_000);
      return `http://127.0.0.1:${port}`;
    }));
    replicas.push(...started);

    log(`seeding ${DEALS} deals`);
    const conn = salesforceConnection({ ...d.salesforce });
    const deals = await createDeals(conn, {
      label: 'Replicas provisioning', accounts: DEALS - HOT_ACCOUNT_DEALS + 1, deals: DEALS, closeDate: '2028-07-01',
      accountOfDeal: (i) => (i % Math.floor(DEALS / HOT_ACCOUNT_DEALS) === 0 ? 0 : 1 + i - Math.ceil(i / Math.floor(DEALS / HOT_ACCOUNT_DEALS))),
      creditEntitlement: false,
    });

    log(`provisioning ${DEALS} deals through two replicas under Stigg's limits per ${WINDOW_MS / 1000} s`);
    await sandbox.request({ type: 'rateLimits', options: UNLIMITED ? null : { windowMs: WINDOW_MS } });
    const load0 = os.loadavg();
    const busy0 = machineBusyMs();
    const t0 = performance.now();
    let pending = deals.opportunityIds.map((id, i) => ({ id, replica: i % 2 }));
    const failures: Record<string, number> = {};
    const messages: Record<string, string[]> = {};
    let passes = 0;
    for (; pending.length > 0 && passes < 4; passes++) {
      const outcomes = await pool(pending, CLIENTS, async ({ id, replica }) => {
        const res = await graphql<{ provisionOpportunity: { status: string; error?: { code: string; message: string; step: string } | null } }>(replicas[replica], KEY, PROVISION, { input: { opportunityId: id } });
        const run = res.data?.provisionOpportunity;
        if (run?.status === 'SUCCEEDED') return null;
        const code = run?.error?.code ?? String(res.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`);
        const message = `${run?.error?.step ?? ''} ${run?.error?.message ?? res.errors?.[0]?.message ?? ''}`.trim();
        if ((messages[code] ??= []).length < 3 && !messages[code].includes(message)) messages[code].push(message);
        return code;
      });
      const next: typeof pending = [];
      outcomes.forEach((code, i) => {
        if (code === null) return;
        failures[code] = (failures[code] ?? 0) + 1;
        next.push(pending[i]);
      });
      pending = next;
    }
    const seconds = (performance.now() - t0) / 1000;
    const busyMs = busy0 === null ? null : (machineBusyMs() ?? busy0) - busy0;
    const load1 = os.loadavg();
    // how far each shared bucket was from full at the end (ms until full again): a bucket never drawn down means it was never what held the replicas back
    const counters = await admin<{ key: string; ms: number }>(shared.toString(),
      "select key, round(greatest(0, tat - extract(epoch from clock_timestamp()) * 1000)) as ms from gateway_stigg_pacing where key like 'stigg-operation:%' order by key");
    const limiter = await sandbox.request<{ refused: Record<string, number>; refusedTotal: number; admitted: Record<string, number> }>({ type: 'rateLimitStats' });
    await sandbox.request({ type: 'rateLimits', options: null });
    const audit = await sandbox.request<ProvisioningAudit>({ type: 'provisioningAudit', opportunityIds: deals.opportunityIds, accountIds: deals.accountIds });
    const subscriptions = Object.values(audit.subscriptionsPerOpportunity);
    const customers = Object.values(audit.customersPerAccount);
    const b = provisioningBound(deals, WINDOW_MS);
    const completed = DEALS - pending.length;
    const share = (completed / seconds) / (DEALS / b.seconds);
    const summary = {
      deals: DEALS,
      replicas: 2,
      limits: UNLIMITED ? 'off (control: no emulator limits, no pacing)' : `Stigg's published limits per ${WINDOW_MS} ms`,
      windowMs: WINDOW_MS,
      seconds: Number(seconds.toFixed(1)),
      bound: { seconds: Number(b.seconds.toFixed(1)), binding: b.binding },
      percentOfBound: Number((share * 100).toFixed(1)),
      completed,
      passes,
      failures,
      failureMessages: messages,
      sharedBucketsMsUntilFull: Object.fromEntries(counters.map((c) => [c.key, Number(c.ms)])),
      stigg429: limiter.refusedTotal,
      stigg429By: limiter.refused,
      admitted: limiter.admitted,
      duplicateSubscriptions: subscriptions.reduce((a, n) => a + Math.max(0, n - 1), 0),
      duplicateCustomers: customers.reduce((a, n) => a + Math.max(0, n - 1), 0),
      lost: subscriptions.filter((n) => n === 0).length,
      machine: {
        cpus: os.cpus().length,
        loadAverageBefore: load0.map((v) => Number(v.toFixed(2))),
        loadAverageAfter: load1.map((v) => Number(v.toFixed(2))),
        busyCpusDuringRun: busyMs === null ? null : Number((busyMs / (seconds * 1000)).toFixed(2)),
      },
    };
    const met = share >= 0.9 && summary.stigg429 === 0 && summary.duplicateSubscriptions === 0 && summary.duplicateCustomers === 0 && summary.lost === 0;
    log(`${completed}/${DEALS} in ${seconds.toFixed(1)} s against a bound of ${b.seconds.toFixed(1)} s (${b.binding}): ${(share * 100).toFixed(0)}%; `
      + `Stigg 429s ${summary.stigg429}, duplicates ${summary.duplicateSubscriptions} subscriptions / ${summary.duplicateCustomers} customers, lost ${summary.lost}: `
      + `${met ? 'MET' : 'NOT MET'} (>= 90%, 0 429s, 0 duplicates)`);
    process.stdout.write(`${JSON.stringify({ ...summary, met })}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`replicas bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
