/*
 * A/B helper for the fixes in bench/findings.md: one gateway (or the in-memory baseline) against a fresh
 * sandbox with 50 deals, one load run, CPU per request from /proc, and the top self-time functions of a
 * V8 CPU profile of the gateway process.
 *
 *   npm run build --silent && node -r ./scripts/ts-register.js bench/profile.ts
 *   MODE=memory | QUERY=trivial | CONNS=10 | NOPROF=1 | GENV='{"LOG_LEVEL":"warn"}' (extra gateway env)
 *   DURATION_S=30 (the measured load run; longer makes start-up a smaller share of the profile)
 *   PORTAL_FIRST_S=10: the portal query (or FIRST_QUERY) at 50 clients first, as the bench's warm-up and rows 1-2 load the gateway before its trivial rows
 *   SETTLE_S=10: idle seconds after that, before the warm-up
 *   GARGS='--trace-gc' (node arguments for the gateway process, instead of those `npm start` gives it; GARGS='' for none);
 *   BENCH_DIST=/other/dist (another build, for A/B runs)
 *   PROFILE_SANDBOX=1: the emulators' process is profiled too (its top functions printed after the gateway's)
 */
import path from 'node:path';
import os from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { childEnv, firstJsonLine, forkTs, freePort, GATEWAY_NODE_ARGS, ROOT, spawnNode, waitFor200 } from './lib/processes';
import { load } from './lib/load';
import { createDeals, salesforceConnection } from './lib/seed';
const KEY = 'bench-key-0000000000000000';
const MODE = process.env.MODE ?? 'gateway';
const QUERY = process.env.QUERY ?? 'portal';
async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'o2c-p-'));
  const sandboxProfDir = path.join(tmp, 'sandbox-prof');
  const sandboxArgs = process.env.PROFILE_SANDBOX ? ['--cpu-prof', `--cpu-prof-dir=${sandboxProfDir}`] : [];
  const sandbox = forkTs(path.join(ROOT, 'bench', 'sandbox-process.ts'), childEnv({ NODE_ENV: 'production' }), 'sandbox', sandboxArgs);
  const d: any = await firstJsonLine(sandbox);
  const deals = await createDeals(salesforceConnection(d.salesforce), { label: 'P', accounts: 50, deals: 50, closeDate: '2030-01-15', accountOfDeal: (i) => i, creditEntitlement: true });
  const env = (port: number, j: string) => childEnv({ PORT: String(port), SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl, SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken, STIGG_API_KEY: d.stigg.apiKey, STIGG_BASE_URI: d.stigg.baseUri, GATEWAY_API_KEYS: `${KEY}:read,provision,credits`, JOURNAL_PATH: path.join(tmp, j), NODE_ENV: 'production', GATEWAY_RATE_LIMIT_PER_SECOND: '1000000', GATEWAY_RATE_LIMIT_BURST: '1000000', WINDOW_PROFILE_DIR: profDir, ...(process.env.GENV ? JSON.parse(process.env.GENV) : {}) });
  const p1 = await freePort();
  const profDir = path.join(tmp, 'prof');
  mkdirSync(profDir);
  // the gateway's profile covers the measured load run only (bench/lib/window-profiler.js, started and stopped by SIGUSR2)
  const args = [...(process.env.GARGS === undefined ? GATEWAY_NODE_ARGS : process.env.GARGS.split(' ').filter(Boolean)), ...(process.env.NOPROF ? [] : ['-r', path.join(ROOT, 'bench/lib/window-profiler.js')])];
  const g = MODE === 'memory'
    ? spawnNode([...args, '-r', path.join(ROOT, 'scripts/ts-register.js'), path.join(ROOT, 'bench/in-memory-server.ts')], env(p1, 'a.db'), 'g')
    : spawnNode([...args, path.join(process.env.BENCH_DIST ?? path.join(ROOT, 'dist'), 'src/main.js')], env(p1, 'a.db'), 'g');
  const url = `http://127.0.0.1:${p1}`;
  await waitFor200(`${url}/readyz`, performance.now(), g);
  for (const id of deals.opportunityIds.slice(0, 38)) {
    await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query: 'mutation P($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { status } }', variables: { input: { opportunityId: id } } }) });
  }
  const portal = JSON.stringify({ query: process.env.FIRST_QUERY ?? readFileSync(path.join(ROOT, 'examples/operations/portal-opportunities.graphql'), 'utf8'), variables: { first: 50, filter: { closedAfter: '2029-12-31' } } });
  const body = QUERY === 'portal' ? portal : JSON.stringify({ query: '{ __typename }' });
  // as in the bench, where the trivial rows run after the warm-up and rows 1-2 have sent portal queries
  if (process.env.PORTAL_FIRST_S) await load({ url, key: KEY, body: portal, connections: 50, durationS: Number(process.env.PORTAL_FIRST_S), watch: { p: g.pid } });
  if (process.env.SETTLE_S) await new Promise((res) => setTimeout(res, 1000 * Number(process.env.SETTLE_S)));
  await load({ url, key: KEY, body, connections: 1, durationS: 2, watch: { p: g.pid } });
  if (!process.env.NOPROF) g.proc.kill('SIGUSR2');
  const r = await load({ url, key: KEY, body, connections: Number(process.env.CONNS ?? 1), durationS: Number(process.env.DURATION_S ?? 8), watch: { p: g.pid, s: sandbox.pid } });
  if (!process.env.NOPROF) g.proc.kill('SIGUSR2');
  if (!process.env.NOPROF) await waitForFile(path.join(profDir, 'window.cpuprofile'));
  console.log('rps', r.rps.toFixed(0), 'cpu/req', r.cpuMsPerRequest.p, 'sandbox cpu/req', r.cpuMsPerRequest.s);
  g.proc.kill('SIGINT');
  await new Promise((res) => g.proc.once('exit', res));
  await sandbox.stop();
  if (!process.env.NOPROF) printTop(profDir, 'gateway');
  if (process.env.PROFILE_SANDBOX) printTop(sandboxProfDir, 'sandbox');
}

async function waitForFile(file: string) {
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((res) => setTimeout(res, 100));
}

/** The top self-time functions of the one CPU profile in `dir`. */
function printTop(dir: string, label: string) {
  const file = path.join(dir, readdirSync(dir)[0]);
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
  console.log(`${label}: total ms`, total.toFixed(0));
  const byPackage = new Map<string, number>();
  for (const [k, v] of self) {
    const where = k.slice(k.indexOf(' ') + 1);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (/^(dist\/src|src)\/([^/]+\/[^/.]+)/.exec(where)?.slice(1).join('/') ?? (where.startsWith('node:internal/') ? where.split(':')[1].split('/').slice(0, 3).join('/') : where.startsWith('node:') ? 'node:' + where.slice(5).split(/[/:]/)[0] : k.split(' ')[0]));
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + v);
  }
  console.log('by package:', [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${k} ${(100 * v / total).toFixed(1)}%`).join(', '));
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((100 * v / total).toFixed(1).padStart(5), '%', k);
}
main().catch((e) => { console.error(e); process.exit(1); });
