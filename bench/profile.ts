/*
 * A/B helper for the fixes in bench/findings.md: one gateway (or the in-memory baseline) against a fresh
 * sandbox with 50 deals, one load run, CPU per request from /proc, and the top self-time functions of a
 * V8 CPU profile of the gateway process.
 *
 *   npm run build --silent && node -r ./scripts/ts-register.js bench/profile.ts
 *   MODE=memory | QUERY=trivial | CONNS=10 | NOPROF=1 | GENV='{"LOG_LEVEL":"warn"}' (extra gateway env)
 */
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { childEnv, firstJsonLine, forkTs, freePort, ROOT, spawnNode, waitFor200 } from './lib/processes';
import { load } from './lib/load';
import { createDeals, salesforceConnection } from './lib/seed';
const KEY = 'bench-key-0000000000000000';
const MODE = process.env.MODE ?? 'gateway';
const QUERY = process.env.QUERY ?? 'portal';
async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'o2c-p-'));
  const sandbox = forkTs(path.join(ROOT, 'bench', 'sandbox-process.ts'), childEnv({}), 'sandbox');
  const d: any = await firstJsonLine(sandbox);
  const deals = await createDeals(salesforceConnection(d.salesforce), { label: 'P', accounts: 50, deals: 50, closeDate: '2030-01-15', accountOfDeal: (i) => i, creditEntitlement: true });
  const env = (port: number, j: string) => childEnv({ PORT: String(port), SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl, SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken, STIGG_API_KEY: d.stigg.apiKey, STIGG_BASE_URI: d.stigg.baseUri, GATEWAY_API_KEYS: `${KEY}:read,provision,credits`, JOURNAL_PATH: path.join(tmp, j), GATEWAY_RATE_LIMIT_PER_SECOND: '1000000', GATEWAY_RATE_LIMIT_BURST: '1000000', ...(process.env.GENV ? JSON.parse(process.env.GENV) : {}) });
  const p1 = await freePort();
  const profDir = path.join(tmp, 'prof');
  const args = process.env.NOPROF ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const g = MODE === 'memory'
    ? spawnNode([...args, '-r', path.join(ROOT, 'scripts/ts-register.js'), path.join(ROOT, 'bench/in-memory-server.ts')], env(p1, 'a.db'), 'g')
    : spawnNode([...args, path.join(ROOT, 'dist/src/main.js')], env(p1, 'a.db'), 'g');
  const url = `http://127.0.0.1:${p1}`;
  await waitFor200(`${url}/readyz`, performance.now(), g);
  for (const id of deals.opportunityIds.slice(0, 38)) {
    await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query: 'mutation P($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { status } }', variables: { input: { opportunityId: id } } }) });
  }
  const body = QUERY === 'portal'
    ? JSON.stringify({ query: readFileSync(path.join(ROOT, 'examples/operations/portal-opportunities.graphql'), 'utf8'), variables: { first: 50, filter: { closedAfter: '2029-12-31' } } })
    : JSON.stringify({ query: '{ __typename }' });
  await load({ url, key: KEY, body, connections: 1, durationS: 2, watch: { p: g.pid } });
  const r = await load({ url, key: KEY, body, connections: Number(process.env.CONNS ?? 1), durationS: 8, watch: { p: g.pid } });
  console.log('rps', r.rps.toFixed(0), 'cpu/req', r.cpuMsPerRequest.p);
  g.proc.kill('SIGINT');
  await new Promise((res) => g.proc.once('exit', res));
  await sandbox.stop();
  if (process.env.NOPROF) return;
  const file = path.join(profDir, readdirSync(profDir)[0]);
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  let total = 0;
  for (const n of prof.nodes) {
    const t = (dt.get(n.id) ?? 0) / 1000;
    total += t;
    const cf = n.callFrame;
    const file = (cf.url || '').replace(/^file:\/\//, '').replace(ROOT + '/', '').replace('/work/main/', '');
    const key = `${cf.functionName || '(anon)'} ${file}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + t);
  }
  console.log('total ms', total.toFixed(0));
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((100 * v / total).toFixed(1).padStart(5), '%', k);
}
main().catch((e) => { console.error(e); process.exit(1); });
