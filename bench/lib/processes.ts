import { ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
const TS_REGISTER = path.join(ROOT, 'scripts', 'ts-register.js');

/**
 * The node options `npm start` gives the gateway (package.json's start script, between `node` and
 * `dist/src/main.js`): the bench runs the gateway, and the in-memory baseline (the same program), with them.
 */
export const GATEWAY_NODE_ARGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const options = /\bnode((?: --[^\s]+)*) dist\/src\/main\.js/.exec(start);
  if (!options) throw new Error(`package.json's start script does not run node ... dist/src/main.js: ${start}`);
  return options[1].trim() ? options[1].trim().split(' ') : [];
})();

/** A free loopback port (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a child talking to loopback: no proxy (jsforce would send loopback through it). */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) delete env[name];
  // Nothing of the parent's gateway configuration leaks into the children.
  for (const name of Object.keys(env)) if (/^(SALESFORCE_|STIGG_|GATEWAY_|SANDBOX_|PROVISIONING_HOOK|DATABASE_URL|JOURNAL_PATH|PORT$|HOST$)/.test(name)) delete env[name];
  return { ...env, ...extra };
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  output: string[];
  /** Sends an IPC request (forked children only) and resolves with its result. */
  request<T>(msg: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

function wrap(proc: ChildProcess, label: string): Child {
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(line);
    if (output.length > 2_000) output.splice(0, output.length - 2_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  proc.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`${label}: ${msg.error}`));
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    pid: proc.pid!,
    output,
    request<T>(msg: Record<string, unknown>): Promise<T> {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send!({ ...msg, id });
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Forks a TypeScript file (transpiled on the fly) with an IPC channel; `nodeArgs` go to node before the require hook (e.g. `--cpu-prof`). */
export function forkTs(file: string, env: NodeJS.ProcessEnv, label: string, nodeArgs: string[] = []): Child {
  const proc = fork(file, [], { cwd: ROOT, env, execArgv: [...nodeArgs, '-r', TS_REGISTER], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return wrap(proc, label);
}

/** Spawns `node <args>` (no IPC); `prefix` runs node under another program (e.g. `['taskset', '-c', '1']`, or valgrind: then its last element is node). */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv, label: string, prefix: string[] = []): Child {
  const [command, ...rest] = prefix.length ? [...prefix, ...(prefix[prefix.length - 1] === process.execPath ? [] : [process.execPath])] : [process.execPath];
  const proc = spawn(command, [...rest, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return wrap(proc, label);
}

/** Resolves with the first stdout line that parses as JSON. */
export function firstJsonLine<T>(child: Child, timeoutMs = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no JSON line within ${timeoutMs} ms: ${child.output.join('\n')}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n')) {
        try {
          const value = JSON.parse(line) as T;
          clearTimeout(timer);
          child.proc.stdout!.off('data', onData);
          resolve(value);
          return;
        } catch { /* not yet */ }
      }
    };
    child.proc.stdout!.on('data', onData);
    child.proc.once('exit', (code) => reject(new Error(`exited (${code}) before printing JSON: ${child.output.join('\n')}`)));
  });
}

/** Polls GET url until it answers 200; resolves with the ms it took from `since`. */
export async function waitFor200(url: string, since: number, child: Child, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    if (child.proc.exitCode !== null) throw new Error(`process exited (${child.proc.exitCode}): ${child.output.slice(-20).join('\n')}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch { /* not listening yet */ }
    if (performance.now() - since > timeoutMs) throw new Error(`${url} not 200 within ${timeoutMs} ms: ${child.output.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const PAGE = 4096;
const TICKS = 100; // USER_HZ on Linux

/** Resident set size of a process in bytes (Linux /proc; null elsewhere). */
export function rssOf(pid: number): number | null {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return Number(statm[1]) * PAGE;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, in ms (Linux /proc; null elsewhere). */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return null;
  }
}

/** Busy CPU time of the whole machine in ms (Linux /proc/stat; null elsewhere). */
export function machineBusyMs(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] ?? 0);
    return (busy * 1000) / TICKS;
  } catch {
    return null;
  }
}
