/**
 * `npm run preflight` against both emulators, configured as against real upstreams: every check
 * is reported (logins, custom fields, catalog, product mappings, previews of the most recent won
 * opportunities), the seed's mappings get their ✓ / ✗ / !, a missing custom field is ✗ with exit
 * code 1, and nothing is written anywhere (the emulators' counters show only reads, no journal).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, RunningSandbox } from '../../src/sandbox/start-sandbox';
import { stiggSchema } from '../../src/sandbox/stigg/schema';
import { CheckLine, formatReportJson, formatReportText, PreflightReport, runPreflight } from '../../src/services/preflight';

const ROOT = join(__dirname, '../..');
/** Salesforce emulator operations that only read (README of src/sandbox/salesforce). */
const SALESFORCE_READS = new Set([
  'token', 'identity', 'versions', 'resources', 'query', 'queryMore', 'queryAll', 'retrieve', 'collectionRetrieve', 'describe', 'describeGlobal', 'limits',
]);

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'o2c-preflight-'));
  sandbox = await startSandbox({ salesforcePort: 0, stiggPort: 0 });
});
afterAll(async () => {
  await sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Production-mode variables pointed at the emulators; a journal that must never be opened. */
function upstreamEnv(extra: Record<string, string> = {}): Record<string, string> {
  const d = sandbox.describe();
  return {
    SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl,
    SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken,
    STIGG_BASE_URI: d.stigg.baseUri,
    STIGG_API_KEY: d.stigg.apiKey,
    // Opening either would be a write (migrations); the PostgreSQL one does not even exist.
    JOURNAL_PATH: join(dir, 'journal.db'),
    DATABASE_URL: 'postgres://preflight:preflight-db-password@127.0.0.1:1/none',
    ...extra,
  };
}

async function getJson(url: string): Promise<Record<string, number>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, number>;
}

async function resetCounters(): Promise<void> {
  const d = sandbox.describe();
  await fetch(`${d.salesforce.instanceUrl}/__sandbox/counters`, { method: 'DELETE' });
  await fetch(`${d.stigg.baseUri}/__sandbox/counters`, { method: 'DELETE' });
}

/** What the emulators counted over HTTP (zero counts left out). */
async function counted(): Promise<{ salesforce: Record<string, number>; stigg: Record<string, number> }> {
  const d = sandbox.describe();
  const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
  return {
    salesforce: nonZero(await getJson(`${d.salesforce.instanceUrl}/__sandbox/counters`)),
    stigg: nonZero(await getJson(`${d.stigg.baseUri}/__sandbox/counters`)),
  };
}

/** No Salesforce write and no Stigg mutation: every counted operation is a read. */
async function expectNothingWritten(): Promise<void> {
  const { salesforce, stigg } = await counted();
  expect(Object.keys(salesforce).filter((op) => !SALESFORCE_READS.has(op))).toEqual([]);
  const mutations = Object.keys(stiggSchema().getMutationType()!.getFields());
  expect(mutations).toContain('provisionSubscriptionV2');
  expect(Object.keys(stigg).filter((field) => mutations.includes(field))).toEqual([]);
  expect(existsSync(join(dir, 'journal.db'))).toBe(false);
}

const section = (report: PreflightReport, id: string) => report.sections.find((s) => s.id === id)!;
const check = (report: PreflightReport, id: string): CheckLine | undefined => report.sections.flatMap((s) => s.checks).find((c) => c.id === id);
const statuses = (report: PreflightReport, sectionId: string) => Object.fromEntries(section(report, sectionId).checks.map((c) => [c.id, c.status]));

describe('preflight', () => {
  let report: PreflightReport;

  beforeAll(async () => {
    await resetCounters();
    report = await runPreflight({ env: upstreamEnv() });
  });

  it('lists each check: configuration, logins, the five custom fields, the catalog', () => {
    expect(report.sections.map((s) => s.id)).toEqual(['configuration', 'salesforce', 'stigg', 'productMappings', 'previews']);
    expect(statuses(report, 'configuration')).toEqual({
      'configuration.salesforce': 'ok', 'configuration.stigg': 'ok', 'configuration.loopback': 'warn', 'configuration.gatewayAuth': 'warn',
    });
    expect(statuses(report, 'salesforce')).toEqual({
      'salesforce.login': 'ok',
      'salesforce.Product2.stiggType': 'ok',
      'salesforce.Product2.stiggId': 'ok',
      'salesforce.Opportunity.subscriptionId': 'ok',
      'salesforce.Opportunity.provisioningStatus': 'ok',
      'salesforce.Account.customerId': 'ok',
      'salesforce.apiUsage': 'ok',
    });
    expect(check(report, 'salesforce.Opportunity.provisioningStatus')!.message).toBe('Opportunity.Stigg_Provisioning_Status__c (provisioning status)');
    expect(statuses(report, 'stigg')).toEqual({ 'stigg.login': 'ok', 'stigg.catalog': 'ok' });
    expect(check(report, 'stigg.catalog')!.message).toMatch(/^Catalog loaded: \d+ plans?, \d+ add-ons?, \d+ features?, \d+ custom currenc(y|ies)$/);
    expect(check(report, 'stigg.catalog')!.details!.join('\n')).toContain('plan-growth');
  });

  it('reports the seed\'s product mappings: valid ✓, a Stigg ID Stigg does not have ✗, an inactive product !', () => {
    const mappings = section(report, 'productMappings').checks;
    expect(mappings.map((c) => [c.message.split(' (')[0], c.status])).toEqual([
      ['API calls', 'ok'],
      ['API credits', 'ok'],
      ['API credits', 'ok'], // "API credits (credit entitlement)"
      ['Enterprise plan', 'ok'],
      ['Free plan', 'ok'],
      ['Growth plan', 'ok'],
      ['Legacy analytics', 'fail'],
      ['Seats', 'ok'],
      ['Single sign-on', 'ok'],
      ['SSO', 'warn'], // "SSO (old SKU)", inactive
      ['SSO add-on', 'ok'],
      ['Test credits', 'ok'],
    ]);
    const legacy = check(report, 'productMappings.01tDn0000000011IAA')!;
    expect(legacy.message).toBe('Legacy analytics (01tDn0000000011IAA): Entitlement → feature-legacy-analytics — UNKNOWN_STIGG_ID');
    expect(legacy.details).toEqual(["Product 'Legacy analytics' has Stigg ID 'feature-legacy-analytics', which is not a plan, add-on, feature or custom currency in Stigg. Fix the Stigg ID on the product."]);
    expect(check(report, 'productMappings.01tDn0000000012IAA')!.message).toContain('INACTIVE_PRODUCT');
  });

  it('previews the ten most recently closed won opportunities; deals the gateway would refuse are !, with the reason', () => {
    const previews = section(report, 'previews').checks;
    // The seed's ten most recent won deals, newest close date first (Closed Lost and Prospecting left out; ties by id, newest first).
    expect(previews.map((c) => c.id.replace('previews.', ''))).toEqual([
      '006Dn0000000016IAA', '006Dn0000000015IAA', '006Dn0000000014IAA', '006Dn0000000013IAA', '006Dn0000000012IAA',
      '006Dn0000000011IAA', '006Dn0000000010IAA', '006Dn0000000009IAA', '006Dn0000000008IAA', '006Dn0000000005IAA',
    ]);
    expect(statuses(report, 'previews')).toEqual({
      'previews.006Dn0000000016IAA': 'ok',
      'previews.006Dn0000000015IAA': 'ok',
      'previews.006Dn0000000014IAA': 'ok',
      'previews.006Dn0000000013IAA': 'ok',
      'previews.006Dn0000000012IAA': 'warn', // inactive product
      'previews.006Dn0000000011IAA': 'warn', // two plans
      'previews.006Dn0000000010IAA': 'warn', // no plan
      'previews.006Dn0000000009IAA': 'warn', // the unknown Stigg ID
      'previews.006Dn0000000008IAA': 'ok',
      'previews.006Dn0000000005IAA': 'ok',
    });
    const byId = (id: string) => check(report, `previews.${id}`)!;
    expect(byId('006Dn0000000015IAA').message).toMatch(/^Acme — Renewal, same terms \(006Dn0000000015IAA, closed 2026-03-02\): subscription to plan-enterprise/);
    expect(byId('006Dn0000000013IAA').message).toContain('plan-growth');
    expect(byId('006Dn0000000013IAA').message).toContain('customer customer-initech (existing)');
    expect(byId('006Dn0000000009IAA').message).toContain('provisioning would be refused (PRODUCT_MAPPING_INVALID)');
    expect(byId('006Dn0000000010IAA').message).toContain('(PLAN_MISSING)');
    expect(byId('006Dn0000000011IAA').message).toContain('(MULTIPLE_PLANS)');
    expect(byId('006Dn0000000012IAA').message).toContain('(PRODUCT_MAPPING_INVALID)');
    expect(byId('006Dn0000000011IAA').details).toEqual([expect.stringContaining("has products for 2 Stigg plans: 'plan-enterprise'")]);
    // The plan's warnings are notes under a ✓ (the default input sends no sales price).
    expect(byId('006Dn0000000008IAA').details).toContain("plan warning: Product 'Professional services' (sales price 2000 USD) has no Stigg Type and was skipped.");
  });

  it('fails (exit code 1) on the invalid mapping and says so in the summary; the text has a mark per check', () => {
    expect(report.exitCode).toBe(1);
    expect(report.summary).toMatchObject({ ready: false, failures: 1 });
    const text = formatReportText(report);
    expect(text).toContain('  ✗ Legacy analytics (01tDn0000000011IAA)');
    expect(text).toContain('  ✓ Account.Stigg_Customer_Id__c (Stigg customer id)');
    expect(text).toContain('  ! SSO (old SKU) (01tDn0000000012IAA)');
    expect(text.trimEnd().split('\n').pop()).toMatch(/^Not ready for go-live: \d+ checks passed, \d+ warnings, 1 failure\. Nothing was written\.$/);
    const lines = text.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(lines.length).toBe(report.sections.flatMap((s) => s.checks).length);
    expect(lines.every((l) => /^ {2}[✓!✗] /.test(l))).toBe(true);
    expect(JSON.parse(formatReportJson(report))).toEqual(report); // --json: the same report
  });

  it('wrote nothing: only reads reached the emulators (no sObject write, no Stigg mutation), no journal was opened', async () => {
    const { salesforce, stigg } = await counted();
    expect(salesforce.describe).toBeGreaterThan(0);
    expect(salesforce.query).toBeGreaterThan(0);
    expect(stigg.plans).toBeGreaterThan(0);
    await expectNothingWritten();
    expect(sandbox.stigg.store.subscriptions.size).toBe(0);
  });

  it('a custom field the org does not have (a wrong SF_FIELD_* name) is ✗, the previews that read it are skipped, exit code 1', async () => {
    await resetCounters();
    const missing = await runPreflight({ env: upstreamEnv({ SF_FIELD_PROVISIONING_STATUS: 'Stigg_Status__c' }), limit: 3 });
    expect(check(missing, 'salesforce.Opportunity.provisioningStatus')).toMatchObject({
      status: 'fail',
      message: 'Opportunity.Stigg_Status__c (provisioning status) does not exist, or the integration user cannot see it',
    });
    expect(check(missing, 'salesforce.Opportunity.provisioningStatus')!.details!.join(' ')).toContain('SF_FIELD_PROVISIONING_STATUS');
    expect(check(missing, 'salesforce.Product2.stiggType')!.status).toBe('ok');
    expect(section(missing, 'productMappings').checks.length).toBe(12); // Product2 is complete: the mappings still run
    expect(section(missing, 'previews').checks).toEqual([
      { id: 'previews.skipped', status: 'warn', message: 'Previews: skipped (Opportunity lacks a custom field)' },
    ]);
    expect(missing.exitCode).toBe(1);
    await expectNothingWritten();
  });

  it('refused credentials are ✗ logins (the values never shown), and what needs them is skipped', async () => {
    const env = upstreamEnv({ SALESFORCE_ACCESS_TOKEN: '00DDn0000000001!revoked-session-token', STIGG_API_KEY: 'server-revoked-stigg-api-key' });
    const refused = await runPreflight({ env });
    expect(check(refused, 'salesforce.login')).toMatchObject({ status: 'fail' });
    expect(check(refused, 'salesforce.login')!.message).toContain('INVALID_SESSION_ID');
    expect(check(refused, 'stigg.login')).toMatchObject({ status: 'fail' });
    expect(check(refused, 'stigg.login')!.message).toContain('refused the API key (STIGG_API_KEY)');
    expect(statuses(refused, 'productMappings')).toEqual({ 'productMappings.skipped': 'warn' });
    expect(statuses(refused, 'previews')).toEqual({ 'previews.skipped': 'warn' });
    expect(refused.exitCode).toBe(1);
    const json = JSON.stringify(refused);
    expect(json).not.toContain(env.SALESFORCE_ACCESS_TOKEN);
    expect(json).not.toContain(env.STIGG_API_KEY);
  });

  it('with no upstream variables (sandbox mode) it says it needs real credentials, and how to use the sandbox', async () => {
    const none = await runPreflight({ env: {} });
    expect(none.exitCode).toBe(1);
    expect(none.sections.map((s) => s.id)).toEqual(['configuration']);
    expect(none.sections[0].checks[0]).toMatchObject({ id: 'configuration.upstreams', status: 'fail' });
    expect(none.sections[0].checks[0].details!.join(' ')).toContain('npm run sandbox');
  });

  it('the CLI (client credentials, Legacy analytics fixed): exit code 0, the report on stdout, no secret in it, nothing written', async () => {
    const d = sandbox.describe();
    const token = d.salesforce.accessToken;
    // Fix the seed's bad mapping, as sales ops would, before the run (this write is the test's, not preflight's).
    const patched = await fetch(`${d.salesforce.instanceUrl}/services/data/v${d.salesforce.apiVersion}/sobjects/Product2/01tDn0000000011IAA`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Stigg_ID__c: 'feature-sso' }),
    });
    expect(patched.status).toBe(204);
    await resetCounters();

    // Client credentials instead of the session; only what the child needs (no proxy variables: jsforce would use them for loopback).
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...upstreamEnv(),
      SALESFORCE_LOGIN_URL: sandbox.salesforce.url,
      SALESFORCE_CLIENT_ID: sandbox.salesforce.credentials.clientId,
      SALESFORCE_CLIENT_SECRET: sandbox.salesforce.credentials.clientSecret,
    };
    delete env.SALESFORCE_INSTANCE_URL;
    delete env.SALESFORCE_ACCESS_TOKEN;
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['-r', './test/helpers/ts-register-cached.js', 'src/preflight.ts', '--limit', '9'], { cwd: ROOT, env, timeout: 20_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Salesforce: login and custom fields\n');
    expect(run.stdout).toContain(`  ✓ Logged in to ${sandbox.salesforce.url} with OAuth client credentials\n`);
    expect(run.stdout).toContain('  ✓ Legacy analytics (01tDn0000000011IAA): Entitlement → feature-sso\n');
    expect(run.stdout).toContain('  ✓ Stark — Unknown SKU (006Dn0000000009IAA, closed 2026-02-15): subscription to plan-growth');
    expect(run.stdout.match(/^ {2}[✓!✗] .*\(006Dn\d{10}IAA, closed /gm)).toHaveLength(9);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(/^Ready for go-live: \d+ checks passed, \d+ warnings, 0 failures\. Nothing was written\.$/);
    for (const secret of [env.SALESFORCE_CLIENT_SECRET, env.STIGG_API_KEY, token, 'preflight-db-password']) {
      expect(run.stdout).not.toContain(secret);
    }
    const { salesforce } = await counted();
    expect(salesforce.token).toBe(1); // it logged in with client credentials
    await expectNothingWritten();
  });
});
