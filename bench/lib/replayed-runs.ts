import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Child, childEnv, firstJsonLine, forkTs, freePort, GATEWAY_NODE_ARGS, ROOT, spawnNode, waitFor200 } from './processes';
import { load, LoadResult } from './load';

/*
 * The portal query against recorded upstreams (bench/replay-process.ts), with the gateway and the
 * in-memory baseline each given CPU 0 and everything else (the recorded upstreams, the emulators,
 * the load generator) CPU 1: what the gateway costs beside the in-memory server when the emulators'
 * CPU is not on its path and not on its core. The same portal query, the same answers (recorded from
 * the emulators), the same 50 opportunities.
 */

interface Description {
  salesforce: { instanceUrl: string; loginUrl: string; accessToken: string; apiVersion: string };
  stigg: { baseUri: string; apiKey: string };
}

export interface ReplayedRuns {
  /** the cores each side ran on */
  cores: { servers: string; rest: string };
  portal: Array<{ connections: number; gateway: LoadResult; memory: LoadResult }>;
  latencyZero: LoadResult;
  latency: LoadResult;
  latencyMs: number;
  /** requests the recording did not hold during the measured runs (passed to the emulators) */
  misses: number;
  recorded: number;
}

export interface ReplayedOptions<D extends Description> {
  description: D;
  gatewayEnv: (d: D, port: number, journal: string) => NodeJS.ProcessEnv;
  tmp: string;
  children: Child[];
  quick: boolean;
  portalBody: string;
  key: string;
  mem: Child;
  memUrl: string;
  sandbox: Child;
  durationS: number;
  log: (msg: string) => void;
  latencyMs?: number;
}

/** Pins every thread of a process to `cpus` (taskset -a -p -c). */
function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** Null on a machine with fewer than two CPUs or without taskset. */
export async function replayedRuns<D extends Description>(o: ReplayedOptions<D>): Promise<ReplayedRuns | null> {
  const cpus = os.cpus().length;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  } catch {
    o.log('taskset is not available: the recorded-upstream rows are left out');
    return null;
  }
  if (cpus < 2) return null;
  const all = `0-${cpus - 1}`;
  const rest = cpus === 2 ? '1' : `1-${cpus - 1}`;
  const latencyMs = o.latencyMs ?? 50;
  const replay = forkTs(path.join(ROOT, 'bench', 'replay-process.ts'), childEnv({
    REPLAY_SALESFORCE_URL: o.description.salesforce.instanceUrl, REPLAY_STIGG_URL: o.description.stigg.baseUri,
  }), 'replay');
  o.children.push(replay);
  const urls = await firstJsonLine<{ salesforce: string; stigg: string }>(replay);
  const port = await freePort();
  const recordedUpstreams = { ...o.description, salesforce: { ...o.description.salesforce, instanceUrl: urls.salesforce }, stigg: { ...o.description.stigg, baseUri: urls.stigg } };
  // Stigg pacing off: recorded answers have no rate limit, and paced, the scaled read limit (subscriptions,
  // 1,500 per 15 s) caps the portal query at ~97/s, whatever the gateway's CPU (run-bench states the cap)
  const gateway = spawnNode([...GATEWAY_NODE_ARGS, path.join(ROOT, 'dist', 'src', 'main.js')], { ...o.gatewayEnv(recordedUpstreams, port, path.join(o.tmp, 'journal-replayed.db')), STIGG_PACING: 'false' },
    'gateway-replayed', ['taskset', '-c', '0']);
  o.children.push(gateway);
  const url = `http://127.0.0.1:${port}`;
  await waitFor200(`${url}/readyz`, performance.now(), gateway);
  const mode = (m: 'record' | 'replay', latency: number) => replay.request<{ recorded: number; misses: number; served: number }>({ type: 'mode', mode: m, latencyMs: latency });
  try {
    await mode('record', 0);
    await load({ url, key: o.key, body: o.portalBody, connections: 1, amount: 5 });
    await mode('replay', 0);
    pin(o.mem.pid, '0');
    for (const pid of [replay.pid, o.sandbox.pid, process.pid]) pin(pid, rest);
    for (const target of [url, o.memUrl]) await load({ url: target, key: o.key, body: o.portalBody, connections: 10, durationS: o.quick ? 1 : 2 });
    const best = (list: LoadResult[]) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
    const portal: ReplayedRuns['portal'] = [];
    for (const connections of [1, 10, 50]) {
      o.log(`recorded upstreams: portal query, ${connections} concurrent clients`);
      const runs: LoadResult[][] = [[], []];
      for (let round = 0; round < (o.quick ? 1 : 2); round++) {
        // what the other CPU spends per query too: the recorded upstreams and the load generator (this process)
        runs[0].push(await load({ url, key: o.key, body: o.portalBody, connections, durationS: o.durationS, watch: { gateway: gateway.pid, replay: replay.pid, load: process.pid } }));
        runs[1].push(await load({ url: o.memUrl, key: o.key, body: o.portalBody, connections, durationS: o.durationS, watch: { gateway: o.mem.pid, load: process.pid } }));
      }
      portal.push({ connections, gateway: best(runs[0]), memory: best(runs[1]) });
    }
    o.log(`recorded upstreams: +${latencyMs} ms on every upstream answer`);
    const latencyZero = await load({ url, key: o.key, body: o.portalBody, connections: 1, amount: o.quick ? 20 : 100, watch: { gateway: gateway.pid } });
    await mode('replay', latencyMs);
    await load({ url, key: o.key, body: o.portalBody, connections: 1, amount: 5 });
    const latency = await load({ url, key: o.key, body: o.portalBody, connections: 1, amount: o.quick ? 40 : 220, watch: { gateway: gateway.pid } });
    const stats = await mode('replay', 0);
    return { cores: { servers: '0', rest }, portal, latencyZero, latency, latencyMs, misses: stats.misses, recorded: stats.recorded };
  } finally {
    for (const pid of [o.mem.pid, replay.pid, o.sandbox.pid, process.pid]) {
      try { pin(pid, all); } catch { /* gone */ }
    }
    await gateway.stop();
    await replay.stop();
  }
}
