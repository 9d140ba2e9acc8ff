import os from 'node:os';
import { cpuMsOf, machineBusyMs, rssOf } from './processes';

// autocannon ships no types
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

export interface LoadResult {
  connections: number;
  /** completed 2xx requests per second */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  /** CPU ms per request of each watched process */
  cpuMsPerRequest: Record<string, number | null>;
  /** highest RSS seen per watched process (bytes) */
  peakRss: Record<string, number | null>;
  /** share of the machine's CPUs busy with processes other than the watched ones and this one (0..1; null off Linux) */
  otherLoad: number | null;
}

export interface LoadOptions {
  url: string;
  key: string;
  body: string;
  connections: number;
  durationS?: number;
  amount?: number;
  /** processes whose CPU and RSS are sampled during the run */
  watch?: Record<string, number>;
}

/** One autocannon run (POST /graphql, keep-alive), with CPU and RSS of the watched processes. */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  const watch = opts.watch ?? {};
  const cpuBefore = Object.fromEntries(Object.entries(watch).map(([name, pid]) => [name, cpuMsOf(pid)]));
  const peakRss: Record<string, number | null> = Object.fromEntries(Object.entries(watch).map(([name, pid]) => [name, rssOf(pid)]));
  const machineBefore = machineBusyMs();
  const selfBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const sampler = setInterval(() => {
    for (const [name, pid] of Object.entries(watch)) {
      const rss = rssOf(pid);
      if (rss !== null) peakRss[name] = Math.max(peakRss[name] ?? 0, rss);
    }
  }, 100);
  let result: AutocannonResult;
  try {
    result = await autocannon({
      url: `${opts.url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.key}` },
      body: opts.body,
      connections: opts.connections,
      ...(opts.amount ? { amount: opts.amount } : { duration: opts.durationS ?? 5 }),
      timeout: 30,
    });
  } finally {
    clearInterval(sampler);
  }
  const ok = result['2xx'];
  const machineAfter = machineBusyMs();
  const self = process.cpuUsage(selfBefore);
  const wall = performance.now() - wallBefore;
  const cpuMsPerRequest = Object.fromEntries(Object.entries(watch).map(([name, pid]) => {
    const before = cpuBefore[name];
    const after = cpuMsOf(pid);
    return [name, before === null || after === null || ok === 0 ? null : (after - before) / ok];
  }));
  let watchedMs = 0;
  for (const [name, pid] of Object.entries(watch)) {
    const before = cpuBefore[name];
    const after = cpuMsOf(pid);
    if (before !== null && after !== null) watchedMs += after - before;
  }
  const otherLoad = machineBefore === null || machineAfter === null ? null
    : Math.max(0, (machineAfter - machineBefore - watchedMs - (self.user + self.system) / 1000) / (wall * os.cpus().length));
  return {
    otherLoad,
    connections: opts.connections,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: ok,
    failures: result.errors + result.timeouts + result.non2xx,
    cpuMsPerRequest,
    peakRss,
  };
}
