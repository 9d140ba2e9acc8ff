/**
 * Helpers of the Closed/Won automation suites: the runs of an opportunity and automationStatus read
 * through the gateway's API, a wait for a condition (polling, never a timed assertion), and the
 * Pub/Sub emulator's control surface (faults, counters, clock) on the Salesforce emulator.
 */
import { TestStack } from './test-stack';
import { Json } from './provisioning-helpers';
import { loadConfig } from '../../src/config/load-config';
import { RunningGateway, startGateway, upstreamsFromConfig } from '../../src/gateway';
import { createLogger } from '../../src/observability/logger';
import { RunningSandbox } from '../../src/sandbox/start-sandbox';

export const AUTOMATION_RUN_FIELDS = `id kind opportunityId status trigger attempts nextAttemptAt requestedBy subscriptionId
  error { code message step } steps { name status }`;

export const STATUS = `query { automationStatus { mode subscribed topic lastReplayId lastEventAt lagSeconds lastSweepAt pendingRetries needsAttentionCount leader } }`;

/** The opportunity's runs, newest first, read through provisioningRuns(filter: {opportunityId}). */
export async function runsOf(stack: TestStack, opportunityId: string): Promise<Json[]> {
  const result = await stack.graphql<Json>(`query($id: ID!) { provisioningRuns(filter: { opportunityId: $id }, first: 20) { edges { node { ${AUTOMATION_RUN_FIELDS} } } } }`,
    { id: opportunityId });
  if (result.body.errors?.length) throw new Error(JSON.stringify(result.body.errors));
  return result.body.data.provisioningRuns.edges.map((e: Json) => e.node);
}

export async function automationStatus(stack: TestStack): Promise<Json> {
  const result = await stack.graphql<Json>(STATUS);
  if (result.body.errors?.length) throw new Error(JSON.stringify(result.body.errors));
  return result.body.data.automationStatus;
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs` (a bound on waiting, not an assertion on speed). */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A call to the Pub/Sub emulator's control surface (/__sandbox/pubsub/* on the Salesforce emulator). */
export async function pubsubControl(stack: TestStack, method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${stack.sandbox.salesforce.url}/__sandbox/pubsub${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /__sandbox/pubsub${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** gateway_automation_events_total by outcome, read from GET /metrics. */
export async function eventOutcomes(stack: TestStack): Promise<Record<string, number>> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const out: Record<string, number> = { provisioned: 0, previewed: 0, needs_attention: 0, duplicate: 0, ignored: 0, failed: 0 };
  for (const m of text.matchAll(/^gateway_automation_events_total\{outcome="([a-z_]+)"\} (\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** A gateway in production mode (real-upstream configuration) pointed at a running sandbox: what an operator runs against `npm run sandbox`. */
export interface Replica {
  gateway: RunningGateway;
  logs: string[];
  graphql(query: string, variables?: Record<string, unknown>): Promise<{ data?: Json; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  stop(): Promise<void>;
}

export const REPLICA_KEY = 'automation-replica-key-0001';

export async function startReplica(sandbox: RunningSandbox, env: Record<string, string>): Promise<Replica> {
  const d = sandbox.describe();
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
    SALESFORCE_INSTANCE_URL: d.salesforce.instanceUrl, SALESFORCE_ACCESS_TOKEN: d.salesforce.accessToken,
    STIGG_API_KEY: d.stigg.apiKey, STIGG_BASE_URI: d.stigg.baseUri,
    SALESFORCE_PUBSUB_ENDPOINT: d.pubsub.endpoint,
    GATEWAY_API_KEYS: `${REPLICA_KEY}:read,provision`,
    ...env,
  });
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => { logs.push(line); } });
  const gateway = await startGateway({ config, logger, upstreams: upstreamsFromConfig(config) });
  return {
    gateway,
    logs,
    async graphql(query, variables) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${REPLICA_KEY}` }, body: JSON.stringify({ query, variables }),
      });
      return response.json() as Promise<Json>;
    },
    stop: () => gateway.stop({ drainMs: 500 }),
  };
}

/** The runs of an opportunity on a replica. */
export async function replicaRunsOf(replica: Replica, opportunityId: string): Promise<Json[]> {
  const result = await replica.graphql(`query($id: ID!) { provisioningRuns(filter: { opportunityId: $id }, first: 20) { edges { node { ${AUTOMATION_RUN_FIELDS} } } } }`, { id: opportunityId });
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data.provisioningRuns.edges.map((e: Json) => e.node);
}

export async function replicaStatus(replica: Replica): Promise<Json> {
  const result = await replica.graphql(STATUS);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data.automationStatus;
}
