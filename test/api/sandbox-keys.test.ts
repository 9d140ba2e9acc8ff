import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Keys in the sandbox, as the README walks through them: `npm run keys` (src/services/journal/
 * api-keys-cli.ts) and `npm start` (src/main.ts), each a child process in the same working
 * directory with no upstream and no journal variable, use one key journal, data/sandbox-keys.db.
 * With no key there, authentication is off; once a key is made, the next start asks for one
 * (its banner's first query carries the header), a read key gets FORBIDDEN on a mutation, and a
 * key revoked while the gateway runs is refused at once.
 */
const ROOT = join(__dirname, '../..');
const REGISTER = join(ROOT, 'test/helpers/ts-register-cached.js');
let cwd: string;
const started: ChildProcess[] = [];

/** No upstream, no journal variable, no key variable: exactly `npm start` / `npm run keys` in a fresh checkout. */
function sandboxEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', SANDBOX_SALESFORCE_PORT: '0', SANDBOX_STIGG_PORT: '0', SANDBOX_PUBSUB_PORT: '0', LOG_LEVEL: 'warn' };
}

function keys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', REGISTER, join(ROOT, 'src/services/journal/api-keys-cli.ts'), ...args], { cwd, env: sandboxEnv(), timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

interface Gateway { process: ChildProcess; url: string; banner: string }

/** Starts src/main.ts and resolves once its banner is complete (it ends with the first query). */
function startGateway(): Promise<Gateway> {
  const child = spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'src/main.ts')], { cwd, env: sandboxEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no banner within 45 s: ${stderr}`)), 45_000);
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      const url = /SANDBOX MODE\) at (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(stderr)?.[1];
      if (url && /-d '.*'\n/.test(stderr)) {
        clearTimeout(timer);
        resolve({ process: child, url, banner: stderr });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}): ${stderr}`));
    });
  });
}

async function stop(gateway: Gateway): Promise<void> {
  const exited = new Promise((resolve) => gateway.process.once('exit', resolve));
  gateway.process.kill('SIGTERM');
  await exited;
}

async function post(url: string, body: unknown, key?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The banner's first query: the JSON after -d, as pasted. */
const firstQueryOf = (banner: string): string => /-d '(.*)'\n/.exec(banner)![1];

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'o2c-sandbox-keys-'));
});
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
});

describe('keys in the sandbox, from creation to FORBIDDEN', () => {
  let readKey: string;
  let gateway: Gateway;

  it('with no key made, authentication is off and the first query needs no header', async () => {
    const first = await startGateway();
    try {
      expect(first.banner).toContain(`AUTHENTICATION IS OFF: sandbox mode with no GATEWAY_API_KEYS and no active key in ${join(cwd, 'data/sandbox-keys.db')}`);
      expect(first.banner).not.toContain('authorization: Bearer');
      const result = await post(first.url, firstQueryOf(first.banner));
      expect(result.status).toBe(200);
      expect(result.body.data.opportunities.edges).toHaveLength(5);
    } finally {
      await stop(first);
    }
  }, 60_000);

  it('npm run keys writes the sandbox\'s key journal and says so', async () => {
    const created = await keys('create', '--name', 'portal', '--scopes', 'read');
    expect(created.code).toBe(0);
    readKey = /^key: (\S+)$/m.exec(created.stdout)![1];
    expect(readKey).toMatch(/^o2c_/);
    expect(created.stderr).toContain(`journal: ${join(cwd, 'data/sandbox-keys.db')}, the sandbox's keys`);
    expect(created.stderr).toContain('`npm start` in sandbox mode reads them');
    expect(existsSync(join(cwd, 'data/sandbox-keys.db'))).toBe(true);
    expect(existsSync(join(cwd, 'data/gateway.db'))).toBe(false);
  }, 40_000);

  it('the next start asks for a key: its banner\'s first query carries the Authorization header and answers with the key', async () => {
    gateway = await startGateway();
    expect(gateway.banner).toContain(`Authentication is on: send Authorization: Bearer <key>, a key of npm run keys (read here from ${join(cwd, 'data/sandbox-keys.db')})`);
    expect(gateway.banner).toContain(`curl -s ${gateway.url}/graphql -H "authorization: Bearer $KEY" -H 'content-type: application/json'`);
    const query = firstQueryOf(gateway.banner);
    expect((await post(gateway.url, query)).status).toBe(401);
    const answered = await post(gateway.url, query, readKey);
    expect(answered.status).toBe(200);
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data.opportunities.edges).toHaveLength(5);
  }, 60_000);

  it('a read key provisioning: FORBIDDEN naming the scope, HTTP 200, nothing provisioned', async () => {
    const refused = await post(gateway.url, {
      query: 'mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id status } }',
    }, readKey);
    expect(refused.status).toBe(200);
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'provision' });
    const runs = await post(gateway.url, { query: '{ opportunity(id: "006Dn0000000001IAA") { provisioningRuns { id } } }' }, readKey);
    expect(runs.body.data.opportunity.provisioningRuns).toEqual([]);
  });

  it('a key made or revoked while the gateway runs counts from the next request', async () => {
    const provision = await keys('create', '--name', 'deal desk', '--scopes', 'read,provision');
    const provisionKey = /^key: (\S+)$/m.exec(provision.stdout)![1];
    const preview = await post(gateway.url, { query: '{ previewProvisioning(input: { opportunityId: "006Dn0000000001IAA" }) { planId } }' }, provisionKey);
    expect(preview.body).toEqual({ data: { previewProvisioning: { planId: 'plan-enterprise' } } });
    const listed = await keys('list');
    const readId = listed.stdout.split('\n').find((line) => line.includes('\tportal\t'))!.split('\t')[0];
    expect((await keys('revoke', readId)).code).toBe(0);
    const revoked = await post(gateway.url, { query: '{ __typename }' }, readKey);
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await stop(gateway);
  }, 60_000);
});
