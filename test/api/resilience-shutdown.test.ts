import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SalesforceEmulator, startSalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { StiggEmulator, startStiggEmulator } from '../../src/sandbox/stigg/stigg-emulator';

/**
 * SIGTERM drains the real `src/main.ts` (run as a child process against the
 * emulators): requests under way — a slow read and a provisioning whose Stigg
 * call is slow — finish; new connections are refused at once; the process
 * exits by itself within 5 s.
 */
const ROOT = join(__dirname, '../..');
const KEY = 'test-shutdown-key-00000000000001';
let salesforce: SalesforceEmulator;
let stigg: StiggEmulator;
let dir: string;
let first: Child;
let second: Child;
let third: Child;

beforeAll(async () => {
  salesforce = await startSalesforceEmulator({ port: 0 });
  stigg = await startStiggEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'o2c-shutdown-'));
  // The first start fills the transpile cache (test/helpers/ts-register-cached.js); the others then start at once from it.
  first = await startMain('first');
  [second, third] = await Promise.all([startMain('second'), startMain('third')]);
}, 60_000);
afterAll(async () => {
  first?.process.kill('SIGKILL');
  second?.process.kill('SIGKILL');
  third?.process.kill('SIGKILL');
  await Promise.all([salesforce?.stop(), stigg?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

interface Child { process: ChildProcess; url: string; lines: string[]; exited: Promise<{ code: number | null; at: number }> }

async function startMain(name: string): Promise<Child> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    JOURNAL_PATH: join(dir, `${name}.db`),
    LOG_LEVEL: 'info',
    GATEWAY_API_KEYS: `${KEY}:read,provision`,
    SALESFORCE_INSTANCE_URL: salesforce.url,
    SALESFORCE_ACCESS_TOKEN: salesforce.credentials.accessToken,
    STIGG_API_KEY: stigg.apiKey,
    STIGG_BASE_URI: stigg.url,
  };
  const child = spawn(process.execPath, ['-r', './test/helpers/ts-register-cached.js', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        lines.push(line);
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'gateway listening' && entry.url) resolve(entry.url);
      }
    });
    exited.then(({ code }) => reject(new Error(`main.ts exited (${code}) before listening: ${stderr}`)));
  });
  return { process: child, url, lines, exited };
}

function graphql(url: string, query: string): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query }),
  });
}

describe('SIGTERM', () => {
  it('lets running requests finish, refuses new connections, and exits within 5 s', async () => {
    const main = first;
    try {
      expect((await graphql(main.url, '{ opportunities(first: 1) { edges { node { id } } } }')).status).toBe(200); // warm
      salesforce.faults.add({ operation: 'query', latencyMs: 1_500, times: 1 });
      stigg.faults.add({ operation: 'provisionSubscriptionV2', latencyMs: 1_500, times: 1 });
      const slowRead = graphql(main.url, '{ opportunities(first: 3) { edges { node { id name } } } }');
      const provisioning = graphql(main.url, 'mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id status } }');
      await new Promise((resolve) => setTimeout(resolve, 400));

      const signalledAt = Date.now();
      main.process.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(fetch(`${main.url}/healthz`)).rejects.toThrow(); // no new connections

      const read = await slowRead;
      expect(read.status).toBe(200);
      const readBody = await read.json() as { data: { opportunities: { edges: unknown[] } }; errors?: unknown };
      expect(readBody.errors).toBeUndefined();
      expect(readBody.data.opportunities.edges).toHaveLength(3);
      const provisioned = await provisioning;
      expect(provisioned.status).toBe(200);
      const run = await provisioned.json() as { data: { provisionOpportunity: { status: string } }; errors?: unknown };
      expect(run.errors).toBeUndefined();
      expect(run.data.provisionOpportunity.status).toBe('SUCCEEDED');
      expect(stigg.counters.snapshot().provisionSubscriptionV2).toBe(1);

      const { code, at } = await main.exited;
      expect(code).toBe(0);
      expect(at - signalledAt).toBeLessThan(5_000);
      const messages = main.lines.map((l) => JSON.parse(l).msg);
      expect(messages).toEqual(expect.arrayContaining(['shutting down: draining requests', 'stopped']));
    } finally {
      main.process.kill('SIGKILL');
      salesforce.faults.clear();
      stigg.faults.clear();
    }
  });

  it('a request longer than the drain is cut, and the process still exits within 5 s', async () => {
    const main = second;
    try {
      salesforce.faults.add({ operation: 'query', latencyMs: 20_000, times: 1 });
      const stuck = graphql(main.url, '{ opportunities(first: 1) { edges { node { id } } } }').then((r) => r.status, () => 'cut');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const signalledAt = Date.now();
      main.process.kill('SIGTERM');
      const { code, at } = await main.exited;
      expect(at - signalledAt).toBeLessThan(5_000);
      expect(code).toBe(0);
      expect(await stuck).toBe('cut');
    } finally {
      main.process.kill('SIGKILL');
      salesforce.faults.clear();
    }
  });

  it('exits within 5 s after a provisioning even when its stdout and stderr are closed (whoever started it is gone)', async () => {
    const main = third;
    try {
      const provisioned = await graphql(main.url, 'mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000002IAA" }) { id status } }');
      expect(provisioned.status).toBe(200);
      expect(((await provisioned.json()) as { data: { provisionOpportunity: { status: string } } }).data.provisionOpportunity.status).toBe('SUCCEEDED');
      // The reading ends of its pipes go away, as when the process that started it exits: every later write is EPIPE.
      main.process.stdout!.destroy();
      main.process.stderr!.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const signalledAt = Date.now();
      main.process.kill('SIGTERM');
      const exit = await Promise.race([main.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 6_000))]);
      expect(exit).not.toBeNull();
      expect(exit!.code).toBe(0);
      expect(exit!.at - signalledAt).toBeLessThan(5_000);
    } finally {
      main.process.kill('SIGKILL');
    }
  });
});
