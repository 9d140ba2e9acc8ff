import { ALL_SCOPES, GatewayConfig, SalesforceAuth, Scope, StaticApiKey } from './gateway-config';
import { ConfigError } from './config-error';

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
  if (instanceUrl || accessToken) {
    if (!instanceUrl) throw new ConfigError('SALESFORCE_INSTANCE_URL', 'is required with SALESFORCE_ACCESS_TOKEN');
    if (!accessToken) throw new ConfigError('SALESFORCE_ACCESS_TOKEN', 'is required with SALESFORCE_INSTANCE_URL');
    return { kind: 'session', instanceUrl, accessToken };
  }
  if (username || privateKeyFile) {
    if (!clientId) throw new ConfigError('SALESFORCE_CLIENT_ID', 'is required for the JWT bearer flow');
    if (!username) throw new ConfigError('SALESFORCE_USERNAME', 'is required with SALESFORCE_PRIVATE_KEY_FILE');
    if (!privateKeyFile) throw new ConfigError('SALESFORCE_PRIVATE_KEY_FILE', 'is required with SALESFORCE_USERNAME');
    return { kind: 'jwtBearer', loginUrl, clientId, username, privateKeyFile };
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
  const sandbox = auth === null && stiggApiKey === null;
  if (!sandbox && auth === null) throw new ConfigError('SALESFORCE_INSTANCE_URL', 'Salesforce is not configured while STIGG_API_KEY is (configure both, or neither for sandbox mode)');
  if (!sandbox && stiggApiKey === null) throw new ConfigError('STIGG_API_KEY', 'is required when Salesforce is configured (configure both, or neither for sandbox mode)');

  const apiVersion = text(env, 'SALESFORCE_API_VERSION') ?? '62.0';
  if (!/^\d{2,3}\.0$/.test(apiVersion)) throw new ConfigError('SALESFORCE_API_VERSION', 'must look like 62.0');
  const defaultCurrency = (text(env, 'DEFAULT_CURRENCY') ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(defaultCurrency)) throw new ConfigError('DEFAULT_CURRENCY', 'must be an ISO 4217 code such as USD');
  const apiKeys = parseApiKeys(text(env, 'GATEWAY_API_KEYS'));
  const corsOrigins = (text(env, 'GATEWAY_CORS_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) throw new ConfigError('GATEWAY_CORS_ORIGINS', `'${origin}' must be an origin like https://example.my.salesforce.com`);
  }
  const hookTimeout = Number(text(env, 'PROVISIONING_HOOK_TIMEOUT_MS') ?? '10000');
  if (!Number.isFinite(hookTimeout) || hookTimeout <= 0) throw new ConfigError('PROVISIONING_HOOK_TIMEOUT_MS', 'must be a positive number of milliseconds');
  const positive = (name: string, fallback: number): number => {
    const raw = text(env, name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new ConfigError(name, 'must be a positive number');
    return value;
  };
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

  return {
    host: text(env, 'HOST') ?? '127.0.0.1',
    port: port(env, 'PORT', 4000),
    sandbox,
    sandboxPorts: { salesforce: port(env, 'SANDBOX_SALESFORCE_PORT', 4010), stigg: port(env, 'SANDBOX_STIGG_PORT', 4020) },
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
    },
    stigg: { apiKey: stiggApiKey, baseUri: url(env, 'STIGG_BASE_URI') ?? 'https://api.stigg.io' },
    journal: { databaseUrl: text(env, 'DATABASE_URL'), sqlitePath: text(env, 'JOURNAL_PATH') ?? './data/gateway.db' },
    apiKeys,
    corsOrigins,
    hook: { url: url(env, 'PROVISIONING_HOOK_URL'), secret: text(env, 'PROVISIONING_HOOK_SECRET'), timeoutMs: hookTimeout },
    defaultCurrency,
    logLevel: text(env, 'LOG_LEVEL') ?? 'info',
    limits: {
      maxDepth: positive('GATEWAY_MAX_QUERY_DEPTH', 12),
      maxCost: positive('GATEWAY_MAX_QUERY_COST', 250_000),
      maxAliases: positive('GATEWAY_MAX_ALIASES', 30),
      requestTimeoutMs: positive('GATEWAY_REQUEST_TIMEOUT_MS', 60_000),
      rateLimitPerSecond: positive('GATEWAY_RATE_LIMIT_PER_SECOND', 50),
      rateLimitBurst: positive('GATEWAY_RATE_LIMIT_BURST', 100),
    },
    introspection: flag('GATEWAY_INTROSPECTION', sandbox),
    trustedDocumentsDir: text(env, 'GATEWAY_TRUSTED_DOCUMENTS'),
  };
}
