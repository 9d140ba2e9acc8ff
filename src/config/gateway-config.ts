/** The one typed configuration object, built once at start (see load-config.ts). */
import type { TracingConfig } from '../observability/tracing/tracing-config';
export type Scope = 'read' | 'provision' | 'credits' | 'admin';
export const ALL_SCOPES: readonly Scope[] = ['read', 'provision', 'credits', 'admin'];

/** The SQLite journal file when neither DATABASE_URL nor JOURNAL_PATH says otherwise. */
export const DEFAULT_SQLITE_PATH = './data/gateway.db';
/**
 * Sandbox mode with neither DATABASE_URL nor JOURNAL_PATH: the API keys `npm run keys` makes
 * and `npm start` reads (the runs go to a temporary journal). Apart from DEFAULT_SQLITE_PATH,
 * so a key made for the sandbox never opens a gateway against real upstreams.
 */
export const SANDBOX_KEYS_SQLITE_PATH = './data/sandbox-keys.db';

/** UPSTREAM_BREAKER_FAILURES: failures in a row (5xx, timeouts, dropped connections) that open an upstream's circuit. */
export const DEFAULT_BREAKER_FAILURES = 5;
/** UPSTREAM_BREAKER_HALF_OPEN_MS: how long an open circuit fails fast before one trial call decides. */
export const DEFAULT_BREAKER_HALF_OPEN_MS = 10_000;
/** RECONCILIATION_INTERVAL_MS: how often the scheduled reconciliation runs (1 hour). */
export const DEFAULT_RECONCILIATION_INTERVAL_MS = 60 * 60_000;
/** PROVISIONING_LEASE_MS: how long a provisioning run is held by the replica running it (renewed at each step). */
export const DEFAULT_PROVISIONING_LEASE_MS = 120_000;

/** AUTOMATION_SWEEP_INTERVAL_MS: how often the sweep looks for won, unprovisioned opportunities (15 minutes). */
export const DEFAULT_AUTOMATION_SWEEP_INTERVAL_MS = 15 * 60_000;
/** SALESFORCE_PUBSUB_ENDPOINT: Salesforce's Pub/Sub API (gRPC over TLS). */
export const DEFAULT_SALESFORCE_PUBSUB_ENDPOINT = 'api.pubsub.salesforce.com:7443';
/** AUTOMATION_TOPIC: Change Data Capture's channel for Opportunity. */
export const DEFAULT_AUTOMATION_TOPIC = '/data/OpportunityChangeEvent';
/** SANDBOX_PUBSUB_PORT: the sandbox's Pub/Sub API emulator. */
export const DEFAULT_SANDBOX_PUBSUB_PORT = 4030;

/** AUTOMATION_MODE: off (the default), preview (record the plan, write nothing) or provision. */
export type AutomationMode = 'off' | 'preview' | 'provision';
export const AUTOMATION_MODES: readonly AutomationMode[] = ['off', 'preview', 'provision'];

/** Closed/Won automation: change events, the sweep and automatic retries. */
export interface AutomationConfig {
  mode: AutomationMode;
  /** host:port of the Pub/Sub API; TLS unless the host is loopback. */
  pubsubEndpoint: string;
  topic: string;
  /** The payment collection method when the opportunity's field is blank. */
  defaultPaymentCollection: 'NONE' | 'INVOICE' | 'PAYMENT_METHOD_ON_FILE';
  sweepIntervalMs: number;
  /** AUTOMATION_LEADER_LEASE_MS: how long the subscribing replica's lease lasts unrenewed (another takes over after). */
  leaderLeaseMs: number;
  /** Opportunity fields only automation reads or writes. */
  fields: {
    /** SF_FIELD_PAYMENT_COLLECTION: picklist Invoice / Card on file / None. */
    paymentCollection: string;
    /** SF_FIELD_PROVISIONING_ERROR: the code and a sentence for sales ops when a run needs attention. */
    provisioningError: string;
  };
}

export interface StaticApiKey {
  /** A stable, non-secret id for logs and audit: "env:<index>". */
  id: string;
  secret: string;
  scopes: Scope[];
}

export type SalesforceAuth =
  | { kind: 'session'; instanceUrl: string; accessToken: string }
  | { kind: 'clientCredentials'; loginUrl: string; clientId: string; clientSecret: string }
  /** `audience`: the assertion's `aud` claim (see salesforce-jwt-audience.ts), never the My Domain login URL. */
  | { kind: 'jwtBearer'; loginUrl: string; audience: string; clientId: string; username: string; privateKeyFile: string };

export interface SalesforceFieldNames {
  stiggType: string;
  stiggId: string;
  subscriptionId: string;
  provisioningStatus: string;
  customerId: string;
}

/**
 * Where Salesforce mirrors Stigg's state (src/services/salesforce-mirror, README "Stigg webhooks"): the
 * opportunity's subscription status, plan, trial end and cancellation date, its last payment failure,
 * and the account's credit balance per configured custom currency.
 */
export interface SalesforceMirrorFieldNames {
  subscriptionStatus: string;
  plan: string;
  trialEnd: string;
  cancellationDate: string;
  paymentFailedAt: string;
  paymentFailure: string;
  /** SF_CREDIT_BALANCE_FIELDS: the Account field holding each custom currency's balance; empty: none mirrored. */
  creditBalances: Array<{ currencyId: string; field: string }>;
}

/** Bearer JWTs from an OIDC issuer (optional, beside API keys): a per-user identity for server-side callers. */
export interface JwtAuthConfig {
  issuer: string;
  audience: string;
  /** Where the issuer's signing keys are: a JWKS URL, or a local JWKS file. */
  jwks: { url: string } | { file: string };
  /** The claim holding the scopes: a space-separated string or an array (default `scope`). */
  scopeClaim: string;
}

export interface GatewayConfig {
  host: string;
  port: number;
  /** True when no upstream is configured: both emulators start on loopback. */
  sandbox: boolean;
  sandboxPorts: { salesforce: number; stigg: number; pubsub: number };
  sandboxSeedDir: string | null;
  salesforce: {
    auth: SalesforceAuth | null;
    apiVersion: string;
    fields: SalesforceFieldNames;
    /** SF_RENEWAL_TYPE: the Opportunity.Type value of a renewal. */
    renewalType: string;
    /** Fields mirroring Stigg's state (salesforce-mirror). */
    mirrorFields: SalesforceMirrorFieldNames;
  };
  /**
   * POST /webhooks/stigg: `secret` is STIGG_WEBHOOK_SECRET (null: the route is off, 404), compared with
   * Stigg's Stigg-Webhooks-Secret header; `toleranceMs` (STIGG_WEBHOOK_TOLERANCE_MS) how far an event's
   * timestamp may be from now before it is refused as stale or replayed.
   */
  stiggWebhooks: {
    secret: string | null;
    toleranceMs: number;
    /** STIGG_WEBHOOK_RETRY_BASE_MS: the first retry of a failed application waits this long, each next one twice as long (at most 10 min). */
    retryBaseMs: number;
  };
  stigg: {
    apiKey: string | null;
    baseUri: string;
    /** Client-side pacing to Stigg's published rate limits: the window they apply to, and this replica's share of them. */
    pacing: { enabled: boolean; windowMs: number; share: number };
  };
  /**
   * `ephemeral`: sandbox mode with neither DATABASE_URL nor JOURNAL_PATH. The
   * emulators start fresh every time, so the journal does too (a temp file),
   * or yesterday's runs would claim opportunities today's sandbox never saw.
   * `keysSqlitePath`: then the API keys are read from this file instead
   * (SANDBOX_KEYS_SQLITE_PATH, where `npm run keys` writes in sandbox mode), so
   * they outlive the process; null: the keys are in the journal itself.
   */
  journal: { databaseUrl: string | null; sqlitePath: string; ephemeral: boolean; keysSqlitePath: string | null };
  apiKeys: StaticApiKey[];
  /** Bearer JWTs from an OIDC issuer; null when not configured. */
  jwt: JwtAuthConfig | null;
  corsOrigins: string[];
  hook: { url: string | null; secret: string | null; timeoutMs: number };
  /** Each upstream's circuit breaker: `failures` in a row open it for `halfOpenMs`, then one trial call decides. */
  breaker: { failures: number; halfOpenMs: number };
  /** A provisioning run's lease: a run whose replica stopped renewing it is resumed by the next call once it expires. */
  provisioning: { leaseMs: number };
  /** The scheduled reconciliation: every `intervalMs` (RECONCILIATION_INTERVAL_MS, 0: off); `autoResync` (RECONCILIATION_AUTO_RESYNC) repairs Salesforce's fields. */
  reconciliation: { intervalMs: number; autoResync: boolean };
  /** Closed/Won automation (AUTOMATION_*). */
  automation: AutomationConfig;
  defaultCurrency: string;
  logLevel: string;
  limits: {
    /** Largest request body accepted (bytes); larger ones get HTTP 413 PAYLOAD_TOO_LARGE. */
    maxBodyBytes: number;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    requestTimeoutMs: number;
    rateLimitPerSecond: number;
    rateLimitBurst: number;
  };
  /** Introspection and the explorer (GraphiQL at GET /graphql for browsers); default: on in sandbox mode, off against real upstreams. */
  introspection: boolean;
  /** A directory of trusted GraphQL documents; when set, only those documents run. */
  trustedDocumentsDir: string | null;
  /** OpenTelemetry tracing from the standard OTEL_* variables; off unless an OTLP endpoint is named (observability/tracing). */
  tracing: TracingConfig;
}
