/**
 * Helpers of the Closed/Won automation suites: the runs of an opportunity and automationStatus read
 * through the gateway's API, a wait for a condition (polling, never a timed assertion), and the
 * Pub/Sub emulator's control surface (faults, counters, clock) on the Salesforce emulator.
 */
import { TestStack } from './test-stack';
import { Json } from './provisioning-helpers';

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
