import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticationRequired, checkStartupSafety, isLoopbackHost, loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/config/config-error';
import { apiKeysJournalOf } from '../../src/config/api-keys-journal';
import { isSandboxEnvironment, UPSTREAM_VARIABLES } from '../../src/config/sandbox-environment';

/** One typed configuration built at start; a bad value stops the start naming the variable (never echoing a secret). */
const KEY = 'unit-test-key-00000000000000001';
const REAL = {
  SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
  SALESFORCE_CLIENT_ID: 'client-id',
  SALESFORCE_CLIENT_SECRET: 'client-secret-value-1234567890',
  STIGG_API_KEY: 'server-stigg-key-1234567890',
  GATEWAY_API_KEYS: `${KEY}:read`,
};
const dir = mkdtempSync(join(tmpdir(), 'o2c-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  it('with nothing set: sandbox mode on loopback, auth off, introspection on, documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1', port: 4000, sandbox: true, sandboxPorts: { salesforce: 4010, stigg: 4020 },
      apiKeys: [], jwt: null, corsOrigins: [], defaultCurrency: 'USD', logLevel: 'info', introspection: true, trustedDocumentsDir: null,
      salesforce: { auth: null, apiVersion: '62.0', fields: { stiggType: 'Stigg_Type__c', customerId: 'Stigg_Customer_Id__c' } },
      stigg: { apiKey: null, baseUri: 'https://api.stigg.io' },
      journal: { databaseUrl: null, sqlitePath: './data/gateway.db', ephemeral: true, keysSqlitePath: './data/sandbox-keys.db' },
      hook: { url: null, secret: null, timeoutMs: 10_000 },
      limits: { maxBodyBytes: 1_000_000, maxDepth: 12, maxCost: 250_000, maxAliases: 30, requestTimeoutMs: 60_000, rateLimitPerSecond: 50, rateLimitBurst: 100 },
    });
    expect(authenticationRequired(config)).toBe(false);
  });

  it('sandbox mode keeps a journal only when asked to (JOURNAL_PATH or DATABASE_URL); real upstreams always do', () => {
    expect(loadConfig({ JOURNAL_PATH: '/var/lib/o2c/journal.db' }).journal)
      .toEqual({ databaseUrl: null, sqlitePath: '/var/lib/o2c/journal.db', ephemeral: false, keysSqlitePath: null });
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/j' }).journal).toMatchObject({ ephemeral: false, keysSqlitePath: null });
    expect(loadConfig(REAL).journal).toMatchObject({ ephemeral: false, keysSqlitePath: null });
  });

  it('a temporary sandbox journal reads its API keys from the sandbox\'s key journal, where npm run keys writes with the same environment', () => {
    const sandbox = loadConfig({});
    expect(sandbox.journal.keysSqlitePath).toBe(apiKeysJournalOf({}).sqlitePath);
    expect(apiKeysJournalOf({})).toEqual({ databaseUrl: null, sqlitePath: './data/sandbox-keys.db', source: 'sandbox' });
    // Keys made for the sandbox never open a gateway against real upstreams: those read ./data/gateway.db.
    expect(apiKeysJournalOf(REAL)).toEqual({ databaseUrl: null, sqlitePath: './data/gateway.db', source: 'default' });
    expect(loadConfig(REAL).journal.sqlitePath).toBe('./data/gateway.db');
    expect(apiKeysJournalOf({ JOURNAL_PATH: ' /j.db ' })).toEqual({ databaseUrl: null, sqlitePath: '/j.db', source: 'JOURNAL_PATH' });
    expect(apiKeysJournalOf({ ...REAL, DATABASE_URL: 'postgres://u:p@db:5432/j', JOURNAL_PATH: '/j.db' }))
      .toEqual({ databaseUrl: 'postgres://u:p@db:5432/j', sqlitePath: './data/gateway.db', source: 'DATABASE_URL' });
  });

  it('sandbox mode is no upstream variable set, as loadConfig and npm run keys both tell it', () => {
    expect(isSandboxEnvironment({})).toBe(true);
    expect(isSandboxEnvironment({ SALESFORCE_LOGIN_URL: 'https://test.salesforce.com', STIGG_BASE_URI: 'https://api.stigg.io', STIGG_API_KEY: '  ' })).toBe(true);
    expect(loadConfig({ SALESFORCE_LOGIN_URL: 'https://test.salesforce.com' }).sandbox).toBe(true);
    for (const name of UPSTREAM_VARIABLES) expect(isSandboxEnvironment({ [name]: 'x' })).toBe(false);
    expect(isSandboxEnvironment(REAL)).toBe(false);
    expect(loadConfig(REAL).sandbox).toBe(false);
  });

  it('paces Stigg calls to its published limits by default; the window and this replica\'s share are configurable', () => {
    expect(loadConfig({}).stigg.pacing).toEqual({ enabled: true, windowMs: 60_000, share: 1 });
    expect(loadConfig({ STIGG_PACING: 'false', STIGG_PACING_WINDOW_MS: '15000', STIGG_PACING_SHARE: '0.5' }).stigg.pacing)
      .toEqual({ enabled: false, windowMs: 15_000, share: 0.5 });
    expect(refusal({ STIGG_PACING_SHARE: '2' }).variable).toBe('STIGG_PACING_SHARE');
    expect(refusal({ STIGG_PACING_SHARE: '0' }).variable).toBe('STIGG_PACING_SHARE');
    expect(refusal({ STIGG_PACING_WINDOW_MS: 'soon' }).variable).toBe('STIGG_PACING_WINDOW_MS');
  });

  it('against real upstreams: introspection off by default, authentication required', () => {
    const config = loadConfig(REAL);
    expect(config.sandbox).toBe(false);
    expect(config.introspection).toBe(false);
    expect(config.salesforce.auth).toEqual({ kind: 'clientCredentials', loginUrl: 'https://login.salesforce.com', clientId: 'client-id', clientSecret: REAL.SALESFORCE_CLIENT_SECRET });
    expect(config.apiKeys).toEqual([{ id: 'env:1', secret: KEY, scopes: ['read'] }]);
    expect(authenticationRequired(config)).toBe(true);
  });

  it('reads every limit and switch', () => {
    const config = loadConfig({
      GATEWAY_MAX_QUERY_DEPTH: '8', GATEWAY_MAX_QUERY_COST: '1000', GATEWAY_MAX_ALIASES: '5', GATEWAY_MAX_BODY_BYTES: '2048',
      GATEWAY_REQUEST_TIMEOUT_MS: '5000', GATEWAY_RATE_LIMIT_PER_SECOND: '0.5', GATEWAY_RATE_LIMIT_BURST: '3',
      GATEWAY_INTROSPECTION: 'off', LOG_LEVEL: 'WARN', PROVISIONING_HOOK_TIMEOUT_MS: '2500',
      GATEWAY_CORS_ORIGINS: 'https://portal.example.com, https://*.lightning.force.com', DEFAULT_CURRENCY: 'eur',
    });
    expect(config.limits).toEqual({ maxBodyBytes: 2048, maxDepth: 8, maxCost: 1000, maxAliases: 5, requestTimeoutMs: 5000, rateLimitPerSecond: 0.5, rateLimitBurst: 3 });
    expect(config).toMatchObject({ introspection: false, logLevel: 'warn', defaultCurrency: 'EUR', hook: { timeoutMs: 2500 } });
    expect(config.corsOrigins).toEqual(['https://portal.example.com', 'https://*.lightning.force.com']);
  });

  it('reads the breaker and lease timings, with their defaults (5 failures, 10 s half-open, 120 s lease)', () => {
    expect(loadConfig({})).toMatchObject({ breaker: { failures: 5, halfOpenMs: 10_000 }, provisioning: { leaseMs: 120_000 } });
    expect(loadConfig({ UPSTREAM_BREAKER_FAILURES: '2', UPSTREAM_BREAKER_HALF_OPEN_MS: '250', PROVISIONING_LEASE_MS: '1500' }))
      .toMatchObject({ breaker: { failures: 2, halfOpenMs: 250 }, provisioning: { leaseMs: 1500 } });
  });

  it('parses several keys with several scopes', () => {
    const config = loadConfig({ GATEWAY_API_KEYS: `${KEY}:read, provision ; ${KEY}2:credits,admin;` });
    expect(config.apiKeys).toEqual([
      { id: 'env:1', secret: KEY, scopes: ['read', 'provision'] },
      { id: 'env:2', secret: `${KEY}2`, scopes: ['credits', 'admin'] },
    ]);
  });
});

describe('a bad value stops the start, naming the variable', () => {
  const trusted = join(dir, 'trusted');
  const empty = join(dir, 'empty');
  beforeAll(() => {
    mkdirSync(trusted);
    mkdirSync(empty);
    writeFileSync(join(trusted, 'a.graphql'), 'query A { __typename }');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['SANDBOX_SALESFORCE_PORT', { SANDBOX_SALESFORCE_PORT: '-1' }],
    ['SALESFORCE_API_VERSION', { SALESFORCE_API_VERSION: '62' }],
    ['DEFAULT_CURRENCY', { DEFAULT_CURRENCY: 'dollars' }],
    ['GATEWAY_API_KEYS', { GATEWAY_API_KEYS: 'no-scope-separator-here-000000' }],
    ['GATEWAY_API_KEYS', { GATEWAY_API_KEYS: 'short:read' }],
    ['GATEWAY_API_KEYS', { GATEWAY_API_KEYS: `${KEY}:read,superuser` }],
    ['GATEWAY_API_KEYS', { GATEWAY_API_KEYS: `${KEY}:` }],
    ['GATEWAY_CORS_ORIGINS', { GATEWAY_CORS_ORIGINS: '*' }],
    ['GATEWAY_CORS_ORIGINS', { GATEWAY_CORS_ORIGINS: 'https://*.com' }],
    ['GATEWAY_CORS_ORIGINS', { GATEWAY_CORS_ORIGINS: 'https://portal.example.com/' }],
    ['GATEWAY_CORS_ORIGINS', { GATEWAY_CORS_ORIGINS: 'https://portal.example.com/app' }],
    ['GATEWAY_CORS_ORIGINS', { GATEWAY_CORS_ORIGINS: 'portal.example.com' }],
    ['GATEWAY_CORS_ORIGINS', { GATEWAY_CORS_ORIGINS: 'https://acme-*.lightning.force.com' }],
    ['PROVISIONING_HOOK_TIMEOUT_MS', { PROVISIONING_HOOK_TIMEOUT_MS: '-5' }],
    ['PROVISIONING_HOOK_URL', { PROVISIONING_HOOK_URL: 'ftp://hooks.example.com' }],
    ['STIGG_BASE_URI', { ...REAL, STIGG_BASE_URI: 'not a url' }],
    ['GATEWAY_MAX_QUERY_DEPTH', { GATEWAY_MAX_QUERY_DEPTH: '0' }],
    ['GATEWAY_MAX_QUERY_DEPTH', { GATEWAY_MAX_QUERY_DEPTH: '7.5' }],
    ['GATEWAY_MAX_QUERY_COST', { GATEWAY_MAX_QUERY_COST: 'lots' }],
    ['GATEWAY_MAX_ALIASES', { GATEWAY_MAX_ALIASES: '-1' }],
    ['GATEWAY_MAX_BODY_BYTES', { GATEWAY_MAX_BODY_BYTES: '1e3.5' }],
    ['GATEWAY_REQUEST_TIMEOUT_MS', { GATEWAY_REQUEST_TIMEOUT_MS: '0' }],
    ['GATEWAY_RATE_LIMIT_PER_SECOND', { GATEWAY_RATE_LIMIT_PER_SECOND: '0' }],
    ['GATEWAY_RATE_LIMIT_BURST', { GATEWAY_RATE_LIMIT_BURST: '2.5' }],
    ['GATEWAY_INTROSPECTION', { GATEWAY_INTROSPECTION: 'maybe' }],
    ['UPSTREAM_BREAKER_FAILURES', { UPSTREAM_BREAKER_FAILURES: '0' }],
    ['UPSTREAM_BREAKER_FAILURES', { UPSTREAM_BREAKER_FAILURES: '2.5' }],
    ['UPSTREAM_BREAKER_HALF_OPEN_MS', { UPSTREAM_BREAKER_HALF_OPEN_MS: '-1' }],
    ['UPSTREAM_BREAKER_HALF_OPEN_MS', { UPSTREAM_BREAKER_HALF_OPEN_MS: 'soon' }],
    ['PROVISIONING_LEASE_MS', { PROVISIONING_LEASE_MS: '0' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/gateway' }],
    ['GATEWAY_TRUSTED_DOCUMENTS', { GATEWAY_TRUSTED_DOCUMENTS: join(dir, 'missing') }],
    ['GATEWAY_TRUSTED_DOCUMENTS', { GATEWAY_TRUSTED_DOCUMENTS: empty }],
    ['SF_FIELD_STIGG_TYPE', { SF_FIELD_STIGG_TYPE: 'Stigg Type' }],
    ['SF_FIELD_CUSTOMER_ID', { SF_FIELD_CUSTOMER_ID: "x'; DROP" }],
    ['SALESFORCE_ACCESS_TOKEN', { SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com', STIGG_API_KEY: 'k' }],
    ['SALESFORCE_INSTANCE_URL', { SALESFORCE_ACCESS_TOKEN: 'token', STIGG_API_KEY: 'k' }],
    ['SALESFORCE_CLIENT_SECRET', { SALESFORCE_CLIENT_ID: 'id', STIGG_API_KEY: 'k' }],
    ['SALESFORCE_CLIENT_ID', { SALESFORCE_CLIENT_SECRET: 'secret', STIGG_API_KEY: 'k' }],
    ['SALESFORCE_CLIENT_ID', { SALESFORCE_USERNAME: 'u@example.com', SALESFORCE_PRIVATE_KEY_FILE: '/k.pem', STIGG_API_KEY: 'k' }],
    ['SALESFORCE_PRIVATE_KEY_FILE', { SALESFORCE_USERNAME: 'u@example.com', SALESFORCE_CLIENT_ID: 'id', STIGG_API_KEY: 'k', GATEWAY_API_KEYS: `${KEY}:read` }],
    ['SALESFORCE_PRIVATE_KEY_FILE', { SALESFORCE_USERNAME: 'u@example.com', SALESFORCE_CLIENT_ID: 'id', SALESFORCE_PRIVATE_KEY_FILE: join(dir, 'nope.pem'), STIGG_API_KEY: 'k', GATEWAY_API_KEYS: `${KEY}:read` }],
    ['SALESFORCE_LOGIN_URL', { ...REAL, SALESFORCE_LOGIN_URL: 'login.salesforce.com' }],
    ['STIGG_API_KEY', { SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: 't' }],
    ['SALESFORCE_INSTANCE_URL', { STIGG_API_KEY: 'k' }],
    ['GATEWAY_API_KEYS', { ...REAL, GATEWAY_API_KEYS: '' }],
    ['HOST', { HOST: '0.0.0.0' }],
    ['PROVISIONING_HOOK_SECRET', { ...REAL, PROVISIONING_HOOK_URL: 'https://hooks.example.com/provision' }],
    ['GATEWAY_JWT_ISSUER', { GATEWAY_JWT_AUDIENCE: 'o2c' }],
    ['GATEWAY_JWT_AUDIENCE', { GATEWAY_JWT_ISSUER: 'https://idp.example.com', GATEWAY_JWT_JWKS_URL: 'https://idp.example.com/jwks' }],
    ['GATEWAY_JWT_JWKS_URL', { GATEWAY_JWT_ISSUER: 'https://idp.example.com', GATEWAY_JWT_AUDIENCE: 'o2c' }],
    ['GATEWAY_JWT_JWKS_URL', { GATEWAY_JWT_ISSUER: 'https://idp.example.com', GATEWAY_JWT_AUDIENCE: 'o2c', GATEWAY_JWT_JWKS_URL: 'http://idp.example.com/jwks' }],
    ['GATEWAY_JWT_JWKS_FILE', { GATEWAY_JWT_ISSUER: 'https://idp.example.com', GATEWAY_JWT_AUDIENCE: 'o2c', GATEWAY_JWT_JWKS_FILE: join(dir, 'none.json') }],
  ])('%s', (variable, env) => {
    const error = refusal(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('never echoes a secret in the message', () => {
    const secret = 'super-secret-key-value-with-bad-scope';
    const error = refusal({ GATEWAY_API_KEYS: `${secret}:read,root` });
    expect(error.message).not.toContain(secret);
    expect(refusal({ ...REAL, STIGG_BASE_URI: 'nope' }).message).not.toContain(REAL.STIGG_API_KEY);
  });

  it('accepts the matching good values', () => {
    expect(() => loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: trusted })).not.toThrow();
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/gateway' })).not.toThrow();
    expect(() => loadConfig({ ...REAL, PROVISIONING_HOOK_URL: 'https://hooks.example.com/p', PROVISIONING_HOOK_SECRET: 's' })).not.toThrow();
    expect(() => loadConfig({ HOST: '0.0.0.0', GATEWAY_API_KEYS: `${KEY}:read` })).not.toThrow();
    expect(() => loadConfig({ HOST: '::1' })).not.toThrow();
    const jwt = loadConfig({ ...REAL, GATEWAY_API_KEYS: '', GATEWAY_JWT_ISSUER: 'https://idp.example.com', GATEWAY_JWT_AUDIENCE: 'o2c', GATEWAY_JWT_JWKS_URL: 'https://idp.example.com/jwks' });
    expect(jwt.jwt).toEqual({ issuer: 'https://idp.example.com', audience: 'o2c', jwks: { url: 'https://idp.example.com/jwks' }, scopeClaim: 'scope' });
    expect(authenticationRequired(jwt)).toBe(true);
    const loopbackJwks = loadConfig({ GATEWAY_JWT_ISSUER: 'https://idp.example.com', GATEWAY_JWT_AUDIENCE: 'o2c', GATEWAY_JWT_JWKS_URL: 'http://127.0.0.1:9000/jwks' });
    expect(authenticationRequired(loopbackJwks)).toBe(true); // sandbox mode with a JWT issuer: auth on
  });
});

describe('SALESFORCE_JWT_AUDIENCE: the JWT bearer assertion\'s aud claim', () => {
  const keyFile = join(dir, 'jwt-key.pem');
  beforeAll(() => writeFileSync(keyFile, 'not read by loadConfig'));
  const jwtBearer = (extra: Record<string, string>) => ({
    SALESFORCE_CLIENT_ID: 'client-id', SALESFORCE_USERNAME: 'integration@acme.example', SALESFORCE_PRIVATE_KEY_FILE: keyFile,
    STIGG_API_KEY: REAL.STIGG_API_KEY, GATEWAY_API_KEYS: REAL.GATEWAY_API_KEYS, ...extra,
  });
  const audience = (extra: Record<string, string>) => {
    const auth = loadConfig(jwtBearer(extra)).salesforce.auth;
    return auth?.kind === 'jwtBearer' ? auth.audience : null;
  };

  it.each([
    ['(unset: login.salesforce.com)', 'https://login.salesforce.com'],
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['http://127.0.0.1:4010', 'https://login.salesforce.com'],
    ['https://test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.cs42.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme.my.site.com', 'https://acme.my.site.com'],
    ['https://acme--uat.sandbox.my.site.com/', 'https://acme--uat.sandbox.my.site.com'],
    ['https://acme.force.com/customers', 'https://acme.force.com/customers'],
  ])('defaults from SALESFORCE_LOGIN_URL %s to %s (Salesforce Help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration — aud; My Domain URL Formats)', (loginUrl, expected) => {
    expect(audience(loginUrl.startsWith('(') ? {} : { SALESFORCE_LOGIN_URL: loginUrl })).toBe(expected);
  });

  it('defaults a sandbox My Domain without enhanced domains (MyDomainName--SandboxName.my.salesforce.com) to https://test.salesforce.com (assumption: that format is a sandbox\'s)', () => {
    expect(audience({ SALESFORCE_LOGIN_URL: 'https://acme--uat.my.salesforce.com' })).toBe('https://test.salesforce.com');
  });

  it('takes a configured audience over the default, without a trailing slash', () => {
    expect(audience({ SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com', SALESFORCE_JWT_AUDIENCE: 'https://test.salesforce.com/' })).toBe('https://test.salesforce.com');
    expect(audience({ SALESFORCE_LOGIN_URL: 'https://acme.my.site.com/partners', SALESFORCE_JWT_AUDIENCE: 'https://acme.my.site.com/partners' })).toBe('https://acme.my.site.com/partners');
  });

  it.each([
    ['not a URL', 'login.salesforce.com'],
    ['http', 'http://login.salesforce.com'],
    ['http on loopback', 'http://127.0.0.1:4010'],
    ['a query', 'https://login.salesforce.com?x=1'],
    ['a fragment', 'https://login.salesforce.com#x'],
    ['credentials', 'https://user:pass@login.salesforce.com'],
  ])('refuses %s, naming the variable', (_why, value) => {
    const error = refusal(jwtBearer({ SALESFORCE_JWT_AUDIENCE: value }));
    expect(error.variable).toBe('SALESFORCE_JWT_AUDIENCE');
    expect(error.message.startsWith('SALESFORCE_JWT_AUDIENCE: ')).toBe(true);
  });

  it('refuses SALESFORCE_JWT_AUDIENCE outside the JWT bearer flow (client credentials, a session, sandbox mode)', () => {
    expect(refusal({ ...REAL, SALESFORCE_JWT_AUDIENCE: 'https://login.salesforce.com' }).variable).toBe('SALESFORCE_JWT_AUDIENCE');
    expect(refusal({ SALESFORCE_JWT_AUDIENCE: 'https://login.salesforce.com' }).variable).toBe('SALESFORCE_JWT_AUDIENCE');
  });
});

describe('the startup check', () => {
  it('refuses real upstreams without authentication, also for a configuration built by hand', () => {
    const config = { ...loadConfig(REAL), apiKeys: [] };
    expect(() => checkStartupSafety(config)).toThrow(/^GATEWAY_API_KEYS: .*refuses to start without authentication/);
    expect(() => checkStartupSafety(loadConfig(REAL))).not.toThrow();
  });

  it('refuses sandbox mode without authentication on a non-loopback host', () => {
    expect(() => checkStartupSafety({ ...loadConfig({}), host: '10.0.0.5' })).toThrow(/^HOST: /);
    expect(() => checkStartupSafety({ ...loadConfig({}), host: '127.0.0.1' })).not.toThrow();
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', 'example.com', '::', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
  });
});
