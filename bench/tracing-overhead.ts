/*
 * The bench row "tracing off vs no tracing code": what the OpenTelemetry hooks cost a query when
 * tracing is off (no OTEL_* variable), in instructions per query counted by callgrind
 * (bench/instructions.ts: a figure that does not move with what else the machine does).
 *
 * Three builds of the committed tree (HEAD), each in its own temporary directory:
 *   - "no tracing code": HEAD with the one piece of tracing code a request runs when tracing is off
 *     taken out again: the HTTP edge's `opts.tracing ? traceOperation(...) : execute` (src/server/
 *     http-server.ts) back to the plain call. Everything else is decided once at start: with tracing
 *     off no plugin is added, the upstream policies, the Stigg documents' POST and the journal are not wrapped,
 *     and the Salesforce transport gets no trace hook (tracing/ and the wiring in gateway.ts and
 *     gateway-services.ts);
 *   - "tracing off": HEAD as it ships, no OTEL_* variable;
 *   - "tracing on": HEAD with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a sink in this process (what
 *     tracing costs when it is on; for information, no goal).
 * Each is measured by bench/instructions.ts (TARGETS=gateway, the portal query with 50 opportunities
 * and `{ __typename }`), and the differences printed as markdown rows.
 *
 *   node -r ./scripts/ts-register.js bench/tracing-overhead.ts
 *   COUNT=40 WARMUP=60 QUERIES=portal,trivial VARIANTS=none,off,on (defaults)
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childEnv, ROOT } from './lib/processes';

/** The request path's tracing code when tracing is off (src/server/http-server.ts), and the plain call it replaced. */
const REQUEST_PATH_HOOK = {
  file: 'src/server/http-server.ts',
  traced: `    // With tracing off this is the plain call: nothing allocated or wrapped for it.
    const tracing = opts.tracing;
    response = await withRequestTimeout(tracing
      ? tracing.traceOperation(req.headers, exchange.requestId, principal.id, () => apollo.executeHTTPGraphQLRequest(graphqlRequest))
      : apollo.executeHTTPGraphQLRequest(graphqlRequest), opts.requestTimeoutMs);`,
  plain: '    response = await withRequestTimeout(apollo.executeHTTPGraphQLRequest(graphqlRequest), opts.requestTimeoutMs);',
};
/** The commit every variant is built from, fixed at the start (others may commit while the run goes on). */
const COMMIT = execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const VARIANTS = (process.env.VARIANTS ?? 'none,off,on').split(',') as Array<'none' | 'off' | 'on'>;
const LABELS = { none: 'no tracing code', off: 'tracing off', on: 'tracing on' } as const;
const log = (msg: string): void => { process.stderr.write(`[tracing-overhead ${new Date().toISOString().slice(11, 19)}] ${msg}\n`); };

/** COMMIT in `dir`, built (tsc + assets); with `withoutHooks`, the request path's tracing hook taken out first. */
function buildTree(dir: string, withoutHooks: boolean): void {
  execFileSync('bash', ['-c', `git -C "${ROOT}" archive ${COMMIT} | tar -x -C "${dir}"`], { stdio: 'inherit' });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (withoutHooks) {
    const file = path.join(dir, REQUEST_PATH_HOOK.file);
    const source = readFileSync(file, 'utf8');
    if (!source.includes(REQUEST_PATH_HOOK.traced)) throw new Error(`${REQUEST_PATH_HOOK.file} no longer holds the tracing hook this bench takes out: update REQUEST_PATH_HOOK`);
    writeFileSync(file, source.replace(REQUEST_PATH_HOOK.traced, REQUEST_PATH_HOOK.plain));
  }
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/copy-assets.js'], { cwd: dir, stdio: 'inherit' });
}

/** bench/instructions.ts against one build; its JSON rows. */
function measure(dist: string, extraEnv: Record<string, string>): Promise<Array<{ query: string; instructionsPerQuery: number }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts', 'ts-register.js'), path.join(ROOT, 'bench', 'instructions.ts')], {
      cwd: ROOT, env: { ...childEnv({}), ...extraEnv, DIST: dist, TARGETS: 'gateway' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`instructions.ts exited ${code}: ${out}`));
      resolve(out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)));
    });
  });
}

/** An OTLP/HTTP sink answering 200 to every export, as a collector does. */
async function startSink(): Promise<{ url: string; exports: number; close(): void }> {
  const sink = { url: '', exports: 0, close: () => server.close() };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => { sink.exports += 1; res.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'o2c-tracing-overhead-'));
  const sink = await startSink();
  try {
    const trees = { shipped: path.join(tmp, 'shipped'), none: path.join(tmp, 'no-tracing-code') };
    const results: Partial<Record<'none' | 'off' | 'on', Array<{ query: string; instructionsPerQuery: number }>>> = {};
    for (const variant of VARIANTS) {
      const tree = variant === 'none' ? trees.none : trees.shipped;
      if (!existsSync(tree)) {
        mkdirSync(tree);
        log(`building ${variant === 'none' ? 'HEAD without the tracing hooks' : 'HEAD'} in ${tree}`);
        buildTree(tree, variant === 'none');
      }
      log(`measuring: ${LABELS[variant]} (${COMMIT.slice(0, 7)})`);
      const extraEnv: Record<string, string> = variant === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {};
      // A measured query that fails (an upstream timeout under valgrind on a busy machine) stops instructions.ts: measured again once.
      results[variant] = await measure(path.join(tree, 'dist'), extraEnv).catch((err: Error) => {
        log(`measuring ${LABELS[variant]} again: ${err.message.slice(0, 200)}`);
        return measure(path.join(tree, 'dist'), extraEnv);
      });
      for (const row of results[variant]!) process.stdout.write(`${JSON.stringify({ variant: LABELS[variant], ...row })}\n`);
    }
    const fmt = (n: number) => `${(n / 1e6).toFixed(3)} M`;
    process.stdout.write('\n| query | no tracing code | tracing off | off vs no code | tracing on | on vs off |\n|---|---|---|---|---|---|\n');
    for (const query of [...new Set(Object.values(results).flat().map((r) => r!.query))]) {
      const of = (v: 'none' | 'off' | 'on') => results[v]?.find((r) => r.query === query)?.instructionsPerQuery;
      const [none, off, on] = [of('none'), of('off'), of('on')];
      const diff = (a?: number, b?: number) => (a !== undefined && b !== undefined ? `${a >= b ? '+' : ''}${((a - b) / b * 100).toFixed(2)}%` : 'n/a');
      process.stdout.write(`| ${query} | ${none ? fmt(none) : 'n/a'} | ${off ? fmt(off) : 'n/a'} | ${diff(off, none)} | ${on ? fmt(on) : 'n/a'} | ${diff(on, off)} |\n`);
    }
    if (VARIANTS.includes('on')) process.stdout.write(`(the sink received ${sink.exports} OTLP exports while tracing was on)\n`);
  } finally {
    sink.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`tracing-overhead failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
