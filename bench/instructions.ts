/*
 * Instructions per query, counted by valgrind's callgrind: a figure that does not move with what else
 * the machine is doing (CPU time does, on a shared two-CPU machine). For each target (the gateway, the
 * in-memory baseline) and query (the portal query with 50 opportunities, `{ __typename }`):
 * the target runs under `valgrind --tool=callgrind --instr-atstart=no`, is warmed up with WARMUP
 * queries (V8 tiers up by call counts, not by time), then instrumentation is switched on
 * (`callgrind_control -i on`) for COUNT queries from one client and off again; the instructions
 * executed by all the target's threads (JavaScript, GC, libuv) in between, divided by COUNT.
 *
 *   npm run build --silent && node -r ./scripts/ts-register.js bench/instructions.ts
 *   TARGETS=gateway,memory QUERIES=portal,trivial COUNT=40 WARMUP=60 DIST=<a built tree's dist> (defaults); KEEP=1 keeps the dumps
 *
 * Prints one JSON line per target and query, then a table.
 */
import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childEnv, firstJsonLine, forkTs, freePort, ROOT, spawnNode, waitFor200 } from './lib/processes';
import { createDeals, salesforceConnection } from './lib/seed';
import { Child } from './lib/processes';

const KEY = 'bench-key-0000000000000000';
const DIST = process.env.DIST ?? path.join(ROOT, 'dist');
const TARGETS = (process.env.TARGETS ?? 'gateway,memory').split(',');
const QUERIES = (process.env.QUERIES ?? 'portal,trivial').split(',');
const COUNT = Number(process.env.COUNT ?? 40);
const WARMUP = Number(process.env.WARMUP ?? 60);
const PORTAL_QUERY = readFileSync(path.join(ROOT, 'examples', 'operations', 'portal-opportunities.graphql'), 'utf8');
const BODIES: Record<string, string> = {
  portal: JSON.stringify({ query: PORTAL_QUERY, variables: { first: 50, filter: { closedAfter: '2029-12-31' } } }),
  trivial: JSON.stringify({ query: '{ __typename }' }),
};

/** vgdb names its pipes after HOST: callgrind_control must see the HOST the target saw. */
const CONTROL: ExecFileSyncOptions = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, HOST: '127.0.0.1' } };
const log = (msg: string): void => { process.stderr.write(`[instructions ${new Date().toISOString().slice(11, 19)}] ${msg}\n`); };

async function post(url: string, body: string, attempt = 1): Promise<void> {
  // a keep-alive connection the server closed as it was reused (slow under valgrind): sent again on a new one, once
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body })
    .catch((err: Error) => { if (attempt > 1) throw err; return null; });
  if (!res) return post(url, body, attempt + 1);
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`query failed: ${res.status} ${text.slice(0, 300)}`);
}


/** Total instructions (Ir) in a callgrind output file. */
function instructionsIn(file: string): number {
  const text = readFileSync(file, 'utf8');
  const m = /^totals:\s+(\d+)/m.exec(text);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'o2c-instr-'));
  const children: Child[] = [];
  try {
    const sandbox = forkTs(path.join(__dirname, 'sandbox-process.ts'), childEnv({ NODE_ENV: 'production' }), 'sandbox');
    children.push(sandbox);
    const d = await firstJsonLine<{ salesforce: { instanceUrl: string; accessToken: string; apiVersion: string }; stigg: { baseUri: string; apiKey: string } }>(sandbox);
    const deals = await createDeals(salesforceConnection(d.salesforce as never), {
      label: 'Instr', accounts: 50, deals: 50, closeDate: '2030-01-15', accountOfDeal: (i) => i, creditEntitlement: true,
    });
    const env = (port: number, journal: string) => childEnv({
      NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info',
      SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl, SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken, SALESFORCE_API_VERSION: d.salesforce.apiVersion,
      STIGG_API_KEY: d.stigg.apiKey, STIGG_BASE_URI: d.stigg.baseUri, GATEWAY_API_KEYS: `${KEY}:read,provision,credits`,
      JOURNAL_PATH: path.join(tmp, journal), GATEWAY_RATE_LIMIT_PER_SECOND: '1000000', GATEWAY_RATE_LIMIT_BURST: '1000000',
      // a query under callgrind runs 50-100 times slower
      GATEWAY_REQUEST_TIMEOUT_MS: '600000',
    });
    // Provision three of four deals with a gateway outside valgrind (fast); the measured ones only read.
    {
      const port = await freePort();
      const g = spawnNode([path.join(DIST, 'src', 'main.js')], env(port, 'provision.db'), 'provisioner');
      children.push(g);
      const url = `http://127.0.0.1:${port}`;
      await waitFor200(`${url}/readyz`, performance.now(), g);
      for (const id of deals.opportunityIds.filter((_, i) => i % 4 !== 3)) {
        await post(url, JSON.stringify({ query: 'mutation P($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { status } }', variables: { input: { opportunityId: id } } }));
      }
      await g.stop();
    }
    const rows: Array<{ target: string; query: string; instructionsPerQuery: number }> = [];
    for (const target of TARGETS) {
      const port = await freePort();
      const out = path.join(tmp, `cg-${target}.%p`);
      const program = target === 'memory'
        ? ['-r', path.join(ROOT, 'scripts', 'ts-register.js'), path.join(ROOT, 'bench', 'in-memory-server.ts')]
        : [path.join(DIST, 'src', 'main.js')];
      let dumpsSoFar = 0;
      const child = spawnValgrind(out, program, { ...env(port, `${target}.db`), BENCH_DIST: DIST });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitFor200(`${url}/readyz`, performance.now(), child, 300_000);
      for (const query of QUERIES) {
        log(`${target} ${query}: ${WARMUP} warm-up queries`);
        // warm-up answers are not checked: the first queries under valgrind may run into the upstream timeouts
        for (let i = 0; i < WARMUP; i++) await post(url, BODIES[query]).catch(() => undefined);
        execFileSync('callgrind_control', ['-z', String(child.pid)], CONTROL);
        execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], CONTROL);
        for (let i = 0; i < COUNT; i++) await post(url, BODIES[query]);
        execFileSync('callgrind_control', ['-i', 'off', String(child.pid)], CONTROL);
        execFileSync('callgrind_control', ['-d', `${target}-${query}`, String(child.pid)], CONTROL);
        const latest = await nextDump(tmp, target, ++dumpsSoFar, url);
        const row = { target, query, instructionsPerQuery: instructionsIn(latest) / COUNT };
        rows.push(row);
        process.stdout.write(`${JSON.stringify(row)}\n`);
      }
      await child.stop();
    }
    const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M`;
    for (const query of QUERIES) {
      const g = rows.find((r) => r.target === 'gateway' && r.query === query);
      const m = rows.find((r) => r.target === 'memory' && r.query === query);
      process.stdout.write(`${query}: gateway ${g ? fmt(g.instructionsPerQuery) : 'n/a'} / in-memory ${m ? fmt(m.instructionsPerQuery) : 'n/a'} instructions per query`
        + `${g && m ? ` (${(g.instructionsPerQuery / m.instructionsPerQuery).toFixed(2)}x)` : ''}\n`);
    }
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => undefined);
    if (process.env.KEEP) process.stderr.write(`callgrind dumps kept in ${tmp} (callgrind_annotate <file>)\n`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

/** The n-th dump callgrind_control -d asked for (written as <out>.<pid>.<n> once valgrind gets to it). */
async function nextDump(dir: string, target: string, n: number, wake: string): Promise<string> {
  const until = performance.now() + 60_000;
  for (;;) {
    const file = readdirSync(dir).find((f) => new RegExp(`^cg-${target}\\.\\d+\\.${n}$`).test(f));
    if (file) {
      const full = path.join(dir, file);
      // written once it ends with its totals
      if (/^totals:/m.test(readFileSync(full, 'utf8'))) return full;
    }
    if (performance.now() > until) throw new Error(`callgrind dump ${n} of ${target} not written: ${readdirSync(dir).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
    // valgrind acts on a command when the process runs: wake it (instrumentation is off by now)
    await fetch(`${wake}/healthz`).then((r) => r.arrayBuffer(), () => undefined);
  }
}

/** `node <args>` under callgrind, instrumentation off until switched on. */
function spawnValgrind(outFile: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return spawnNode(args, env, 'valgrind', ['valgrind', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${outFile}`, process.execPath]);
}

main().catch((err: Error) => {
  process.stderr.write(`instructions failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
