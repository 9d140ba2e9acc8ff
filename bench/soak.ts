/**
 * `npm run soak`: minutes of mixed reads, provisioning and credit grants
 * against the gateway (the real src/main.ts, as a child process in "real
 * upstream" mode) and both emulators on loopback, with bounded upstream faults
 * injected throughout. Then faults stop, every provisioning and grant is asked
 * again until it is done, and the soak checks:
 *   - zero duplicate provisionings: one Stigg subscription per opportunity, one grant per idempotency key;
 *   - zero lost runs: every opportunity provisioned ends SUCCEEDED (written back to Salesforce),
 *     directly or by resuming once faults stop;
 *   - flat memory: the gateway's live heap (sampled after a full GC every 5 s) grows by less than
 *     SOAK_MAX_HEAP_GROWTH_MB between the start and the end of the run after warm-up;
 *   - no INTERNAL_SERVER_ERROR, no HTTP 5xx other than 504.
 *
 * Variables: SOAK_SECONDS (300), SOAK_CONCURRENCY (8), SOAK_WARMUP_SECONDS (20% of the run, 10..60),
 * SOAK_MAX_HEAP_GROWTH_MB (25), SOAK_FAULT_INTERVAL_MS (1500), SOAK_REPORT (a file to write the JSON report to).
 * Exit code 0 when every check holds, 1 otherwise.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { SalesforceEmulator, startSalesforceEmulator } from '../src/sandbox/salesforce/salesforce-emulator';
import { StiggEmulator, startStiggEmulator } from '../src/sandbox/stigg/stigg-emulator';
import { FaultRuleInput as SalesforceFault } from '../src/sandbox/salesforce/faults';
import { FaultRuleInput as StiggFault } from '../src/sandbox/stigg/faults';
import { MemorySample, Tally, heapGrowth } from './soak-stats';

const env = process.env;
const number = (name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const SECONDS = number('SOAK_SECONDS', 300);
const CONCURRENCY = Math.round(number('SOAK_CONCURRENCY', 8));
const WARMUP_SECONDS = number('SOAK_WARMUP_SECONDS', Math.min(60, Math.max(10, SECONDS * 0.2)));
const MAX_HEAP_GROWTH_MB = number('SOAK_MAX_HEAP_GROWTH_MB', 25);
const FAULT_INTERVAL_MS = number('SOAK_FAULT_INTERVAL_MS', 1500);
const KEY = 'soak-operator-key-0000000000000001';
const ROOT = existsSync(join(__dirname, '../scripts/ts-register.js')) ? join(__dirname, '..') : join(__dirname, '../..');
const FROM_SOURCES = __filename.endsWith('.ts');

/** The Acme recipe (custom plan, entitlements, billing outside Stigg): always provisionable, no payment needed. */
const PRICEBOOK = '01sDn0000000001IAA';
const LINE_ITEMS = [
  { PricebookEntryId: '01uDn0000000003IAA', Quantity: 1, UnitPrice: 0 },
  { PricebookEntryId: '01uDn0000000005IAA', Quantity: 25, UnitPrice: 0 },
  { PricebookEntryId: '01uDn0000000006IAA', Quantity: 100000, UnitPrice: 0 },
  { PricebookEntryId: '01uDn0000000007IAA', Quantity: 1, UnitPrice: 0 },
];

const READS = {
  portal: `query SoakPortal { opportunities(first: 20, filter: { isWon: true }) { edges { node { id name amount { amount currency }
    lineItems { quantity product { name } mapping { stiggType stiggId status } }
    subscription { id status customer { id creditBalances { currencyId currentBalance } } } } } pageInfo { hasNextPage endCursor } } }`,
  opportunity: `query SoakOpportunity($id: ID!) { opportunity(id: $id) { id name stageName account { id name customer { id } }
    subscription { id status planId entitlements { featureId usageLimit } } provisioningRuns { id status } } }`,
  mappings: 'query SoakMappings { productMappings { productId stiggType stiggId status problem } }',
  runs: 'query SoakRuns { provisioningRuns(first: 20) { edges { node { id status opportunityId } } hasNextPage endCursor } }',
  customer: `query SoakCustomer($id: ID!) { customer(id: $id) { id name subscriptions { id status } creditBalances { currencyId currentBalance }
    creditGrants { id amount } } }`,
};
const PROVISION = `mutation SoakProvision($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) {
  id status subscriptionId error { code message step } } }`;
const GRANT = `mutation SoakGrant($input: GrantCreditsInput!) { grantCredits(input: $input) { id amount } }`;

interface GraphqlAnswer { status: number; data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

async function main(): Promise<void> {
  const startedAt = Date.now();
  const elapsed = () => (Date.now() - startedAt) / 1000;
  const log = (message: string) => process.stderr.write(`[soak ${elapsed().toFixed(0).padStart(4)} s] ${message}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'o2c-soak-'));
  // Loopback only: the faults go to these two emulators and nowhere else.
  const salesforce = await startSalesforceEmulator({ host: '127.0.0.1', port: 0, dailyApiLimit: 100_000_000 });
  const stigg = await startStiggEmulator({ host: '127.0.0.1', port: 0 });
  for (const url of [salesforce.url, stigg.url]) if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`not loopback: ${url}`);
  let gateway: GatewayChild | null = null;
  try {
    gateway = await startGatewayChild(salesforce, stigg, dir);
    log(`gateway ${gateway.url} (pid ${gateway.process.pid}); Salesforce ${salesforce.url}; Stigg ${stigg.url}; ${SECONDS} s, ${CONCURRENCY} workers, warm-up ${WARMUP_SECONDS} s`);
    const report = await soak(gateway, salesforce, stigg, elapsed, log);
    const text = JSON.stringify(report, null, 2);
    process.stdout.write(`${text}\n`);
    if (env.SOAK_REPORT) writeFileSync(env.SOAK_REPORT, text);
    log(report.passed ? 'PASSED' : `FAILED: ${report.failures.join('; ')}`);
    process.exitCode = report.passed ? 0 : 1;
  } finally {
    if (gateway) await gateway.stop();
    await Promise.all([salesforce.stop(), stigg.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

interface GatewayChild {
  url: string;
  process: ChildProcess;
  levels: Record<string, number>;
  internalErrors: number;
  stop(): Promise<void>;
  /** Heap left after a full garbage collection in the gateway, and its RSS. */
  liveMemory(): Promise<{ heapUsedBytes: number; rssBytes: number }>;
}

/** A free loopback port (the gateway logs at warn, so it cannot say which port it took). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startGatewayChild(salesforce: SalesforceEmulator, stigg: StiggEmulator, dir: string): Promise<GatewayChild> {
  const probe = ['--expose-gc', '-r', join(ROOT, 'bench/soak-gc-probe.js')];
  const args = FROM_SOURCES ? [...probe, '-r', join(ROOT, 'scripts/ts-register.js'), join(ROOT, 'src/main.ts')] : [...probe, join(ROOT, 'dist/src/main.js')];
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JOURNAL_PATH: join(dir, 'journal.db'),
      GATEWAY_API_KEYS: `${KEY}:admin`,
      GATEWAY_RATE_LIMIT_PER_SECOND: '100000',
      GATEWAY_RATE_LIMIT_BURST: '100000',
      SALESFORCE_LOGIN_URL: salesforce.url,
      SALESFORCE_CLIENT_ID: salesforce.credentials.clientId,
      SALESFORCE_CLIENT_SECRET: salesforce.credentials.clientSecret,
      STIGG_API_KEY: stigg.apiKey,
      STIGG_BASE_URI: stigg.url,
    },
  });
  const levels: Record<string, number> = {};
  let internalErrors = 0;
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let entry: { level?: number; msg?: string };
      try { entry = JSON.parse(line); } catch { levels.notJson = (levels.notJson ?? 0) + 1; continue; }
      const level = String(entry.level ?? '?');
      levels[level] = (levels[level] ?? 0) + 1;
      if (entry.msg === 'request failed') internalErrors += 1;
    }
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 6_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode}) before listening: ${stderr}`);
    const health = await fetch(`${url}/healthz`).catch(() => null);
    if (health?.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the gateway did not start within 60 s: ${stderr}`);
    }
    await sleep(200);
  }
  return {
    url,
    process: child,
    levels,
    get internalErrors() { return internalErrors; },
    stop,
    liveMemory: () => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the GC probe')), 10_000);
      child.once('message', (m: { heapUsed: number; rss: number }) => { clearTimeout(timer); resolve({ heapUsedBytes: m.heapUsed, rssBytes: m.rss }); });
      child.send('heap');
    }),
  };
}

async function soak(gateway: GatewayChild, salesforce: SalesforceEmulator, stigg: StiggEmulator, elapsed: () => number, log: (m: string) => void) {
  const tally = new Tally();
  const sales = new Connection({ instanceUrl: salesforce.url, accessToken: salesforce.credentials.accessToken, version: salesforce.credentials.apiVersion });
  const ready: Array<{ opportunityId: string; accountId: string }> = [];
  const attempted = new Map<string, string>(); // opportunity -> account
  const provisioned = new Set<string>();
  const grantKeys = new Map<string, 'pending' | 'done'>();
  let grantSeq = 0;
  let created = 0;
  let faultsInjected = 0;
  const faultKinds: Record<string, number> = {};
  const memory: MemorySample[] = [];
  const loadEndsAt = Date.now() + SECONDS * 1000;
  let loading = true;

  /** Sleeps up to `ms`, waking early when the load is over. */
  async function pause(ms: number): Promise<void> {
    for (let waited = 0; loading && waited < ms; waited += 250) await sleep(250);
  }

  async function graphql(kind: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer> {
    const started = performance.now();
    let answer: GraphqlAnswer;
    try {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json().catch(() => ({}))) as Omit<GraphqlAnswer, 'status'>;
      answer = { status: response.status, ...body };
    } catch (err) {
      answer = { status: 0, errors: [{ message: (err as Error).message, extensions: { code: 'FETCH_ERROR' } }] };
    }
    const code = answer.errors?.[0]?.extensions?.code;
    tally.record(kind, answer.status === 200 && !answer.errors?.length ? 'ok' : `${answer.status} ${String(code ?? 'error')}`, performance.now() - started);
    return answer;
  }

  async function createOpportunity(): Promise<void> {
    const n = ++created;
    const account = await sales.sobject('Account').create({ Name: `Soak customer ${n}`, CurrencyIsoCode: 'USD' }) as { id: string; success: boolean };
    const opportunity = await sales.sobject('Opportunity').create({
      AccountId: account.id, Name: `Soak deal ${n}`, StageName: 'Closed Won', CloseDate: new Date().toISOString().slice(0, 10),
      Pricebook2Id: PRICEBOOK, CurrencyIsoCode: 'USD',
    }) as { id: string; success: boolean };
    const lines = await sales.sobject('OpportunityLineItem').create(LINE_ITEMS.map((l) => ({ ...l, OpportunityId: opportunity.id }))) as Array<{ success: boolean }>;
    if (!account.success || !opportunity.success || lines.some((l) => !l.success)) throw new Error('could not create a soak opportunity');
    ready.push({ opportunityId: opportunity.id, accountId: account.id });
  }

  /** The sales team: keeps fresh closed-won opportunities coming. */
  async function creator(): Promise<void> {
    while (loading) {
      if (ready.length >= 2 * CONCURRENCY) { await sleep(50); continue; }
      try {
        await Promise.all(Array.from({ length: 4 }, () => createOpportunity()));
      } catch (err) {
        log(`creating opportunities failed: ${(err as Error).message}`);
        await sleep(200);
      }
    }
  }

  async function provision(opportunityId: string): Promise<void> {
    const answer = await graphql('provision', PROVISION, { input: { opportunityId, idempotencyKey: `soak-${opportunityId}` } });
    const run = answer.data?.provisionOpportunity as { status: string } | undefined;
    if (run?.status === 'SUCCEEDED') provisioned.add(opportunityId);
  }

  async function grant(key: string): Promise<void> {
    const answer = await graphql('grantCredits', GRANT, { input: {
      customerId: 'customer-initech', currencyId: 'currency-api-credits', amount: 1, grantType: 'PROMOTIONAL', displayName: 'soak', idempotencyKey: key,
    } });
    if (answer.data?.grantCredits) grantKeys.set(key, 'done');
  }

  async function worker(): Promise<void> {
    while (Date.now() < loadEndsAt) {
      const roll = Math.random();
      const known = [...provisioned];
      if (roll < 0.25 && ready.length > 0) {
        const next = ready.shift()!;
        attempted.set(next.opportunityId, next.accountId);
        if (Math.random() < 0.1) {
          await Promise.all([provision(next.opportunityId), provision(next.opportunityId)]); // a double click
        } else {
          await provision(next.opportunityId);
        }
      } else if (roll < 0.3 && attempted.size > 0) {
        await provision(pick([...attempted.keys()])); // asked again: same run, or a resume
      } else if (roll < 0.35) {
        const key = Math.random() < 0.3 && grantKeys.size > 0 ? pick([...grantKeys.keys()]) : `soak-grant-${++grantSeq}`;
        if (!grantKeys.has(key)) grantKeys.set(key, 'pending');
        await grant(key);
      } else if (roll < 0.55) {
        await graphql('read:portal', READS.portal);
      } else if (roll < 0.75) {
        await graphql('read:opportunity', READS.opportunity, { id: known.length > 0 ? pick(known) : '006Dn0000000001IAA' });
      } else if (roll < 0.85) {
        const accounts = [...attempted.values()];
        await graphql('read:customer', READS.customer, { id: accounts.length > 0 && Math.random() < 0.7 ? pick(accounts) : 'customer-initech' });
      } else if (roll < 0.93) {
        await graphql('read:runs', READS.runs);
      } else {
        await graphql('read:mappings', READS.mappings);
      }
    }
  }

  const SALESFORCE_FAULTS: Array<() => SalesforceFault | 'expire'> = [
    () => ({ operation: 'query', failure: pick(['SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION'] as const), times: between(1, 2) }),
    () => ({ operation: 'query', latencyMs: between(200, 1500), times: between(1, 3) }),
    () => ({ operation: 'update', failure: pick(['SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION'] as const), times: 1, phase: pick(['before', 'after'] as const) }),
    () => ({ operation: 'query', failure: 'INVALID_SESSION_ID', times: 1 }),
    () => 'expire',
  ];
  const STIGG_WRITES = ['provisionSubscriptionV2', 'provisionCustomer', 'createCreditGrant', 'updateOneCustomer'];
  const STIGG_READS = ['customers', 'subscriptions', 'getSubscription', 'entitlementV2', 'creditGrants', 'graphql'];
  const STIGG_FAULTS: Array<() => StiggFault> = [
    () => ({ operation: pick(STIGG_WRITES), failure: pick(['SERVER_ERROR', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION'] as const), times: 1, phase: pick(['before', 'after'] as const) }),
    () => ({ operation: pick(STIGG_READS), failure: pick(['SERVER_ERROR', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION', 'RATE_LIMITED'] as const), times: between(1, 2) }),
    () => ({ operation: pick([...STIGG_WRITES, ...STIGG_READS]), latencyMs: between(200, 1500), times: between(1, 3) }),
  ];

  /** Bounded faults: each rule applies to at most 3 requests, rules are cleared every 20 s, all of them on the loopback emulators. */
  async function faults(): Promise<void> {
    let lastClear = Date.now();
    let quotaTripped = false;
    await sleep(3_000);
    while (Date.now() < loadEndsAt - 2_000) {
      const name = (kind: string) => { faultsInjected += 1; faultKinds[kind] = (faultKinds[kind] ?? 0) + 1; };
      if (Math.random() < 0.5) {
        const fault = pick(SALESFORCE_FAULTS)();
        if (fault === 'expire') { salesforce.sessions.expireAll(); name('salesforce:sessions-expired'); }
        else { salesforce.faults.add(fault); name(`salesforce:${fault.operation}:${fault.failure ?? `latency`}${fault.phase === 'after' ? ':after' : ''}`); }
      } else {
        const fault = pick(STIGG_FAULTS)();
        stigg.faults.add(fault);
        name(`stigg:${fault.operation}:${fault.failure ?? 'latency'}${fault.phase === 'after' ? ':after' : ''}`);
      }
      if (Date.now() - lastClear > 20_000) {
        salesforce.faults.clear();
        stigg.faults.clear();
        lastClear = Date.now();
      }
      // Once, past the middle of the run: the org's quota is out for a moment (403 REQUEST_LIMIT_EXCEEDED opens the breaker).
      if (!quotaTripped && Date.now() > loadEndsAt - SECONDS * 500) {
        quotaTripped = true;
        salesforce.faults.add({ operation: 'query', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
        name('salesforce:query:REQUEST_LIMIT_EXCEEDED');
      }
      await sleep(FAULT_INTERVAL_MS * (0.5 + Math.random()));
    }
    salesforce.faults.clear();
    stigg.faults.clear();
  }

  /** Every 5 s: the gateway's live heap (after a full GC, through the preloaded probe) and RSS. */
  async function sampler(): Promise<void> {
    while (loading) {
      try {
        memory.push({ t: elapsed(), ...(await gateway.liveMemory()) });
      } catch (err) {
        log(`memory sample failed: ${(err as Error).message}`);
      }
      await pause(5_000);
    }
  }

  async function progress(): Promise<void> {
    while (loading) {
      await pause(15_000);
      if (!loading) break;
      const last = memory[memory.length - 1];
      log(`${tally.total} requests, ${attempted.size} opportunities provisioned or tried, ${faultsInjected} faults, heap ${last ? (last.heapUsedBytes / 1048576).toFixed(1) : '?'} MB`);
    }
  }

  // ---------------------------------------------------------------- load with faults
  const background = [creator(), sampler(), progress()];
  await Promise.all([...Array.from({ length: CONCURRENCY }, () => worker()), faults()]);
  loading = false;
  await Promise.all(background);
  salesforce.faults.clear();
  stigg.faults.clear();
  const loadSeconds = elapsed();
  log(`load done: ${tally.total} requests; faults stopped; recovering`);

  // ---------------------------------------------------------------- faults stop: everything must come to SUCCEEDED
  const readyBy = Date.now() + 30_000;
  while (Date.now() < readyBy) {
    const response = await fetch(`${gateway.url}/readyz`).catch(() => null);
    if (response?.status === 200) break;
    await sleep(500);
  }
  const statusAtEnd: Record<string, number> = {};
  const runsAtEnd = await allRuns(gateway.url);
  for (const run of runsAtEnd) statusAtEnd[run.status] = (statusAtEnd[run.status] ?? 0) + 1;

  const resumePasses: Array<{ pass: number; asked: number; succeeded: number; outcomes: Record<string, number> }> = [];
  let pending = [...attempted.keys()];
  for (let pass = 1; pass <= 5 && pending.length > 0; pass += 1) {
    const outcomes: Record<string, number> = {};
    const still: string[] = [];
    for (let i = 0; i < pending.length; i += CONCURRENCY) {
      await Promise.all(pending.slice(i, i + CONCURRENCY).map(async (opportunityId) => {
        const answer = await graphql('resume', PROVISION, { input: { opportunityId, idempotencyKey: `soak-${opportunityId}` } });
        const run = answer.data?.provisionOpportunity as { status: string } | undefined;
        const outcome = run?.status ?? String(answer.errors?.[0]?.extensions?.code ?? 'error');
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (run?.status !== 'SUCCEEDED') still.push(opportunityId);
      }));
    }
    resumePasses.push({ pass, asked: pending.length, succeeded: pending.length - still.length, outcomes });
    pending = still;
    if (pending.length > 0) await sleep(pass * 2_000);
  }
  for (const [key, state] of grantKeys) if (state === 'pending') await grant(key);

  // ---------------------------------------------------------------- the checks
  const failures: string[] = [];
  const subscriptionsByOpportunity = new Map<string, number>();
  for (const sub of stigg.store.subscriptions.values()) {
    if (sub.salesforceId && attempted.has(sub.salesforceId)) subscriptionsByOpportunity.set(sub.salesforceId, (subscriptionsByOpportunity.get(sub.salesforceId) ?? 0) + 1);
  }
  const duplicated = [...subscriptionsByOpportunity].filter(([, n]) => n > 1);
  const withoutSubscription = [...attempted.keys()].filter((id) => !subscriptionsByOpportunity.has(id));
  const grantsByKey = new Map<string, number>();
  for (const g of stigg.store.creditGrants.values()) {
    const key = (g.additionalMetaData as { idempotencyKey?: string } | null)?.idempotencyKey;
    if (key && grantKeys.has(key)) grantsByKey.set(key, (grantsByKey.get(key) ?? 0) + 1);
  }
  const duplicateGrants = [...grantsByKey].filter(([, n]) => n > 1);
  const grantsMissing = [...grantKeys.keys()].filter((key) => !grantsByKey.has(key));
  const customersPerAccount = new Map<string, number>();
  for (const c of stigg.store.customers.values()) {
    const sfId = (c as { salesforceId?: string | null }).salesforceId;
    if (sfId && [...attempted.values()].includes(sfId)) customersPerAccount.set(sfId, (customersPerAccount.get(sfId) ?? 0) + 1);
  }
  const duplicateCustomers = [...customersPerAccount].filter(([, n]) => n > 1);
  const writtenBack = await writeBackState(sales, [...attempted.keys()]);
  const notWrittenBack = [...attempted.keys()].filter((id) => writtenBack.get(id) !== 'Provisioned');

  if (attempted.size === 0) failures.push('nothing was provisioned');
  if (duplicated.length > 0) failures.push(`${duplicated.length} opportunities have more than one Stigg subscription`);
  if (duplicateCustomers.length > 0) failures.push(`${duplicateCustomers.length} accounts have more than one Stigg customer`);
  if (duplicateGrants.length > 0) failures.push(`${duplicateGrants.length} idempotency keys granted credits more than once`);
  if (pending.length > 0) failures.push(`${pending.length} opportunities never reached SUCCEEDED (lost runs)`);
  if (withoutSubscription.length > 0) failures.push(`${withoutSubscription.length} provisioned opportunities have no Stigg subscription`);
  if (notWrittenBack.length > 0) failures.push(`${notWrittenBack.length} opportunities not written back as Provisioned`);
  if (grantsMissing.length > 0) failures.push(`${grantsMissing.length} credit grants never made`);
  const summary = tally.summary();
  const internal = Object.values(summary).reduce((n, k) => n + Object.entries(k.outcomes)
    .filter(([o]) => /INTERNAL_SERVER_ERROR|^5\d\d (?!REQUEST_TIMEOUT)|^0 /.test(o)).reduce((a, [, c]) => a + c, 0), 0);
  if (internal > 0) failures.push(`${internal} answers were INTERNAL_SERVER_ERROR, 5xx (other than 504) or no answer`);
  if (gateway.internalErrors > 0) failures.push(`the gateway logged ${gateway.internalErrors} "request failed"`);
  const heap = heapGrowth(memory, WARMUP_SECONDS);
  if (heap.samples < 4) failures.push('too few memory samples');
  if (heap.growthMb > MAX_HEAP_GROWTH_MB) failures.push(`heap grew ${heap.growthMb} MB after warm-up (bound ${MAX_HEAP_GROWTH_MB} MB)`);
  const rss = memory.filter((s) => s.t >= WARMUP_SECONDS).map((s) => s.rssBytes / 1048576);

  return {
    passed: failures.length === 0,
    failures,
    settings: { seconds: SECONDS, concurrency: CONCURRENCY, warmupSeconds: WARMUP_SECONDS, maxHeapGrowthMb: MAX_HEAP_GROWTH_MB, faultIntervalMs: FAULT_INTERVAL_MS },
    load: {
      seconds: Math.round(loadSeconds),
      requests: tally.total,
      requestsPerSecond: Math.round(tally.total / loadSeconds),
      opportunitiesCreated: created,
      opportunitiesProvisioned: attempted.size,
      creditGrantKeys: grantKeys.size,
      byKind: summary,
    },
    faults: { injected: faultsInjected, byKind: faultKinds },
    provisioning: {
      runsAtEndOfLoad: statusAtEnd,
      resumePasses,
      stiggSubscriptionsPerOpportunity: { opportunities: attempted.size, withOne: [...subscriptionsByOpportunity.values()].filter((n) => n === 1).length, duplicated: duplicated.length, missing: withoutSubscription.length },
      duplicateCustomers: duplicateCustomers.length,
      creditGrants: { keys: grantKeys.size, duplicated: duplicateGrants.length, missing: grantsMissing.length },
      writtenBackAsProvisioned: attempted.size - notWrittenBack.length,
      lostRuns: pending.length,
    },
    memory: {
      heap,
      rssMb: rss.length ? { min: Math.round(Math.min(...rss)), max: Math.round(Math.max(...rss)), last: Math.round(rss[rss.length - 1]) } : null,
      samples: memory.length,
      /** [seconds, live heap MB after a full GC, RSS MB] every 5 s. */
      series: memory.map((m) => [Math.round(m.t), Math.round(m.heapUsedBytes / 104857.6) / 10, Math.round(m.rssBytes / 1048576)]),
    },
    gatewayLogLines: gateway.levels,
  };
}

/** Every run, through the API (provisioningRuns, keyset pages of 200). */
async function allRuns(url: string): Promise<Array<{ id: string; status: string }>> {
  const runs: Array<{ id: string; status: string }> = [];
  let after: string | null = null;
  for (;;) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: 'query R($after: String) { provisioningRuns(first: 200, after: $after) { edges { node { id status } } hasNextPage endCursor } }', variables: { after } }),
    });
    const body = await response.json() as { data?: { provisioningRuns: { edges: Array<{ node: { id: string; status: string } }>; hasNextPage: boolean; endCursor: string | null } } };
    const page = body.data?.provisioningRuns;
    if (!page) throw new Error(`provisioningRuns failed: ${JSON.stringify(body).slice(0, 300)}`);
    runs.push(...page.edges.map((e) => e.node));
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  return runs;
}

/** Stigg_Provisioning_Status__c of each opportunity, read from Salesforce directly. */
async function writeBackState(conn: Connection, ids: string[]): Promise<Map<string, string | null>> {
  const state = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const result = await conn.query<{ Id: string; Stigg_Provisioning_Status__c: string | null }>(
      `SELECT Id, Stigg_Provisioning_Status__c FROM Opportunity WHERE Id IN (${chunk.map((id) => `'${id}'`).join(',')})`, { autoFetch: true });
    for (const record of result.records) state.set(record.Id, record.Stigg_Provisioning_Status__c);
  }
  return state;
}

main().catch((err: Error) => {
  process.stderr.write(`soak: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
