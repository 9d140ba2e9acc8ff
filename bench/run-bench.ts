/*
 * `npm run bench`: the gateway against its emulators, every figure from one run.
 *
 *   npm run build --silent && node -r ./scripts/ts-register.js bench/run-bench.ts
 *
 * Processes (all on loopback):
 *   - the sandbox (bench/sandbox-process.ts): both emulators, IPC for rate limits;
 *   - the gateway: the compiled `dist/src/main.js` in "real upstream" mode, pointed at
 *     the emulators with SALESFORCE_INSTANCE_URL/SALESFORCE_ACCESS_TOKEN/STIGG_API_KEY/
 *     STIGG_BASE_URI and an API key in GATEWAY_API_KEYS;
 *   - the in-memory baseline (bench/in-memory-server.ts): the same compiled gateway with
 *     its read services answered from memory;
 *   - this process: seeding (jsforce, sObject Collections), autocannon, the table.
 * Prints one table and writes it, with the machine and the details, to bench/RESULTS.md.
 * BENCH_QUICK=1 shortens the load runs (for trying the harness, not for RESULTS.md).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Child, childEnv, cpuMsOf, firstJsonLine, forkTs, freePort, GATEWAY_NODE_ARGS, ROOT, rssOf, spawnNode, waitFor200 } from './lib/processes';
import { ReplayedRuns, replayedRuns } from './lib/replayed-runs';
import { graphql, percentile, pool } from './lib/graphql';
import { createDeals, salesforceConnection } from './lib/seed';
import { provisioningBound, ProvisioningBound } from './lib/provisioning-bound';
import { load, LoadResult } from './lib/load';
import type { ProvisioningAudit } from './sandbox-process';
import { SALESFORCE_MAX_URI_BYTES } from '../src/services/salesforce/soql';
import { STIGG_IDS_PER_REQUEST } from '../src/services/stigg/stigg-batch-reader';
import { bucketFor, DEFAULT_JITTER_MS, jitterHeadroom, STIGG_LIMIT_WINDOW_MS, STIGG_OPERATION_LIMITS } from '../src/services/stigg/pacing';
import { measureReconciliationRequests, ReconciliationRequests, reconciliationRows } from './reconciliation-requests';
import { AutomationLatency, automationRows, measureAutomationLatency } from './automation-latency';

/** Closed/Won automation's row (bench/automation-latency.ts: its own gateway with its sandbox, after the rest). */
let automationLatency: AutomationLatency | null = null;

const QUICK = process.env.BENCH_QUICK === '1';
/** Hand-written findings (fixes with file and line), appended to RESULTS.md under the generated part. */
const FINDINGS = path.join(__dirname, 'findings.md');
const KEY = 'bench-key-0000000000000000';
const PORTAL_QUERY = readFileSync(path.join(ROOT, 'examples', 'operations', 'portal-opportunities.graphql'), 'utf8');
const TRIVIAL_QUERY = '{ __typename }';
/** The read set's deals close on this day; the portal filter `closedAfter` picks only them. */
const READ_SET_CLOSE = '2030-01-15';
const READ_SET_FILTER = { closedAfter: '2029-12-31' };
const SIZES = [10, 50, 200];
const READ_SET_SIZE = 200;
const PROVISIONING_DEALS = 1_000;
const HOT_ACCOUNT_DEALS = 40;
/**
 * Stigg's limits are per minute; the run scales time down by this factor (every
 * limit per 60 s / TIME_SCALE) so 1,000 provisionings fit in the 10-minute budget.
 */
const TIME_SCALE = 4;
const WINDOW_MS = 60_000 / TIME_SCALE;
const ADDED_LATENCY_MS = 50;
/**
 * Dependent upstream levels of the portal query: opportunities (Salesforce) -> their subscriptions
 * (Stigg, by opportunity id = the subscription's salesforceId) -> customer, credit balances and credit
 * entitlements (Stigg, by the customer and subscription ids the subscriptions carry). Line items
 * (Salesforce, by opportunity id, products as parent fields) and mappings (the cached catalog) run
 * beside the subscriptions.
 */
const PORTAL_LEVELS = 3;
const SALESFORCE_PAGE = 2_000;
const SALESFORCE_URI_BUDGET = SALESFORCE_MAX_URI_BYTES - 1_024; // the URI budget less ~1 KB for the instance URL, path and SOQL text
const STIGG_PAGE = STIGG_IDS_PER_REQUEST; // ids per batched Stigg document

interface Description {
  salesforce: { instanceUrl: string; loginUrl: string; accessToken: string; apiVersion: string };
  stigg: { baseUri: string; apiKey: string };
}

const log = (msg: string): void => { process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`); };
const mb = (bytes: number | null | undefined): string => (bytes == null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
/** autocannon's latencies are whole milliseconds: 0 means under 1 ms */
const ms = (v: number): string => (!Number.isFinite(v) ? 'n/a' : v === 0 ? '<1 ms' : `${v.toFixed(0)} ms`);
const x = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');

async function sandboxHttp(base: string, route: string, method = 'GET', body?: unknown): Promise<any> {
  const res = await fetch(`${base}${route}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

async function counters(d: Description): Promise<{ salesforce: Record<string, number>; stigg: Record<string, number> }> {
  const [salesforce, stigg] = await Promise.all([sandboxHttp(d.salesforce.instanceUrl, '/__sandbox/counters'), sandboxHttp(d.stigg.baseUri, '/__sandbox/counters')]);
  return { salesforce, stigg };
}

async function resetCounters(d: Description): Promise<void> {
  await Promise.all([sandboxHttp(d.salesforce.instanceUrl, '/__sandbox/counters', 'DELETE'), sandboxHttp(d.stigg.baseUri, '/__sandbox/counters', 'DELETE')]);
}

/** HTTP requests an emulator served: Salesforce counts one operation per request; Stigg counts `graphql` per request. */
const salesforceRequests = (c: Record<string, number>): number => Object.values(c).reduce((a, b) => a + b, 0);
const stiggRequests = (c: Record<string, number>): number => c.graphql ?? 0;

function gatewayEnv(d: Description, port: number, journalPath: string): NodeJS.ProcessEnv {
  return childEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl,
    SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken,
    SALESFORCE_API_VERSION: d.salesforce.apiVersion,
    STIGG_API_KEY: d.stigg.apiKey,
    STIGG_BASE_URI: d.stigg.baseUri,
    GATEWAY_API_KEYS: `${KEY}:read,provision,credits,admin`,
    JOURNAL_PATH: journalPath,
    LOG_LEVEL: 'info',
    // as `npm start` runs it (graphql-js skips its development-mode checks); the in-memory baseline runs the same
    NODE_ENV: 'production',
    // the per-key rate limit (50/s by default) would cap the load test, not measure the gateway
    GATEWAY_RATE_LIMIT_PER_SECOND: '1000000',
    GATEWAY_RATE_LIMIT_BURST: '1000000',
    // client-side Stigg pacing in the run's time scale (read once the pacer is wired, see bench/RESULTS.md)
    STIGG_PACING_WINDOW_MS: String(WINDOW_MS),
  });
}

interface PortalData {
  opportunities: {
    edges: Array<{ node: {
      id: string;
      account: { id: string } | null;
      lineItems: Array<{ product: { id: string } | null }>;
      subscription: { id: string; customer: { id: string; creditBalances: unknown[] } | null } | null;
    } }>;
  };
}

interface RoundTripRow {
  size: number;
  salesforce: number;
  stigg: number;
  idealSalesforce: number;
  idealStigg: number;
  salesforceOps: Record<string, number>;
  stiggOps: Record<string, number>;
  rows: Record<string, number>;
}

/**
 * The ideal per level of the query and upstream: ⌈rows ÷ page size⌉ × ⌈ids' bytes ÷ URI budget⌉.
 * Salesforce: level 1, the page of opportunities (accounts are parent fields of those rows);
 * level 2, their line items by opportunity id (products are parent fields of the line items).
 * Stigg (POST bodies: no URI budget; 250 ids per document): level 2, subscriptions by opportunity id;
 * level 3, customers, credit balances and credit entitlements, all keyed by ids the subscriptions
 * carry, in one aliased document. The catalog (mappings) is cached: 0 per query when warm.
 */
function idealRequests(data: PortalData): { salesforce: number; stigg: number; rows: Record<string, number> } {
  const nodes = data.opportunities.edges.map((e) => e.node);
  const inListBytes = (ids: string[]) => ids.reduce((n, id) => n + Buffer.byteLength(encodeURIComponent(`'${id}',`)), 2);
  const sf = (rows: number, keys: string[]) => (keys.length === 0 ? 0 : Math.max(1, Math.ceil(rows / SALESFORCE_PAGE)) * Math.ceil(inListBytes(keys) / SALESFORCE_URI_BUDGET));
  const st = (keys: string[]) => (keys.length === 0 ? 0 : Math.ceil(keys.length / STIGG_PAGE));
  const oppIds = nodes.map((n) => n.id);
  const accountIds = [...new Set(nodes.flatMap((n) => (n.account ? [n.account.id] : [])))];
  const lineRows = nodes.reduce((a, n) => a + n.lineItems.length, 0);
  const productIds = [...new Set(nodes.flatMap((n) => n.lineItems.flatMap((l) => (l.product ? [l.product.id] : []))))];
  const subscriptionIds = [...new Set(nodes.flatMap((n) => (n.subscription ? [n.subscription.id] : [])))];
  const customerIds = [...new Set(nodes.flatMap((n) => (n.subscription?.customer ? [n.subscription.customer.id] : [])))];
  const salesforce = Math.max(1, Math.ceil(oppIds.length / SALESFORCE_PAGE)) // level 1: the page of opportunities, with their accounts
    + sf(lineRows, oppIds); // level 2: their line items, with their products
  const stigg = st(oppIds) // level 2: subscriptions of these opportunities
    + Math.max(st(customerIds), st(subscriptionIds)); // level 3: customers + balances + credit entitlements, one document
  return {
    salesforce,
    stigg,
    rows: { opportunities: oppIds.length, accounts: accountIds.length, lineItems: lineRows, products: productIds.length, subscriptions: subscriptionIds.length, customers: customerIds.length },
  };
}

async function portal(url: string, first: number): Promise<PortalData> {
  const res = await graphql<PortalData>(url, KEY, PORTAL_QUERY, { first, filter: READ_SET_FILTER });
  if (res.status !== 200 || res.errors?.length || !res.data) throw new Error(`portal query (first ${first}) failed: ${res.status} ${JSON.stringify(res.errors ?? res).slice(0, 600)}`);
  return res.data;
}

const PROVISION = 'mutation P($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { id status subscriptionId customerId error { code message step } } }';
const GRANT = 'mutation G($input: GrantCreditsInput!) { grantCredits(input: $input) { id } }';

interface RunResult { status: string; error?: { code: string; message: string; step: string } | null }

async function provision(url: string, opportunityId: string): Promise<{ ok: boolean; code: string | null; customerId?: string }> {
  const res = await graphql<{ provisionOpportunity: RunResult & { customerId: string } }>(url, KEY, PROVISION, { input: { opportunityId } });
  const run = res.data?.provisionOpportunity;
  if (run?.status === 'SUCCEEDED') return { ok: true, code: null, customerId: run.customerId };
  const code = run?.error?.code ?? String(res.errors?.[0]?.extensions?.code ?? res.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return { ok: false, code };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAverage = os.loadavg();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'o2c-bench-'));
  const children: Child[] = [];
  const cleanup = async () => {
    for (const c of children.reverse()) await c.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => { cleanup().finally(() => process.exit(130)); });
  try {
    // ---------------------------------------------------------------- sandbox
    log('starting the sandbox process');
    // NODE_ENV=production as under `npm start`, where the emulators run in the gateway's process
    const sandbox = forkTs(path.join(__dirname, 'sandbox-process.ts'), childEnv({ NODE_ENV: 'production' }), 'sandbox');
    children.push(sandbox);
    const d = await firstJsonLine<Description>(sandbox);

    // ---------------------------------------------------------------- 5. cold start (three starts, median)
    const coldStarts: number[] = [];
    let gateway: Child | null = null;
    let gatewayUrl = '';
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const t0 = performance.now();
      const g = spawnNode([...GATEWAY_NODE_ARGS, path.join(ROOT, 'dist', 'src', 'main.js')], gatewayEnv(d, port, path.join(tmp, `journal-${i}.db`)), 'gateway');
      children.push(g);
      coldStarts.push(await waitFor200(`http://127.0.0.1:${port}/readyz`, t0, g));
      if (i < 2) await g.stop();
      else { gateway = g; gatewayUrl = `http://127.0.0.1:${port}`; }
    }
    log(`gateway ready; cold starts ${coldStarts.map((v) => v.toFixed(0)).join(', ')} ms`);
    await new Promise((r) => setTimeout(r, 1_000));
    const idleRss = rssOf(gateway!.pid);

    // ---------------------------------------------------------------- data
    log('seeding Salesforce through sObject Collections');
    const conn = salesforceConnection({ ...d.salesforce });
    const readSet = await createDeals(conn, {
      label: 'Bench portal', accounts: READ_SET_SIZE, deals: READ_SET_SIZE, closeDate: READ_SET_CLOSE, accountOfDeal: (i) => i, creditEntitlement: true,
    });
    const provisioningSet = await createDeals(conn, {
      label: 'Bench provisioning', accounts: PROVISIONING_DEALS - HOT_ACCOUNT_DEALS + 1, deals: PROVISIONING_DEALS, closeDate: '2028-06-01',
      // the first account is a busy one (its deals spread over the run), every other account has one deal
      accountOfDeal: (i) => (i % Math.floor(PROVISIONING_DEALS / HOT_ACCOUNT_DEALS) === 0 ? 0 : 1 + i - Math.ceil(i / Math.floor(PROVISIONING_DEALS / HOT_ACCOUNT_DEALS))),
      creditEntitlement: false,
    });
    log('provisioning three of every four portal deals and granting their customers credits (no rate limits yet)');
    const toProvision = readSet.opportunityIds.filter((_, i) => i % 4 !== 3);
    const provisioned = await pool(toProvision, 8, (id) => provision(gatewayUrl, id));
    const bad = provisioned.filter((p) => !p.ok);
    if (bad.length) throw new Error(`provisioning the read set failed: ${JSON.stringify(bad.slice(0, 3))}`);
    await pool(provisioned, 8, async (p, i) => {
      const res = await graphql(gatewayUrl, KEY, GRANT, { input: {
        customerId: p.customerId, currencyId: 'currency-api-credits', amount: 1_000 + i, grantType: 'PROMOTIONAL', displayName: 'Bench welcome credits', idempotencyKey: `bench-grant-${i}`,
      } });
      if (res.errors?.length) throw new Error(`grantCredits failed: ${JSON.stringify(res.errors)}`);
    });

    // ---------------------------------------------------------------- 1. round trips
    log('round trips');
    await portal(gatewayUrl, 200); // warm: describe and catalog are cached per process
    const roundTrips: RoundTripRow[] = [];
    for (const size of SIZES) {
      await resetCounters(d);
      const data = await portal(gatewayUrl, size);
      const c = await counters(d);
      const ideal = idealRequests(data);
      roundTrips.push({
        size, salesforce: salesforceRequests(c.salesforce), stigg: stiggRequests(c.stigg), idealSalesforce: ideal.salesforce, idealStigg: ideal.stigg,
        salesforceOps: c.salesforce, stiggOps: c.stigg, rows: ideal.rows,
      });
    }

    // ---------------------------------------------------------------- 6. reconciliation: requests per page (bench/reconciliation-requests.ts)
    const reconciliation = await measureReconciliationRequests({ gatewayUrl, key: KEY, sandbox: d, conn, log });

    // ---------------------------------------------------------------- 2. latency under upstream latency
    log(`latency with +${ADDED_LATENCY_MS} ms on every emulator response`);
    const portalBody = JSON.stringify({ query: PORTAL_QUERY, variables: { first: 50, filter: READ_SET_FILTER } });
    // the same query with no added latency: what processing (gateway and emulators) costs on the path
    const latencyZero = await load({ url: gatewayUrl, key: KEY, body: portalBody, connections: 1, amount: QUICK ? 20 : 100, watch: { gateway: gateway!.pid, sandbox: sandbox.pid } });
    for (const base of [d.salesforce.instanceUrl, d.stigg.baseUri]) await sandboxHttp(base, '/__sandbox/faults', 'POST', { operation: '*', latencyMs: ADDED_LATENCY_MS });
    await load({ url: gatewayUrl, key: KEY, body: portalBody, connections: 1, amount: 10 });
    // one client: the critical path, not CPU contention between the three processes on this machine
    const latency = await load({ url: gatewayUrl, key: KEY, body: portalBody, connections: 1, amount: QUICK ? 40 : 220 });
    for (const base of [d.salesforce.instanceUrl, d.stigg.baseUri]) await sandboxHttp(base, '/__sandbox/faults', 'DELETE');

    // ---------------------------------------------------------------- 3. overhead
    log('starting the in-memory baseline');
    const memPort = await freePort();
    const mem = forkTs(path.join(__dirname, 'in-memory-server.ts'), gatewayEnv(d, memPort, path.join(tmp, 'journal-mem.db')), 'in-memory', GATEWAY_NODE_ARGS);
    children.push(mem);
    const memUrl = `http://127.0.0.1:${memPort}`;
    await waitFor200(`${memUrl}/readyz`, performance.now(), mem);
    await portal(memUrl, 50); // fills its memory
    await resetCounters(d);
    await portal(memUrl, 50);
    const memUpstream = await counters(d);
    const memUpstreamRequests = salesforceRequests(memUpstream.salesforce) + stiggRequests(memUpstream.stigg);

    const barePort = await freePort();
    const bare = forkTs(path.join(__dirname, 'bare-apollo-server.ts'), childEnv({ PORT: String(barePort) }), 'bare-apollo');
    children.push(bare);
    const bareUrl = (await firstJsonLine<{ url: string }>(bare)).url.replace(/\/$/, '');
    const trivialBody = JSON.stringify({ query: TRIVIAL_QUERY });
    const durationS = QUICK ? 2 : 4;
    const watch = { gateway: gateway!.pid, sandbox: sandbox.pid };
    const memWatch = { gateway: mem.pid, sandbox: sandbox.pid };
    const overhead: Overhead[] = [];
    const settle = () => quiet([gateway!.pid, mem.pid, sandbox.pid, bare.pid]);
    log('overhead: warming up both servers');
    for (const [url, w] of [[gatewayUrl, watch], [memUrl, memWatch], [bareUrl, {}]] as const) {
      if (url !== bareUrl) await load({ url, key: KEY, body: portalBody, connections: 10, durationS: QUICK ? 1 : 3, watch: w });
      await load({ url, key: KEY, body: trivialBody, connections: 10, durationS: QUICK ? 1 : 3, watch: w });
    }
    let peakRssUnderLoad = 0;
    // The trivial query first, at every concurrency, before the portal load inflates the gateway's heap;
    // then the portal query. Each figure is the better of two runs that alternate the servers (two CPUs
    // shared by several processes: a run that met a passing disturbance does not decide a ratio).
    const best = (list: LoadResult[]) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
    const trivialRuns = new Map<number, LoadResult[]>();
    for (const connections of [1, 10, 50]) {
      log(`overhead: trivial query, ${connections} concurrent clients`);
      const runs: LoadResult[][] = [[], [], []];
      for (let round = 0; round < (QUICK ? 1 : 2); round++) {
        const targets: Array<[string, Record<string, number>]> = [[gatewayUrl, watch], [memUrl, memWatch], [bareUrl, { gateway: bare.pid, sandbox: sandbox.pid }]];
        for (const [i, [url, w]] of targets.entries()) {
          await settle();
          runs[i].push(await load({ url, key: KEY, body: trivialBody, connections, durationS, watch: w }));
        }
      }
      trivialRuns.set(connections, runs.map(best));
      peakRssUnderLoad = Math.max(peakRssUnderLoad, ...runs[0].map((run) => run.peakRss.gateway ?? 0));
    }
    for (const connections of [1, 10, 50]) {
      log(`overhead: portal query, ${connections} concurrent clients`);
      const runs: LoadResult[][] = [[], []];
      for (let round = 0; round < (QUICK ? 1 : 2); round++) {
        for (const [i, [url, w]] of ([[gatewayUrl, watch], [memUrl, memWatch]] as const).entries()) {
          await settle();
          runs[i].push(await load({ url, key: KEY, body: portalBody, connections, durationS, watch: w }));
        }
      }
      const [portalRun, portalMem] = runs.map(best);
      const [trivial, trivialMem, trivialBare] = trivialRuns.get(connections)!;
      for (const run of runs[0]) peakRssUnderLoad = Math.max(peakRssUnderLoad, run.peakRss.gateway ?? 0);
      peakRssUnderLoad = Math.max(peakRssUnderLoad, portalRun.peakRss.gateway ?? 0, trivial.peakRss.gateway ?? 0);
      overhead.push({ connections, portal: portalRun, portalMem, trivial, trivialMem, trivialBare });
    }
    // ---------------------------------------------------------------- 2/3 again: recorded upstreams, the gateway on a core of its own
    log('recorded upstreams: the gateway and the in-memory baseline on CPU 0, the recorded upstreams and the load on CPU 1');
    const replayed = await replayedRuns({
      description: d, gatewayEnv, tmp, children, quick: QUICK,
      portalBody, key: KEY, mem, memUrl, sandbox, durationS, log,
    });
    await mem.stop();
    await bare.stop();

    // ---------------------------------------------------------------- 4. provisioning throughput under Stigg's limits
    log(`provisioning ${PROVISIONING_DEALS} deals under Stigg's limits per ${WINDOW_MS / 1000} s`);
    await sandbox.request({ type: 'rateLimits', options: { windowMs: WINDOW_MS } });
    await resetCounters(d);
    const t0 = performance.now();
    const order = provisioningSet.opportunityIds;
    let pending = [...order];
    const failures: Record<string, number> = {};
    let passes = 0;
    for (; pending.length > 0 && passes < 4; passes++) {
      const outcomes = await pool(pending, 64, (id) => provision(gatewayUrl, id));
      const next: string[] = [];
      outcomes.forEach((o, i) => {
        if (o.ok) return;
        failures[o.code ?? 'unknown'] = (failures[o.code ?? 'unknown'] ?? 0) + 1;
        next.push(pending[i]);
      });
      pending = next;
    }
    const provisioningSeconds = (performance.now() - t0) / 1000;
    const limiter = await sandbox.request<{ refused: Record<string, number>; refusedTotal: number; admitted: Record<string, number> }>({ type: 'rateLimitStats' });
    await sandbox.request({ type: 'rateLimits', options: null });
    const provisioningCounters = await counters(d);
    const audit = await sandbox.request<ProvisioningAudit>({ type: 'provisioningAudit', opportunityIds: provisioningSet.opportunityIds, accountIds: provisioningSet.accountIds });
    const subscriptionCounts = Object.values(audit.subscriptionsPerOpportunity);
    const customerCounts = Object.values(audit.customersPerAccount);
    const writtenBack = await conn.query<{ Id: string }>(
      `SELECT Id FROM Opportunity WHERE CloseDate = 2028-06-01 AND Stigg_Provisioning_Status__c = 'Provisioned' AND Stigg_Subscription_Id__c != null`,
      { autoFetch: true, maxFetch: 10_000 } as never);
    const prov = {
      seconds: provisioningSeconds,
      passes,
      stillFailing: pending.length,
      failures,
      refused: limiter.refusedTotal,
      refusedBy: limiter.refused,
      // a deal is lost when its run never succeeded or Stigg has no subscription for it
      lost: new Set([...pending, ...Object.entries(audit.subscriptionsPerOpportunity).filter(([, n]) => n === 0).map(([id]) => id)]).size,
      completed: PROVISIONING_DEALS - pending.length,
      duplicateSubscriptions: subscriptionCounts.reduce((a, n) => a + Math.max(0, n - 1), 0),
      duplicateCustomers: customerCounts.reduce((a, n) => a + Math.max(0, n - 1), 0),
      missingCustomers: customerCounts.filter((n) => n === 0).length,
      writtenBack: writtenBack.records.length,
      stiggOps: provisioningCounters.stigg,
      bound: provisioningBound(provisioningSet, WINDOW_MS),
    };

    // ---------------------------------------------------------------- 7. Closed/Won automation (bench/automation-latency.ts)
    automationLatency = await measureAutomationLatency(log);

    // ---------------------------------------------------------------- report
    const report = render({
      coldStarts, idleRss, peakRssUnderLoad, roundTrips, latency, latencyZero, overhead, memUpstreamRequests, prov, reconciliation, replayed,
      totalSeconds: (performance.now() - started) / 1000,
      loadAverage,
    });
    process.stdout.write(`${report.table}\n`);
    if (report.otherLine) process.stdout.write(`${report.otherLine}\n`);
    if (!QUICK) writeFileSync(path.join(__dirname, 'RESULTS.md'), report.markdown);
    log(QUICK ? 'BENCH_QUICK: bench/RESULTS.md left as it was' : 'wrote bench/RESULTS.md');
  } finally {
    await cleanup();
  }
}

interface Overhead { connections: number; portal: LoadResult; portalMem: LoadResult; trivial: LoadResult; trivialMem: LoadResult; trivialBare: LoadResult }

/** Waits (at most 5 s) until the processes have used under 5% of a CPU for 200 ms: the last run's stragglers are done. */
async function quiet(pids: number[]): Promise<void> {
  const total = () => pids.reduce((a, pid) => a + (cpuMsOf(pid) ?? 0), 0);
  const until = performance.now() + 5_000;
  while (performance.now() < until) {
    const before = total();
    await new Promise((r) => setTimeout(r, 200));
    if (total() - before < 10) return;
  }
}

interface Report {
  coldStarts: number[];
  idleRss: number | null;
  peakRssUnderLoad: number;
  roundTrips: RoundTripRow[];
  reconciliation: ReconciliationRequests;
  latency: LoadResult;
  latencyZero: LoadResult;
  overhead: Overhead[];
  replayed: ReplayedRuns | null;
  memUpstreamRequests: number;
  prov: {
    seconds: number; passes: number; stillFailing: number; completed: number; failures: Record<string, number>; refused: number; refusedBy: Record<string, number>;
    lost: number; duplicateSubscriptions: number; duplicateCustomers: number; missingCustomers: number; writtenBack: number;
    stiggOps: Record<string, number>; bound: ProvisioningBound;
  };
  totalSeconds: number;
  loadAverage: number[];
}

function render(r: Report): { table: string; markdown: string; otherLine: string } {
  const rows: string[][] = [];
  const why: string[] = [];
  const yes = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  const c2 = (v: number | null | undefined) => (v == null ? 'n/a' : v.toFixed(v < 1 ? 2 : 1));

  // 1. round trips
  for (const t of r.roundTrips) {
    const ok = t.salesforce === t.idealSalesforce && t.stigg === t.idealStigg;
    rows.push([`1 round trips, ${t.size} opps`, `SF ${t.salesforce} / Stigg ${t.stigg}`, `ideal SF ${t.idealSalesforce} / Stigg ${t.idealStigg}`,
      x((t.salesforce + t.stigg) / (t.idealSalesforce + t.idealStigg)), '= ideal', yes(ok)]);
  }
  {
    const fields = (ops: Record<string, number>) => Object.entries(ops).filter(([k, n]) => n > 0 && k !== 'graphql').map(([k, n]) => `${k} ${n}`).join(', ');
    const missed = r.roundTrips.filter((t) => t.salesforce !== t.idealSalesforce || t.stigg !== t.idealStigg);
    const t = missed[0] ?? r.roundTrips[r.roundTrips.length - 1];
    why.push(`Row 1 (${missed.length ? 'MISSED' : 'MET'}): at ${t.size} opportunities Salesforce served ${t.salesforce} requests (${fields(t.salesforceOps)}; ideal ${t.idealSalesforce}: `
      + 'the page of opportunities with their accounts as parent fields, then their line items with their products as parent fields) and Stigg '
      + `${t.stigg} documents (root fields: ${fields(t.stiggOps)}; ideal ${t.idealStigg}: the subscriptions of the page, then one document for `
      + 'everything keyed by what they carry: customers, credit balances, credit entitlements). The counts do not grow with the page size up to 200.');
  }

  // 2. latency
  const bound = PORTAL_LEVELS * ADDED_LATENCY_MS;
  const levels = (r.latency.p50 - r.latencyZero.p50) / ADDED_LATENCY_MS;
  rows.push([`2 +${ADDED_LATENCY_MS} ms/upstream response, 50 opps (${r.latency.requests} req, 1 conn)`, `p50 ${ms(r.latency.p50)} / p99 ${ms(r.latency.p99)}`,
    `bound ${bound} ms (${PORTAL_LEVELS} levels x ${ADDED_LATENCY_MS}); at +0 ms p50 ${ms(r.latencyZero.p50)}`, x(r.latency.p50 / bound), 'p50 <= 1.10x', yes(r.latency.p50 <= bound * 1.1)]);
  why.push(`Row 2 (${yes(r.latency.p50 <= bound * 1.1)}): (p50 at +${ADDED_LATENCY_MS} ms - p50 at +0 ms) / ${ADDED_LATENCY_MS} ms = ${levels.toFixed(2)} dependent levels `
    + `(the bound counts ${PORTAL_LEVELS}): independent calls do run in parallel. What p50 has beyond the bound is processing on the path, `
    + `${ms(r.latencyZero.p50)} at +0 ms: the gateway's CPU (${c2(r.latencyZero.cpuMsPerRequest.gateway)} ms per query) and the emulators' `
    + `(${c2(r.latencyZero.cpuMsPerRequest.sandbox)} ms per query, on the same ${os.cpus().length} CPUs). The 10% margin is ${(bound * 0.1).toFixed(0)} ms for both together; `
    + 'the row "recorded upstreams" below measures the same without the emulators\' processing on the path.');

  // 3. overhead
  for (const o of r.overhead) {
    const pr = o.portalMem.rps / o.portal.rps;
    rows.push([`3 portal (50 opps), ${o.connections} conn`, `${o.portal.rps.toFixed(0)} req/s, p50 ${ms(o.portal.p50)} / p99 ${ms(o.portal.p99)}`,
      `in-memory ${o.portalMem.rps.toFixed(0)} req/s, p50 ${ms(o.portalMem.p50)} / p99 ${ms(o.portalMem.p99)}`, x(pr), '<= 3x', yes(pr <= 3)]);
  }
  for (const o of r.overhead) {
    const g = o.portal.cpuMsPerRequest.gateway;
    const m = o.portalMem.cpuMsPerRequest.gateway;
    rows.push([`3 portal CPU/request, ${o.connections} conn`, `gateway ${c2(g)} ms (+ emulators ${c2(o.portal.cpuMsPerRequest.sandbox)} ms)`, `in-memory ${c2(m)} ms`,
      g && m ? x(g / m) : 'n/a', 'report', 'INFO']);
  }
  for (const o of r.overhead) {
    const tr = o.trivialMem.rps / o.trivial.rps;
    rows.push([`3 trivial { __typename }, ${o.connections} conn`, `${o.trivial.rps.toFixed(0)} req/s, p50 ${ms(o.trivial.p50)} / p99 ${ms(o.trivial.p99)}`,
      `in-memory ${o.trivialMem.rps.toFixed(0)} req/s, p50 ${ms(o.trivialMem.p50)} / p99 ${ms(o.trivialMem.p99)}`, x(tr), '<= 1.2x', yes(tr <= 1.2)]);
  }
  for (const o of r.overhead) {
    rows.push([`3 trivial, ${o.connections} conn, vs bare Apollo (same schema)`, `${o.trivial.rps.toFixed(0)} req/s`,
      `bare ${o.trivialBare.rps.toFixed(0)} req/s, p50 ${ms(o.trivialBare.p50)} / p99 ${ms(o.trivialBare.p99)}`, x(o.trivialBare.rps / o.trivial.rps), 'report', 'INFO']);
  }
  {
    const ratios = r.overhead.map((o) => o.portalMem.rps / o.portal.rps);
    const cpu = r.overhead.map((o) => (o.portal.cpuMsPerRequest.gateway ?? NaN) / (o.portalMem.cpuMsPerRequest.gateway ?? NaN));
    why.push(`Row 3 portal (${ratios.every((v) => v <= 3) ? 'MET' : 'MISSED'}): throughput ratios ${ratios.map(x).join(', ')} at 1/10/50 clients; `
      + `the gateway process spends ${cpu.map(x).join(', ')} the in-memory server's CPU per query (upstream calls: HTTP clients, JSON, jsforce, `
      + 'Stigg documents, mapping, GC), and on this machine the emulators\' CPU competes for the same CPUs (column "emulators"); '
      + 'the rows "recorded upstreams" measure the gateway with the emulators\' answers replayed and the gateway alone on its core.');
    const tr = r.overhead.map((o) => o.trivialMem.rps / o.trivial.rps);
    const failures = r.overhead.flatMap((o) => [o.portal, o.portalMem, o.trivial, o.trivialMem, o.trivialBare]).reduce((a, l) => a + l.failures, 0);
    why.push(`Row 3 trivial (${tr.every((v) => v <= 1.2) ? 'MET' : 'MISSED'}): the gateway and the in-memory server run the same program for { __typename } `
      + `(CPU/request ${r.overhead.map((o) => `${c2(o.trivial.cpuMsPerRequest.gateway)} vs ${c2(o.trivialMem.cpuMsPerRequest.gateway)}`).join(', ')} ms; the same edge too: authentication, the per-key limit, the access log): what differs is the state `
      + 'each process is left in by the earlier loads, which only the gateway\'s were upstream-backed (bench/findings.md, P7: V8\'s allocation-site pretenuring, '
      + 'off in both since, had made each later minor GC about twice as costly); the bare Apollo Server shows what the HTTP integration and plugins cost per request '
      + `(${r.overhead.map((o) => c2(o.trivialBare.cpuMsPerRequest.gateway)).join(', ')} ms CPU/request). Failed requests in all load runs: ${failures}.`);
  }

  // 2 and 3 again, against recorded upstreams, the gateway on a core of its own
  if (r.replayed) {
    const rp = r.replayed;
  // the share of one CPU that the recorded upstreams and the load generator kept busy during a run
  const busyShare = (l: LoadResult) => `${((((l.cpuMsPerRequest.replay ?? 0) + (l.cpuMsPerRequest.load ?? 0)) * l.rps) / 10).toFixed(0)}%`;

    const where = `CPU ${rp.cores.servers}; recorded upstreams and load on CPU ${rp.cores.rest}`;
    for (const o of rp.portal) {
      const ratio = o.memory.rps / o.gateway.rps;
      rows.push([`3 portal (50 opps), ${o.connections} conn, recorded upstreams, ${where}`, `${o.gateway.rps.toFixed(0)} req/s, p50 ${ms(o.gateway.p50)} / p99 ${ms(o.gateway.p99)}`,
        `in-memory ${o.memory.rps.toFixed(0)} req/s, p50 ${ms(o.memory.p50)} / p99 ${ms(o.memory.p99)}`, x(ratio), '<= 3x', yes(ratio <= 3)]);
    }
    for (const o of rp.portal) {
      const g = o.gateway.cpuMsPerRequest.gateway;
      const m = o.memory.cpuMsPerRequest.gateway;
      rows.push([`3 portal CPU/request, ${o.connections} conn, recorded upstreams`, `gateway ${c2(g)} ms`, `in-memory ${c2(m)} ms`, g && m ? x(g / m) : 'n/a', 'report', 'INFO']);
    }
    const rb = PORTAL_LEVELS * rp.latencyMs;
    rows.push([`2 +${rp.latencyMs} ms/upstream response, 50 opps (${rp.latency.requests} req, 1 conn), recorded upstreams`, `p50 ${ms(rp.latency.p50)} / p99 ${ms(rp.latency.p99)}`,
      `bound ${rb} ms; at +0 ms p50 ${ms(rp.latencyZero.p50)}`, x(rp.latency.p50 / rb), 'p50 <= 1.10x', yes(rp.latency.p50 <= rb * 1.1)]);
    const ratios = rp.portal.map((o) => o.memory.rps / o.gateway.rps);
    why.push(`Recorded upstreams (${yes(ratios.every((v) => v <= 3) && rp.latency.p50 <= rb * 1.1)}): the same portal query with the emulators' answers recorded `
      + `(bench/replay-process.ts; ${rp.recorded} answers, ${rp.misses} misses during the runs) and replayed without their CPU; the gateway and the in-memory `
      + `server each alone on CPU ${rp.cores.servers}, the recorded upstreams, the emulators and the load generator on CPU ${rp.cores.rest}. Throughput ratios `
      + `${ratios.map(x).join(', ')} at 1/10/50 clients; CPU per query gateway ${rp.portal.map((o) => c2(o.gateway.cpuMsPerRequest.gateway)).join(', ')} ms `
      + `vs in-memory ${rp.portal.map((o) => c2(o.memory.cpuMsPerRequest.gateway)).join(', ')} ms. With +${rp.latencyMs} ms on every answer, p50 `
      + `${ms(rp.latency.p50)} against the ${rb} ms critical path (${((rp.latency.p50 - rp.latencyZero.p50) / rp.latencyMs).toFixed(2)} dependent levels; `
      + `the gateway's own processing on the path ${ms(rp.latencyZero.p50)} at +0 ms). What the emulator rows above miss by is the emulators' CPU on the same two CPUs. `
      + `This gateway runs with Stigg pacing off (STIGG_PACING=false; the recorded answers have no limit): paced, each portal query's subscriptions document counts against `
      + `Stigg's published ${STIGG_OPERATION_LIMITS.subscriptions} per minute (per ${WINDOW_MS / 1000} s here), which caps the portal query near `
      + `${(0.975 * STIGG_OPERATION_LIMITS.subscriptions / (WINDOW_MS / 1000)).toFixed(0)}/s on this bench and near `
      + `${(0.975 * STIGG_OPERATION_LIMITS.subscriptions / (STIGG_LIMIT_WINDOW_MS / 1000)).toFixed(0)}/s per Stigg environment at Stigg's real limits, whatever the CPU. `
      + `CPU ${rp.cores.rest} during the gateway's runs: the recorded upstreams ${rp.portal.map((o) => c2(o.gateway.cpuMsPerRequest.replay)).join(', ')} ms and the load `
      + `generator ${rp.portal.map((o) => c2(o.gateway.cpuMsPerRequest.load)).join(', ')} ms per query, so ${rp.portal.map((o) => busyShare(o.gateway)).join(', ')} of one CPU busy; `
      + `CPU ${rp.cores.servers} (the gateway) busy ${rp.portal.map((o) => `${(((o.gateway.cpuMsPerRequest.gateway ?? 0) * o.gateway.rps) / 10).toFixed(0)}%`).join(', ')}.`);
  }

  // 4. provisioning
  const p = r.prov;
  // throughput of the deals that did succeed, beside the rate the bound allows for all of them
  const achieved = p.completed / p.seconds;
  const boundRate = PROVISIONING_DEALS / Math.max(p.bound.seconds, 1e-9);
  const share = achieved / boundRate;
  // what the pacer's bucket allows from full, for provisionSubscription's limit (the bound's binding bucket in every run so far)
  const limit = STIGG_OPERATION_LIMITS.provisionSubscription;
  const bucket = bucketFor(limit, WINDOW_MS, jitterHeadroom(limit, WINDOW_MS, DEFAULT_JITTER_MS));
  const bucketSeconds = (Math.max(0, PROVISIONING_DEALS - bucket.capacity) * bucket.intervalMs) / 1000;
  const provOk = share >= 0.9 && p.lost === 0 && p.duplicateSubscriptions === 0 && p.duplicateCustomers === 0;
  rows.push([`4 provisioning ${PROVISIONING_DEALS} opps, limits per ${WINDOW_MS / 1000} s (x${TIME_SCALE} time scale)`,
    `${p.completed} in ${p.seconds.toFixed(1)} s (${achieved.toFixed(1)}/s), 429s ${p.refused}, dup ${p.duplicateSubscriptions + p.duplicateCustomers}, lost ${p.lost}`,
    `bound ${p.bound.seconds.toFixed(1)} s (${boundRate.toFixed(1)}/s)`, `${(share * 100).toFixed(0)}%`, '>= 90%, 0 dup, 0 lost', yes(provOk)]);
  why.push(`Row 4 (${yes(provOk)}): Stigg's published limits (provisionSubscription and provisionCustomer 250/min, 30 mutations/min per customer) `
    + `enforced per ${WINDOW_MS / 1000} s instead of 60 s (time scaled by ${TIME_SCALE} so 1,000 deals fit the budget; at the real limits the same run takes ${TIME_SCALE}x as long). `
    + `The bound is the slowest bucket: ${p.bound.binding}. `
    + (p.refused > 0
      ? `The emulator answered ${p.refused} requests with 429 (${JSON.stringify(p.refusedBy)}): the gateway did not pace itself, `
        + `failure codes over ${p.passes} passes ${JSON.stringify(p.failures)}; "lost" counts the deals still not provisioned after those passes `
        + '(their runs are FAILED; asking again would resume them).'
      : 'No request was refused: the gateway paced itself. '
        + `The pacer's bucket for provisionSubscription (bucketFor in src/services/stigg/pacing/token-bucket.ts) holds ${bucket.capacity} calls `
        + `(the limit less its jitter reserve) and refills one per ${bucket.intervalMs.toFixed(0)} ms, so from full the ${PROVISIONING_DEALS} take at least `
        + `${bucketSeconds.toFixed(1)} s; what is over that is the pacer's turns and wake-ups, and the gateway's own work.`));

  // 5. cost
  const sortedCold = [...r.coldStarts].sort((a, b) => a - b);
  rows.push(...reconciliationRows(r.reconciliation));
  rows.push(...automationRows(automationLatency));
  rows.push(['5 cold start -> /readyz 200 (median of 3)', ms(percentile(sortedCold, 50)), `runs ${r.coldStarts.map((v) => v.toFixed(0)).join(', ')} ms`, '', 'report', 'INFO']);
  rows.push(['5 gateway RSS idle / peak under overhead test', `${mb(r.idleRss)} / ${mb(r.peakRssUnderLoad)}`, '', '', 'report', 'INFO']);

  const header = ['row', 'gateway', 'reference', 'ratio', 'goal', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');

  const cpu = os.cpus();
  const machine = `nproc ${os.availableParallelism?.() ?? cpu.length}, ${cpu[0]?.model ?? 'unknown CPU'}, ${mb(os.totalmem())} RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
  const details: string[] = [];
  details.push('## Why each row meets or misses its goal', '', ...why.map((w) => `- ${w}`), '');
  details.push('## Details', '', '### Round trips per upstream (counters of one portal query, warm caches)', '',
    '| opps | rows (accounts / line items / products / subscriptions / customers) | Salesforce operations | Stigg root fields (`graphql` = HTTP requests) |', '|---|---|---|---|');
  const nonZero = (o: Record<string, number>) => JSON.stringify(Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0)));
  for (const t of r.roundTrips) {
    details.push(`| ${t.size} | ${t.rows.accounts} / ${t.rows.lineItems} / ${t.rows.products} / ${t.rows.subscriptions} / ${t.rows.customers} | ${nonZero(t.salesforceOps)} | ${nonZero(t.stiggOps)} |`);
  }
  details.push('', `The in-memory baseline made ${r.memUpstreamRequests} upstream requests for a warm portal query (0 = fed from memory only).`);
  details.push('', '### Provisioning', '',
    `- bound: ${p.bound.buckets.map((b) => `${b.bucket}: demand ${b.demand}, ${b.seconds.toFixed(1)} s`).join('; ')} -> binding: ${p.bound.binding}`,
    `- passes over the deals: ${p.passes} (a FAILED run is asked again, which resumes it); still failing: ${p.stillFailing}; failure codes seen: ${JSON.stringify(p.failures)}`,
    `- HTTP 429 from the Stigg emulator: ${p.refused} ${JSON.stringify(p.refusedBy)}`,
    `- audit: duplicate subscriptions ${p.duplicateSubscriptions}, duplicate customers ${p.duplicateCustomers}, accounts without a customer ${p.missingCustomers}, opportunities written back as Provisioned ${p.writtenBack}/${PROVISIONING_DEALS}`,
    `- Stigg operations during the run: ${nonZero(p.stiggOps)}`);
  const allRuns = [r.latency, r.latencyZero, ...r.overhead.flatMap((o) => [o.portal, o.portalMem, o.trivial, o.trivialMem, o.trivialBare])];
  const others = allRuns.map((l) => l.otherLoad).filter((v): v is number => v !== null);
  const otherLine = others.length
    ? `Other processes on the machine (not the bench's) kept on average ${(100 * others.reduce((a, b) => a + b, 0) / others.length).toFixed(0)}% `
      + `(at most ${(100 * Math.max(...others)).toFixed(0)}%) of its CPUs busy during the load runs; load average at the start ${r.loadAverage.map((v) => v.toFixed(2)).join(' ')}.`
    : '';
  const markdown = [
    '# Benchmark results', '',
    `Command: \`npm run bench\` (this run took ${r.totalSeconds.toFixed(0)} s after the build), ${new Date().toISOString().slice(0, 16)}Z.`,
    `Machine: ${machine}. Sandbox, gateway and in-memory baseline each in their own process on loopback; the load generator (autocannon, latencies in whole ms) in the bench process.`,
    otherLine, '',
    table, '', ...details, '',
    ...(existsSync(FINDINGS) ? [readFileSync(FINDINGS, 'utf8')] : []),
  ].join('\n');
  return { table, markdown, otherLine };
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
