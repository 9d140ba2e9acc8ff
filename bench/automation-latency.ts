/*
 * The Closed/Won automation row of `npm run bench`: time from Closed/Won to provisioned, p50 and p99
 * over 200 deals closed through jsforce, and the change events per second sustained.
 *
 * One process runs what an operator runs for the sandbox, `AUTOMATION_MODE=provision npm start`
 * (the gateway from the sources in sandbox mode: the Salesforce, Stigg and Pub/Sub API emulators in
 * its process, emulator ports chosen free); this process seeds 200 open deals through sObject
 * Collections (custom Enterprise plan, 25 seats: billing outside Stigg), waits for the gateway's first
 * sweep, then closes the deals through jsforce, `DEALS_PER_REQUEST` per sObject Collections update
 * sent back to back. A deal's close time is when its update request returned (its commit, and so the
 * change event's commitTimestamp, is at or before it: the figure is at most that much short); its
 * provisioned time is its run's updatedAt once SUCCEEDED, read through provisioningRuns. Events per
 * second: deals ÷ (last provisioned − first closed).
 *
 * `run-bench.ts` calls `measureAutomationLatency`. Run alone (about a minute):
 *
 *   node -r ./scripts/ts-register.js bench/automation-latency.ts
 */
import path from 'node:path';
import { graphql, percentile } from './lib/graphql';
import { createAll, salesforceConnection, SEED } from './lib/seed';
import { childEnv, freePort, ROOT, spawnNode, waitFor200 } from './lib/processes';

export const AUTOMATION_DEALS = 200;
const KEY = 'bench-automation-key-0001';
const DEALS_PER_REQUEST = 20;
const RUNS = `query R($after: String) { provisioningRuns(filter: { since: "2000-01-01T00:00:00Z" }, first: 200, after: $after) {
  edges { node { opportunityId status trigger updatedAt } } pageInfo { hasNextPage endCursor } } }`;
const STATUS = '{ automationStatus { subscribed lastSweepAt } }';

export interface AutomationLatency {
  deals: number;
  provisioned: number;
  /** By trigger: EVENT is the path measured; SWEEP would be a deal an event missed. */
  triggers: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  eventsPerSecond: number;
}

interface RunNode { opportunityId: string; status: string; trigger: string; updatedAt: string }

async function allRuns(url: string): Promise<RunNode[]> {
  const runs: RunNode[] = [];
  let after: string | null = null;
  do {
    type Page = { provisioningRuns: { edges: Array<{ node: RunNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const res: { data?: Page | null; errors?: unknown } = await graphql<Page>(url, KEY, RUNS, { after });
    if (!res.data) throw new Error(`provisioningRuns failed: ${JSON.stringify(res.errors)}`);
    runs.push(...res.data.provisioningRuns.edges.map((e) => e.node));
    after = res.data.provisioningRuns.pageInfo.hasNextPage ? res.data.provisioningRuns.pageInfo.endCursor : null;
  } while (after);
  return runs;
}

export async function measureAutomationLatency(log: (line: string) => void = () => undefined): Promise<AutomationLatency> {
  const port = await freePort();
  const gateway = spawnNode(['-r', path.join(ROOT, 'scripts', 'ts-register.js'), path.join(ROOT, 'src', 'main.ts')], childEnv({
    PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUTOMATION_MODE: 'provision',
    SANDBOX_SALESFORCE_PORT: '0', SANDBOX_STIGG_PORT: '0', SANDBOX_PUBSUB_PORT: '0', GATEWAY_API_KEYS: `${KEY}:read,provision`,
  }), 'gateway');
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitFor200(`${url}/readyz`, performance.now(), gateway, 120_000);
    const sandbox = await (await fetch(`${url}/sandbox`, { headers: { authorization: `Bearer ${KEY}` } })).json() as { salesforce: { instanceUrl: string; accessToken: string; apiVersion: string } };
    const conn = salesforceConnection(sandbox.salesforce);

    log(`automation: seeding ${AUTOMATION_DEALS} open deals`);
    const accountIds = await createAll(conn, 'Account', Array.from({ length: AUTOMATION_DEALS }, (_, i) => ({ Name: `Bench automation account ${i}`, CurrencyIsoCode: 'USD' })));
    const opportunityIds = await createAll(conn, 'Opportunity', accountIds.map((accountId, i) => ({
      AccountId: accountId, Name: `Bench automation deal ${i}`, StageName: 'Negotiation/Review', CloseDate: '2028-09-01',
      Pricebook2Id: SEED.pricebook, CurrencyIsoCode: 'USD',
    })));
    await createAll(conn, 'OpportunityLineItem', opportunityIds.flatMap((opportunityId) => [
      { OpportunityId: opportunityId, PricebookEntryId: SEED.entries.enterprisePlan, Quantity: 1, UnitPrice: 0 },
      { OpportunityId: opportunityId, PricebookEntryId: SEED.entries.seats, Quantity: 25, UnitPrice: 0 },
    ]));
    // The first sweep (it provisions the seed's won deals) done, and the subscription up.
    for (;;) {
      const s = await graphql<{ automationStatus: { subscribed: boolean; lastSweepAt: string | null } }>(url, KEY, STATUS);
      if (s.data?.automationStatus.subscribed && s.data.automationStatus.lastSweepAt) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    log(`automation: closing ${AUTOMATION_DEALS} deals through jsforce, ${DEALS_PER_REQUEST} per request`);
    const closedAt = new Map<string, number>();
    for (let i = 0; i < opportunityIds.length; i += DEALS_PER_REQUEST) {
      const chunk = opportunityIds.slice(i, i + DEALS_PER_REQUEST);
      const results = await conn.sobject('Opportunity').update(chunk.map((Id) => ({ Id, StageName: 'Closed Won' })) as never[], { allOrNone: true });
      const at = Date.now();
      for (const r of results as Array<{ success: boolean }>) if (!r.success) throw new Error('closing a deal failed');
      for (const id of chunk) closedAt.set(id, at);
    }

    const wanted = new Set(opportunityIds);
    const deadline = Date.now() + 180_000;
    let runs: RunNode[] = [];
    for (;;) {
      runs = (await allRuns(url)).filter((r) => wanted.has(r.opportunityId));
      if (runs.filter((r) => r.status === 'SUCCEEDED').length === AUTOMATION_DEALS || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const done = runs.filter((r) => r.status === 'SUCCEEDED');
    const latencies = done.map((r) => new Date(r.updatedAt).getTime() - closedAt.get(r.opportunityId)!).sort((a, b) => a - b);
    const first = Math.min(...closedAt.values());
    const last = Math.max(...done.map((r) => new Date(r.updatedAt).getTime()));
    const triggers: Record<string, number> = {};
    for (const r of done) triggers[r.trigger] = (triggers[r.trigger] ?? 0) + 1;
    return {
      deals: AUTOMATION_DEALS,
      provisioned: done.length,
      triggers,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      eventsPerSecond: done.length / Math.max(0.001, (last - first) / 1000),
    };
  } finally {
    await gateway.stop();
  }
}

if (require.main === module) {
  measureAutomationLatency((line) => process.stderr.write(`${line}\n`)).then((r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.stdout.write(`automation: Closed/Won -> provisioned over ${r.provisioned}/${r.deals} deals: p50 ${r.p50Ms.toFixed(0)} ms, p99 ${r.p99Ms.toFixed(0)} ms; ${r.eventsPerSecond.toFixed(1)} events/s sustained (${JSON.stringify(r.triggers)})\n`);
  }, (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}

/** The table's row (run-bench.ts). */
export function automationRows(r: AutomationLatency | null): string[][] {
  if (!r) return [];
  return [[
    `7 Closed/Won -> provisioned, ${r.deals} deals closed through jsforce (change events)`,
    `p50 ${(r.p50Ms / 1000).toFixed(1)} s / p99 ${(r.p99Ms / 1000).toFixed(1)} s`,
    `${r.eventsPerSecond.toFixed(1)} events/s sustained; ${r.provisioned}/${r.deals} provisioned (${Object.entries(r.triggers).map(([t, n]) => `${t} ${n}`).join(', ')})`,
    '', 'report', r.provisioned === r.deals ? 'INFO' : 'MISSED',
  ]];
}
