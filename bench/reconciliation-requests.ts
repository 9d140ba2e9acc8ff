/*
 * The reconciliation row of `npm run bench`: upstream requests per page of `reconciliation`, at 100
 * and 1,000 won opportunities, with pages of 50 and 200. Each set is one account's deals (the
 * `accountId` filter keeps the seed and the other rows' deals out); one deal in ten is provisioned,
 * so pages hold subscriptions to look up as well as WON_NOT_PROVISIONED findings. Every page's
 * requests are counted by the emulators (Salesforce: one operation per request; Stigg: `graphql` per
 * HTTP request). The goal: the same maximum per page whatever the set's size and the page size.
 *
 * `run-bench.ts` calls `measureReconciliationRequests` after its round-trip row. Run alone (its own
 * sandbox and a gateway from the sources, about a minute):
 *
 *   node -r ./scripts/ts-register.js bench/reconciliation-requests.ts
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import * as jsforce from 'jsforce';
import { graphql, GraphqlResponse, pool } from './lib/graphql';
import { createDeals, salesforceConnection } from './lib/seed';
import { childEnv, forkTs, firstJsonLine, freePort, ROOT, waitFor200 } from './lib/processes';

const RECONCILIATION = `query R($filter: ReconciliationFilter, $first: Int, $after: String) {
  reconciliation(filter: $filter, first: $first, after: $after) { edges { node { kind } } pageInfo { hasNextPage endCursor } }
}`;
const PROVISION = 'mutation P($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { status error { code } } }';
const SET_SIZES = [100, 1_000];
const PAGE_SIZES = [50, 200];
const PROVISIONED_ONE_IN = 10;

interface DriftPage { reconciliation: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }

export interface SandboxEndpoints {
  salesforce: { instanceUrl: string; accessToken: string; apiVersion: string };
  stigg: { baseUri: string };
}

export interface ReconciliationPageCounts {
  opportunities: number;
  first: number;
  pages: number;
  drifts: number;
  /** Upstream requests of each page: min and max over the set's pages. */
  salesforce: { min: number; max: number };
  stigg: { min: number; max: number };
}

export interface ReconciliationRequests {
  runs: ReconciliationPageCounts[];
  /** True when the largest page cost is the same for every set and page size. */
  constant: boolean;
}

async function sandboxHttp(base: string, route: string, method = 'GET'): Promise<Record<string, number>> {
  const res = await fetch(`${base}${route}`, { method });
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

async function countersOf(d: SandboxEndpoints): Promise<{ salesforce: number; stigg: number }> {
  const [sf, stigg] = await Promise.all([sandboxHttp(d.salesforce.instanceUrl, '/__sandbox/counters'), sandboxHttp(d.stigg.baseUri, '/__sandbox/counters')]);
  return { salesforce: Object.values(sf).reduce((a, b) => a + b, 0), stigg: stigg.graphql ?? 0 };
}

async function resetCounters(d: SandboxEndpoints): Promise<void> {
  await Promise.all([sandboxHttp(d.salesforce.instanceUrl, '/__sandbox/counters', 'DELETE'), sandboxHttp(d.stigg.baseUri, '/__sandbox/counters', 'DELETE')]);
}

export async function measureReconciliationRequests(ctx: {
  gatewayUrl: string; key: string; sandbox: SandboxEndpoints; conn?: jsforce.Connection; log?: (msg: string) => void;
}): Promise<ReconciliationRequests> {
  const log = ctx.log ?? (() => undefined);
  const conn = ctx.conn ?? salesforceConnection(ctx.sandbox.salesforce);
  const runs: ReconciliationPageCounts[] = [];
  for (const size of SET_SIZES) {
    log(`reconciliation: ${size} won opportunities on one account, one in ${PROVISIONED_ONE_IN} provisioned`);
    const deals = await createDeals(conn, {
      label: `Bench reconciliation ${size}`, accounts: 1, deals: size, closeDate: '2029-03-01', accountOfDeal: () => 0, creditEntitlement: false,
    });
    const toProvision = deals.opportunityIds.filter((_, i) => i % PROVISIONED_ONE_IN === 0);
    const outcomes = await pool(toProvision, 8, async (opportunityId) =>
      (await graphql<{ provisionOpportunity: { status: string } }>(ctx.gatewayUrl, ctx.key, PROVISION, { input: { opportunityId } })).data?.provisionOpportunity?.status);
    if (outcomes.some((s) => s !== 'SUCCEEDED')) throw new Error(`provisioning for the reconciliation row failed: ${outcomes.filter((s) => s !== 'SUCCEEDED').slice(0, 3)}`);
    const filter = { accountId: deals.accountIds[0] };
    // Warm: Opportunity's describe and the catalog are read once per process.
    await graphql(ctx.gatewayUrl, ctx.key, RECONCILIATION, { filter, first: 1 });
    for (const first of PAGE_SIZES) {
      const perPage: Array<{ salesforce: number; stigg: number }> = [];
      let after: string | null = null;
      let drifts = 0;
      for (;;) {
        await resetCounters(ctx.sandbox);
        const res: GraphqlResponse<DriftPage> = await graphql<DriftPage>(ctx.gatewayUrl, ctx.key, RECONCILIATION, { filter, first, after });
        if (res.errors?.length || !res.data) throw new Error(`reconciliation failed: ${JSON.stringify(res.errors ?? res).slice(0, 400)}`);
        perPage.push(await countersOf(ctx.sandbox));
        drifts += res.data.reconciliation.edges.length;
        if (!res.data.reconciliation.pageInfo.hasNextPage) break;
        after = res.data.reconciliation.pageInfo.endCursor;
      }
      const range = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
      runs.push({
        opportunities: size, first, pages: perPage.length, drifts,
        salesforce: range(perPage.map((p) => p.salesforce)), stigg: range(perPage.map((p) => p.stigg)),
      });
    }
  }
  const maxima = new Set(runs.map((r) => `${r.salesforce.max}/${r.stigg.max}`));
  return { runs, constant: maxima.size === 1 };
}

/** The table rows (`row`, `gateway`, `reference`, `ratio`, `goal`, `result`), as run-bench.ts renders them. */
export function reconciliationRows(r: ReconciliationRequests): string[][] {
  return r.runs.map((run) => [
    `6 reconciliation, ${run.opportunities} opps, first ${run.first} (${run.pages} pages)`,
    `SF ${run.salesforce.min}-${run.salesforce.max} / Stigg ${run.stigg.min}-${run.stigg.max} per page`,
    `${run.drifts} drifts`, '', 'constant per page', r.constant ? 'MET' : 'MISSED',
  ]);
}

/** Run alone: its own sandbox process and a gateway from the sources. */
async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'o2c-bench-reconciliation-'));
  const key = 'bench-key-0000000000000000';
  const sandbox = forkTs(path.join(__dirname, 'sandbox-process.ts'), childEnv({ NODE_ENV: 'production' }), 'sandbox');
  let gateway: ReturnType<typeof forkTs> | null = null;
  try {
    const d = await firstJsonLine<SandboxEndpoints & { salesforce: { loginUrl: string }; stigg: { apiKey: string } }>(sandbox);
    const port = await freePort();
    gateway = forkTs(path.join(ROOT, 'src', 'main.ts'), childEnv({
      PORT: String(port), HOST: '127.0.0.1',
      SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl, SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken, SALESFORCE_API_VERSION: d.salesforce.apiVersion,
      STIGG_API_KEY: d.stigg.apiKey, STIGG_BASE_URI: d.stigg.baseUri,
      GATEWAY_API_KEYS: `${key}:read,provision`, JOURNAL_PATH: path.join(tmp, 'journal.db'), LOG_LEVEL: 'warn',
      GATEWAY_RATE_LIMIT_PER_SECOND: '1000000', GATEWAY_RATE_LIMIT_BURST: '1000000', RECONCILIATION_INTERVAL_MS: '0',
    }), 'gateway');
    const gatewayUrl = `http://127.0.0.1:${port}`;
    await waitFor200(`${gatewayUrl}/readyz`, performance.now(), gateway);
    const result = await measureReconciliationRequests({
      gatewayUrl, key, sandbox: d, log: (msg) => process.stderr.write(`[bench] ${msg}\n`),
    });
    for (const row of reconciliationRows(result)) process.stdout.write(`| ${row.join(' | ')} |\n`);
  } finally {
    await gateway?.stop().catch(() => undefined);
    await sandbox.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => { process.stderr.write(`${(err as Error).stack}\n`); process.exitCode = 1; });
}
