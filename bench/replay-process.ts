/*
 * Recorded upstreams, for measuring the gateway without the emulators' CPU on its path: one HTTP
 * listener per upstream (Salesforce, Stigg) in front of the emulators. In `record` mode every
 * request is passed to the emulator and its answer kept, keyed by method, URL and body; in `replay`
 * mode a request seen before is answered from memory (same status, content type, Salesforce's
 * limit header and body bytes), after `latencyMs`, without the emulator; one not seen before is
 * passed through and counted as a miss. The gateway's own work is unchanged: its HTTP clients,
 * jsforce, the Stigg documents, JSON, mapping, DataLoader and Apollo all run as against the
 * emulators; only what a real upstream would spend on its own machines is gone.
 *
 *   forked by run-bench.ts with IPC; env REPLAY_SALESFORCE_URL, REPLAY_STIGG_URL (the emulators)
 *   prints {"salesforce":"http://127.0.0.1:<port>","stigg":"http://127.0.0.1:<port>"}
 *   IPC: { type: 'mode', mode: 'record' | 'replay', latencyMs } -> { recorded, misses, served }
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';

interface Recorded { status: number; headers: Record<string, string>; body: Buffer }

const KEPT_HEADERS = ['content-type', 'sforce-limit-info'];
let mode: 'record' | 'replay' = 'record';
let latencyMs = 0;
let misses = 0;
let served = 0;
const recorded = new Map<string, Recorded>();

async function forward(target: string, req: http.IncomingMessage, body: Buffer): Promise<Recorded> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || ['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding'].includes(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const res = await fetch(`${target}${req.url}`, { method: req.method, headers, body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : body });
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return { status: res.status, headers: kept, body: Buffer.from(await res.arrayBuffer()) };
}

function listen(target: string): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = `${req.method} ${req.url} ${body.toString('utf8')}`;
      const send = (r: Recorded) => {
        res.writeHead(r.status, { ...r.headers, 'content-length': String(r.body.length) });
        res.end(r.body);
      };
      const hit = mode === 'replay' ? recorded.get(key) : undefined;
      if (hit) {
        served += 1;
        if (latencyMs > 0) setTimeout(() => send(hit), latencyMs);
        else send(hit);
        return;
      }
      if (mode === 'replay') misses += 1;
      forward(target, req, body).then((r) => {
        if (mode === 'record' && r.status < 400) recorded.set(key, r);
        if (latencyMs > 0) setTimeout(() => send(r), latencyMs);
        else send(r);
      }, (err: Error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(err.message);
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function main(): Promise<void> {
  const [salesforce, stigg] = await Promise.all([listen(process.env.REPLAY_SALESFORCE_URL!), listen(process.env.REPLAY_STIGG_URL!)]);
  process.on('message', (msg: { id: number; type: string; mode?: 'record' | 'replay'; latencyMs?: number }) => {
    if (msg.type === 'mode') {
      mode = msg.mode ?? mode;
      latencyMs = msg.latencyMs ?? 0;
    }
    process.send!({ id: msg.id, ok: true, result: { recorded: recorded.size, misses, served } });
  });
  process.stdout.write(`${JSON.stringify({ salesforce, stigg })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`replay process failed: ${err.message}\n`);
  process.exit(1);
});
