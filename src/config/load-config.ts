import { DEFAULT_RECONCILIATION_INTERVAL_MS } from './gateway-config';
import {
  ALL_SCOPES, AUTOMATION_MODES, AutomationConfig, AutomationMode, DEFAULT_AUTOMATION_SWEEP_INTERVAL_MS, DEFAULT_AUTOMATION_TOPIC,
  DEFAULT_SALESFORCE_PUBSUB_ENDPOINT, DEFAULT_SANDBOX_PUBSUB_PORT, DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_HALF_OPEN_MS, DEFAULT_PROVISIONING_LEASE_MS, DEFAULT_SQLITE_PATH, GatewayConfig, JwtAuthConfig, SalesforceAuth, Scope, StaticApiKey,
} from './gateway-config';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { ConfigError } from './config-error';
import { canonicalJwtAudience, defaultJwtAudience } from './salesforce-jwt-audience';
import { STIGG_MONEY_CURRENCIES } from '../domain/stigg-currencies';
import { isSandboxEnvironment } from './sandbox-environment';
import { apiKeysJournalOf } from './api-keys-journal';
import { loadTracingConfig } from '../observability/tracing/tracing-config';

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function port(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(name, 'must be a port number (0-65535)');
  return value;
}

function url(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(name, 'must be an http(s) URL');
  }
  return raw.replace(/\/+$/, '');
}

/** RECONCILIATION_INTERVAL_MS: a whole number of milliseconds, 0 for off. */
function reconciliationInterval(env: Env): number {
  const raw = text(env, 'RECONCILIATION_INTERVAL_MS');
  if (raw === null) return DEFAULT_RECONCILIATION_INTERVAL_MS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigError('RECONCILIATION_INTERVAL_MS', 'must be a whole number of milliseconds (0: off)');
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** True for a host name that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.test(host);
}

function jwtAuth(env: Env): JwtAuthConfig | null {
  const issuer = text(env, 'GATEWAY_JWT_ISSUER');
  const audience = text(env, 'GATEWAY_JWT_AUDIENCE');
  const jwksUrl = url(env, 'GATEWAY_JWT_JWKS_URL');
  const jwksFile = text(env, 'GATEWAY_JWT_JWKS_FILE');
  const scopeClaim = text(env, 'GATEWAY_JWT_SCOPE_CLAIM') ?? 'scope';
  if (!issuer) {
    for (const name of ['GATEWAY_JWT_AUDIENCE', 'GATEWAY_JWT_JWKS_URL', 'GATEWAY_JWT_JWKS_FILE', 'GATEWAY_JWT_SCOPE_CLAIM']) {
      if (text(env, name) !== null) throw new ConfigError('GATEWAY_JWT_ISSUER', `is required with ${name}`);
    }
    return null;
  }
  if (!audience) throw new ConfigError('GATEWAY_JWT_AUDIENCE', 'is required with GATEWAY_JWT_ISSUER (tokens minted for other audiences must not be accepted)');
  if (jwksUrl && jwksFile) throw new ConfigError('GATEWAY_JWT_JWKS_URL', 'set GATEWAY_JWT_JWKS_URL or GATEWAY_JWT_JWKS_FILE, not both');
  if (!jwksUrl && !jwksFile) throw new ConfigError('GATEWAY_JWT_JWKS_URL', 'is required with GATEWAY_JWT_ISSUER (or GATEWAY_JWT_JWKS_FILE)');
  if (jwksUrl && new URL(jwksUrl).protocol !== 'https:' && !isLoopbackHost(new URL(jwksUrl).hostname)) {
    throw new ConfigError('GATEWAY_JWT_JWKS_URL', 'must be https (http is accepted for loopback only)');
  }
  if (jwksFile && !existsSync(jwksFile)) throw new ConfigError('GATEWAY_JWT_JWKS_FILE', 'names a file that does not exist');
  if (!/^[A-Za-z0-9_:./-]+$/.test(scopeClaim)) throw new ConfigError('GATEWAY_JWT_SCOPE_CLAIM', 'must be a claim name');
  return { issuer, audience, jwks: jwksUrl ? { url: jwksUrl } : { file: jwksFile! }, scopeClaim };
}

/** SF_CREDIT_BALANCE_FIELDS: `currencyId:Field__c,currencyId2:Field2__c` (the Account field of each custom currency's balance). */
export function creditBalanceFields(raw: string | null): Array<{ currencyId: string; field: string }> {
  if (raw === null) return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((entry, index) => {
    const colon = entry.lastIndexOf(':');
    const currencyId = entry.slice(0, colon).trim();
    const field = entry.slice(colon + 1).trim();
    if (colon <= 0 || !currencyId || !/^[A-Za-z][A-Za-z0-9_]*$/.test(field)) {
      throw new ConfigError('SF_CREDIT_BALANCE_FIELDS', `entry ${index + 1} must be currencyId:Field_API_Name__c`);
    }
    return { currencyId, field };
  });
}

/** `key:scope,scope;key2:scope` */
export function parseApiKeys(raw: string | null): StaticApiKey[] {
  if (raw === null) return [];
  return raw.split(';').map((s) => s.trim()).filter(Boolean).map((entry, index) => {
    const colon = entry.lastIndexOf(':');
    if (colon <= 0) throw new ConfigError('GATEWAY_API_KEYS', `entry ${index + 1} must be key:scope,scope`);
    const secret = entry.slice(0, colon);
    const scopes = entry.slice(colon + 1).split(',').map((s) => s.trim()).filter(Boolean);
    if (secret.length < 16) throw new ConfigError('GATEWAY_API_KEYS', `entry ${index + 1}: a key must be at least 16 characters`);
    for (const scope of scopes) {
      if (!ALL_SCOPES.includes(scope as Scope)) throw new ConfigError('GATEWAY_API_KEYS', `entry ${index + 1}: unknown scope '${scope}' (allowed: ${ALL_SCOPES.join(', ')})`);
    }
    if (scopes.length === 0) throw new ConfigError('GATEWAY_API_KEYS', `entry ${index + 1} has no scope`);
    return { id: `env:${index + 1}`, secret, scopes: scopes as Scope[] };
  });
}

function salesforceAuth(env: Env): SalesforceAuth | null {
  const instanceUrl = url(env, 'SALESFORCE_INSTANCE_URL');
  const accessToken = text(env, 'SALESFORCE_ACCESS_TOKEN');
  const loginUrl = url(env, 'SALESFORCE_LOGIN_URL') ?? 'https://login.salesforce.com';
  const clientId = text(env, 'SALESFORCE_CLIENT_ID');
  const clientSecret = text(env, 'SALESFORCE_CLIENT_SECRET');
  const username = text(env, 'SALESFORCE_USERNAME');
  const privateKeyFile = text(env, 'SALESFORCE_PRIVATE_KEY_FILE');
  const jwtAudience = text(env, 'SALESFORCE_JWT_AUDIENCE');
  if (jwtAudience !== null && !(username || privateKeyFile)) {
    throw new ConfigError('SALESFORCE_JWT_AUDIENCE', 'is used by the JWT bearer flow only (SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY_FILE)');
  }
  if (instanceUrl || accessToken) {
    if (!instanceUrl) throw new ConfigError('SALESFORCE_INSTANCE_URL', 'is required with SALESFORCE_ACCESS_TOKEN');
    if (!accessToken) throw new ConfigError('SALESFORCE_ACCESS_TOKEN', 'is required with SALESFORCE_INSTANCE_URL');
    return { kind: 'session', instanceUrl, accessToken };
  }
  if (username || privateKeyFile) {
    if (!clientId) throw new ConfigError('SALESFORCE_CLIENT_ID', 'is required for the JWT bearer flow');
    if (!username) throw new ConfigError('SALESFORCE_USERNAME', 'is required with SALESFORCE_PRIVATE_KEY_FILE');
    if (!privateKeyFile) throw new ConfigError('SALESFORCE_PRIVATE_KEY_FILE', 'is required with SALESFORCE_USERNAME');
    const audience = jwtAudience === null ? defaultJwtAudience(loginUrl) : canonicalJwtAudience(jwtAudience);
    if (audience === null) {
      throw new ConfigError('SALESFORCE_JWT_AUDIENCE', 'must be an https URL such as https://login.salesforce.com, https://test.salesforce.com or an Experience Cloud site URL');
    }
    return { kind: 'jwtBearer', loginUrl, audience, clientId, username, privateKeyFile };
  }
  if (clientId || clientSecret) {
    if (!clientId) throw new ConfigError('SALESFORCE_CLIENT_ID', 'is required with SALESFORCE_CLIENT_SECRET');
    if (!clientSecret) throw new ConfigError('SALESFORCE_CLIENT_SECRET', 'is required with SALESFORCE_CLIENT_ID');
    return { kind: 'clientCredentials', loginUrl, clientId, clientSecret };
  }
  return null;
}

/** Builds and validates the configuration; a bad value throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const auth = salesforceAuth(env);
  const stiggApiKey = text(env, 'STIGG_API_KEY');
  const sandbox = isSandboxEnvironment(env);
  if (!sandbox && auth === null) throw new ConfigError('SALESFORCE_INSTANCE_URL', 'Salesforce is not configured while STIGG_API_KEY is (configure both, or neither for sandbox mode)');
  if (!sandbox && stiggApiKey === null) throw new ConfigError('STIGG_API_KEY', 'is required when Salesforce is configured (configure both, or neither for sandbox mode)');

  const apiVersion = text(env, 'SALESFORCE_API_VERSION') ?? '62.0';
  if (!/^\d{2,3}\.0$/.test(apiVersion)) throw new ConfigError('SALESFORCE_API_VERSION', 'must look like 62.0');
  const defaultCurrency = (text(env, 'DEFAULT_CURRENCY') ?? 'USD').toUpperCase();
  if (!STIGG_MONEY_CURRENCIES.has(defaultCurrency)) throw new ConfigError('DEFAULT_CURRENCY', "must be a currency Stigg bills in (its Currency enum), such as USD");
  const apiKeys = parseApiKeys(text(env, 'GATEWAY_API_KEYS'));
  const corsOrigins = (text(env, 'GATEWAY_CORS_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of corsOrigins) checkCorsOrigin(origin);
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/./i.test(databaseUrl)) throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  if (auth?.kind === 'jwtBearer' && !existsSync(auth.privateKeyFile)) throw new ConfigError('SALESFORCE_PRIVATE_KEY_FILE', 'names a file that does not exist');
  const trustedDocumentsDir = text(env, 'GATEWAY_TRUSTED_DOCUMENTS');
  if (trustedDocumentsDir !== null) checkTrustedDocumentsDir(trustedDocumentsDir);
  const hookUrl = url(env, 'PROVISIONING_HOOK_URL');
  const hookSecret = text(env, 'PROVISIONING_HOOK_SECRET');
  if (hookUrl && !hookSecret && !sandbox) throw new ConfigError('PROVISIONING_HOOK_SECRET', 'is required with PROVISIONING_HOOK_URL against real upstreams (the hook must be able to verify the gateway signed the call)');
  const hookTimeout = Number(text(env, 'PROVISIONING_HOOK_TIMEOUT_MS') ?? '10000');
  if (!Number.isFinite(hookTimeout) || hookTimeout <= 0) throw new ConfigError('PROVISIONING_HOOK_TIMEOUT_MS', 'must be a positive number of milliseconds');
  const positive = (name: string, fallback: number): number => {
    const raw = text(env, name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new ConfigError(name, 'must be a positive number');
    return value;
  };
  const positiveInteger = (name: string, fallback: number): number => {
    const value = positive(name, fallback);
    if (!Number.isSafeInteger(value)) throw new ConfigError(name, 'must be a positive whole number');
    return value;
  };
  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const jwt = jwtAuth(env);
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = text(env, name);
    if (raw === null) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(name, 'must be true or false');
  };
  const fieldName = (name: string, fallback: string): string => {
    const value = text(env, name) ?? fallback;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(value)) throw new ConfigError(name, 'must be a Salesforce field API name');
    return value;
  };

  const config: GatewayConfig = {
    host: text(env, 'HOST') ?? '127.0.0.1',
    port: port(env, 'PORT', 4000),
    sandbox,
    sandboxPorts: {
      salesforce: port(env, 'SANDBOX_SALESFORCE_PORT', 4010), stigg: port(env, 'SANDBOX_STIGG_PORT', 4020),
      pubsub: port(env, 'SANDBOX_PUBSUB_PORT', DEFAULT_SANDBOX_PUBSUB_PORT),
    },
    sandboxSeedDir: text(env, 'SANDBOX_SEED'),
    salesforce: {
      auth,
      apiVersion,
      fields: {
        stiggType: fieldName('SF_FIELD_STIGG_TYPE', 'Stigg_Type__c'),
        stiggId: fieldName('SF_FIELD_STIGG_ID', 'Stigg_ID__c'),
        subscriptionId: fieldName('SF_FIELD_SUBSCRIPTION_ID', 'Stigg_Subscription_Id__c'),
        provisioningStatus: fieldName('SF_FIELD_PROVISIONING_STATUS', 'Stigg_Provisioning_Status__c'),
        customerId: fieldName('SF_FIELD_CUSTOMER_ID', 'Stigg_Customer_Id__c'),
      },
      renewalType: text(env, 'SF_RENEWAL_TYPE') ?? 'Renewal',
      mirrorFields: {
        subscriptionStatus: fieldName('SF_FIELD_SUBSCRIPTION_STATUS', 'Stigg_Subscription_Status__c'),
        plan: fieldName('SF_FIELD_SUBSCRIPTION_PLAN', 'Stigg_Plan_Id__c'),
        trialEnd: fieldName('SF_FIELD_TRIAL_END', 'Stigg_Trial_End__c'),
        cancellationDate: fieldName('SF_FIELD_CANCELLATION_DATE', 'Stigg_Cancellation_Date__c'),
        paymentFailedAt: fieldName('SF_FIELD_PAYMENT_FAILED_AT', 'Stigg_Payment_Failed_At__c'),
        paymentFailure: fieldName('SF_FIELD_PAYMENT_FAILURE', 'Stigg_Payment_Failure__c'),
        creditBalances: creditBalanceFields(text(env, 'SF_CREDIT_BALANCE_FIELDS')),
      },
    },
    stiggWebhooks: {
      secret: text(env, 'STIGG_WEBHOOK_SECRET'),
      toleranceMs: positiveInteger('STIGG_WEBHOOK_TOLERANCE_MS', 600_000),
      retryBaseMs: positiveInteger('STIGG_WEBHOOK_RETRY_BASE_MS', 5_000),
    },
    stigg: {
      apiKey: stiggApiKey,
      baseUri: url(env, 'STIGG_BASE_URI') ?? 'https://api.stigg.io',
      pacing: {
        enabled: flag('STIGG_PACING', true),
        windowMs: positiveInteger('STIGG_PACING_WINDOW_MS', 60_000),
        share: (() => {
          const share = positive('STIGG_PACING_SHARE', 1);
          if (share > 1) throw new ConfigError('STIGG_PACING_SHARE', 'must be in (0, 1]: this replica\'s share of Stigg\'s limits (1 / replicas)');
          return share;
        })(),
      },
    },
    journal: {
      databaseUrl,
      sqlitePath: text(env, 'JOURNAL_PATH') ?? DEFAULT_SQLITE_PATH,
      ephemeral: sandbox && databaseUrl === null && text(env, 'JOURNAL_PATH') === null,
      keysSqlitePath: sandbox && databaseUrl === null && text(env, 'JOURNAL_PATH') === null ? apiKeysJournalOf(env).sqlitePath : null,
    },
    apiKeys,
    jwt,
    corsOrigins,
    hook: { url: hookUrl, secret: hookSecret, timeoutMs: hookTimeout },
    breaker: {
      failures: positiveInteger('UPSTREAM_BREAKER_FAILURES', DEFAULT_BREAKER_FAILURES),
      halfOpenMs: positiveInteger('UPSTREAM_BREAKER_HALF_OPEN_MS', DEFAULT_BREAKER_HALF_OPEN_MS),
    },
    provisioning: { leaseMs: positiveInteger('PROVISIONING_LEASE_MS', DEFAULT_PROVISIONING_LEASE_MS) },
    reconciliation: { intervalMs: reconciliationInterval(env), autoResync: flag('RECONCILIATION_AUTO_RESYNC', false) },
    automation: {
      ...automationConfig(env, positiveInteger('AUTOMATION_SWEEP_INTERVAL_MS', DEFAULT_AUTOMATION_SWEEP_INTERVAL_MS), fieldName),
      leaderLeaseMs: positiveInteger('AUTOMATION_LEADER_LEASE_MS', 30_000),
    },
    defaultCurrency,
    logLevel,
    limits: {
      maxBodyBytes: positiveInteger('GATEWAY_MAX_BODY_BYTES', 1_000_000),
      maxDepth: positiveInteger('GATEWAY_MAX_QUERY_DEPTH', 12),
      maxCost: positiveInteger('GATEWAY_MAX_QUERY_COST', 250_000),
      maxAliases: positiveInteger('GATEWAY_MAX_ALIASES', 30),
      requestTimeoutMs: positiveInteger('GATEWAY_REQUEST_TIMEOUT_MS', 60_000),
      rateLimitPerSecond: positive('GATEWAY_RATE_LIMIT_PER_SECOND', 50),
      rateLimitBurst: positiveInteger('GATEWAY_RATE_LIMIT_BURST', 100),
    },
    introspection: flag('GATEWAY_INTROSPECTION', sandbox),
    trustedDocumentsDir,
    tracing: loadTracingConfig(env),
  };
  checkStartupSafety(config);
  return config;
}

const PAYMENT_COLLECTIONS = ['NONE', 'INVOICE', 'PAYMENT_METHOD_ON_FILE'] as const;

/** AUTOMATION_*, SALESFORCE_PUBSUB_ENDPOINT and the two Opportunity fields automation uses. */
function automationConfig(env: Env, sweepIntervalMs: number, fieldName: (name: string, fallback: string) => string): Omit<AutomationConfig, 'leaderLeaseMs'> {
  const mode = (text(env, 'AUTOMATION_MODE') ?? 'off').toLowerCase();
  if (!AUTOMATION_MODES.includes(mode as AutomationMode)) throw new ConfigError('AUTOMATION_MODE', `must be one of ${AUTOMATION_MODES.join(', ')}`);
  const pubsubEndpoint = text(env, 'SALESFORCE_PUBSUB_ENDPOINT') ?? DEFAULT_SALESFORCE_PUBSUB_ENDPOINT;
  const endpoint = /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/i.exec(pubsubEndpoint);
  if (!endpoint || Number(endpoint[2]) > 65535) throw new ConfigError('SALESFORCE_PUBSUB_ENDPOINT', 'must be host:port, e.g. api.pubsub.salesforce.com:7443');
  const topic = text(env, 'AUTOMATION_TOPIC') ?? DEFAULT_AUTOMATION_TOPIC;
  if (!/^\/(data|event)\/[A-Za-z0-9_]+$/.test(topic)) {
    throw new ConfigError('AUTOMATION_TOPIC', 'must be a Pub/Sub API topic such as /data/OpportunityChangeEvent or /data/O2C__chn');
  }
  const payment = (text(env, 'AUTOMATION_DEFAULT_PAYMENT_COLLECTION') ?? 'NONE').toUpperCase();
  if (!PAYMENT_COLLECTIONS.includes(payment as never)) {
    throw new ConfigError('AUTOMATION_DEFAULT_PAYMENT_COLLECTION', `must be one of ${PAYMENT_COLLECTIONS.join(', ')}`);
  }
  return {
    mode: mode as AutomationMode,
    pubsubEndpoint,
    topic,
    defaultPaymentCollection: payment as AutomationConfig['defaultPaymentCollection'],
    sweepIntervalMs,
    fields: {
      paymentCollection: fieldName('SF_FIELD_PAYMENT_COLLECTION', 'Stigg_Payment_Collection__c'),
      provisioningError: fieldName('SF_FIELD_PROVISIONING_ERROR', 'Stigg_Provisioning_Error__c'),
    },
  };
}

/**
 * `scheme://host[:port]`, where `*` may stand for one whole host label, followed
 * by at least two fixed labels (`https://*.lightning.force.com`): `https://*.com`
 * would let any site in.
 */
function checkCorsOrigin(origin: string): void {
  const bad = (why: string) => new ConfigError('GATEWAY_CORS_ORIGINS', `'${origin}' ${why}`);
  const match = /^(https?):\/\/([^/:?#]+)(:\d{1,5})?$/i.exec(origin);
  if (!match) throw bad('must be an origin like https://example.my.salesforce.com (no path, no trailing slash)');
  const labels = match[2].split('.');
  if (labels.some((label) => label !== '*' && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(label))) throw bad('has a host that is not a host name (* must be a whole label)');
  const lastWildcard = labels.lastIndexOf('*');
  if (lastWildcard >= 0 && labels.length - lastWildcard - 1 < 2) throw bad('is too broad: a * label must be followed by at least two fixed labels');
}

function checkTrustedDocumentsDir(dir: string): void {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
    files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  } catch {
    throw new ConfigError('GATEWAY_TRUSTED_DOCUMENTS', 'must name a directory of .graphql documents');
  }
  if (files.length === 0) throw new ConfigError('GATEWAY_TRUSTED_DOCUMENTS', 'names a directory with no .graphql document (every operation would be refused)');
}

/**
 * What must hold before the gateway listens (also checked by startGateway):
 * against real upstreams there is no running without authentication, and
 * sandbox mode without authentication only binds to loopback.
 */
export function checkStartupSafety(config: GatewayConfig): void {
  const authConfigured = config.apiKeys.length > 0 || config.jwt !== null;
  if (!config.sandbox && !authConfigured) {
    throw new ConfigError('GATEWAY_API_KEYS', 'is required against real upstreams: the gateway refuses to start without authentication');
  }
  if (config.sandbox && !authConfigured && !isLoopbackHost(config.host)) {
    throw new ConfigError('HOST', 'sandbox mode with no GATEWAY_API_KEYS runs without authentication and only binds to loopback (127.0.0.1)');
  }
}

/** True when callers must authenticate: always, except sandbox mode with no keys and no JWT issuer. */
export function authenticationRequired(config: GatewayConfig): boolean {
  return !config.sandbox || config.apiKeys.length > 0 || config.jwt !== null;
}
