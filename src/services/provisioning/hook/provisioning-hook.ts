import { createHmac } from 'node:crypto';
import { GatewayError } from '../../../errors/gateway-error';

export interface HookResult {
  customerId: string | null;
  resourceId: string | null;
}

export interface HookConfig {
  url: string;
  secret: string | null;
  timeoutMs: number;
  /** Attempts in all (the hook gets the same Idempotency-Key every time). */
  attempts?: number;
}

/** `X-Signature: sha256=<hex HMAC of "<X-Signature-Timestamp>.<body>">` (docs/design.md, "Public names"). */
export function signHookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,254}$/;

/**
 * The reference page's custom step: a callout to the customer's own application
 * that provisions an account or workspace and may return the ids to use in Stigg.
 * Retried on network errors, timeouts, 429 and 5xx; every attempt carries the
 * run id as Idempotency-Key, so the application can make retries harmless.
 */
export async function callProvisioningHook(config: HookConfig, idempotencyKey: string, payload: unknown): Promise<HookResult> {
  const body = JSON.stringify(payload);
  const attempts = config.attempts ?? 3;
  let lastProblem = 'no attempt made';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
      'x-signature-timestamp': timestamp,
    };
    if (config.secret) headers['x-signature'] = signHookBody(config.secret, timestamp, body);
    try {
      const response = await fetch(config.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(config.timeoutMs) });
      if (response.ok) return parseHookResult(await response.text());
      lastProblem = `HTTP ${response.status}`;
      if (response.status !== 429 && response.status < 500) break;
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      lastProblem = (err as Error).name === 'TimeoutError' ? `no answer within ${config.timeoutMs} ms` : 'connection failed';
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, 250 * 2 ** (attempt - 1)));
  }
  throw new GatewayError('HOOK_FAILED', `The provisioning hook failed (${lastProblem}).`, { service: 'hook' });
}

function parseHookResult(text: string): HookResult {
  if (text.trim() === '') return { customerId: null, resourceId: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GatewayError('HOOK_FAILED', 'The provisioning hook answered with something that is not JSON.', { service: 'hook' });
  }
  const obj = (parsed ?? {}) as Record<string, unknown>;
  const pick = (name: string): string | null => {
    const value = obj[name];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw new GatewayError('HOOK_FAILED', `The provisioning hook returned an invalid ${name}.`, { service: 'hook' });
    }
    return value;
  };
  return { customerId: pick('customerId'), resourceId: pick('resourceId') };
}
