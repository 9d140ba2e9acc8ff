/**
 * Two gateway replicas sharing one PostgreSQL journal: two real child
 * processes (src/main.ts in "real upstream" mode, pointed at the same
 * Salesforce and Stigg emulators and the same database schema) receive 20
 * concurrent provisionOpportunity calls for one opportunity between them.
 * The database's claim makes exactly one run and one subscription.
 * Needs TEST_DATABASE_URL (`npm test` sets it; or
 * `TEST_DATABASE_URL="$(bash scripts/postgres/ensure-postgres.sh)"`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { startSandbox, RunningSandbox } from '../../src/sandbox/start-sandbox';
import { ACCOUNT, OPP, PROVISION } from '../helpers/provisioning-helpers';

const DATABASE_URL = process.env.TEST_DATABASE_URL || null;
const ROOT = join(__dirname, '..', '..');
const API_KEY = 'postgres-replica-test-key-0001';

/** One gateway process; resolves `url` once it logs that it listens. */
class GatewayProcess {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  output = '';

  constructor(env: Record<string, string>) {
    const clean = { ...process.env };
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'DATABASE_URL', 'JOURNAL_PATH', 'PROVISIONING_HOOK_URL']) delete clean[name];
    this.child = spawn(process.execPath, ['-r', './test/helpers/ts-register-cached.js', 'src/main.ts'], {
      cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.url = new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
        for (const line of this.output.split('\n')) {
          if (!line.startsWith('{')) continue;
          try {
            const entry = JSON.parse(line);
            if (entry.msg === 'gateway listening' && entry.url) resolve(entry.url);
          } catch { /* a partial line */ }
        }
      };
      this.child.stdout!.on('data', onData);
      this.child.stderr!.on('data', onData);
      this.child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before listening:\n${this.output}`)));
    });
  }

  async graphql(query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
    const response = await fetch(`${await this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as Promise<{ data?: any; errors?: any[] }>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

const describePostgres = DATABASE_URL ? describe : describe.skip;
const title = DATABASE_URL
  ? 'two gateway processes sharing PostgreSQL'
  : 'two gateway processes sharing PostgreSQL SKIPPED: set TEST_DATABASE_URL (bash scripts/postgres/ensure-postgres.sh)';

describePostgres(title, () => {
  const schema = `provisioning_replicas_${randomBytes(5).toString('hex')}`;
  let sandbox: RunningSandbox;
  const gateways: GatewayProcess[] = [];

  beforeAll(async () => {
    const admin = new Client({ connectionString: DATABASE_URL! });
    await admin.connect();
    try {
      await admin.query(`create schema ${schema}`);
    } finally {
      await admin.end();
    }
    sandbox = await startSandbox({ salesforcePort: 0, stiggPort: 0 });
    const d = sandbox.describe();
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const env = {
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
      SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl, SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken,
      STIGG_API_KEY: d.stigg.apiKey, STIGG_BASE_URI: d.stigg.baseUri,
      GATEWAY_API_KEYS: `${API_KEY}:read,provision`,
      DATABASE_URL: url.toString(),
    };
    // both start at once: the journal's migrations must be safe when replicas race
    gateways.push(new GatewayProcess(env), new GatewayProcess(env));
    await Promise.all(gateways.map((g) => g.url));
  }, 25_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await sandbox?.stop();
    const admin = new Client({ connectionString: DATABASE_URL! });
    await admin.connect();
    try {
      await admin.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await admin.end();
    }
  });

  it('20 concurrent calls split across both replicas for one opportunity: exactly one run and one subscription', async () => {
    sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', latencyMs: 400 });
    const input = { opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE' };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => gateways[i % 2].graphql(PROVISION, { input })));
    sandbox.stigg.faults.clear();

    const runs = answers.filter((a) => !a.errors).map((a) => a.data.provisionOpportunity);
    const errors = answers.filter((a) => a.errors).map((a) => a.errors![0].extensions);
    expect(runs.length + errors.length).toBe(20);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    expect(runs[0]).toMatchObject({ status: 'SUCCEEDED', subscriptionId: `sub-${OPP.globex}`, requestedBy: 'env:1' });
    expect(errors.every((e) => e.code === 'PROVISIONING_IN_PROGRESS' && e.runId === runs[0].id)).toBe(true);

    const subscriptions = [...sandbox.stigg.store.subscriptions.values()].filter((s) => s.salesforceId === OPP.globex);
    expect(subscriptions).toHaveLength(1);
    expect([...sandbox.stigg.store.customers.values()].filter((c) => c.salesforceId === ACCOUNT.globex)).toHaveLength(1);
    expect(sandbox.stigg.counters.snapshot().provisionSubscriptionV2).toBe(1);

    const db = new Client({ connectionString: DATABASE_URL! });
    await db.connect();
    try {
      const { rows } = await db.query(`select id, status from ${schema}.provisioning_runs where opportunity_id = $1`, [OPP.globex]);
      expect(rows).toEqual([{ id: runs[0].id, status: 'SUCCEEDED' }]);
    } finally {
      await db.end();
    }

    // Afterwards both replicas answer the same run, and neither touches Stigg again.
    sandbox.stigg.counters.reset();
    const again = await Promise.all(gateways.map((g) => g.graphql(PROVISION, { input })));
    expect(again.map((a) => a.data.provisionOpportunity.id)).toEqual([runs[0].id, runs[0].id]);
    expect(sandbox.stigg.counters.snapshot()).toEqual({});
  }, 25_000);
});
