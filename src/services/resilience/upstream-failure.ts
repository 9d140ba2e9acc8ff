import { TaskCancelledError } from 'cockatiel';
import { GatewayError } from '../../errors/gateway-error';

/**
 * What a failed upstream call says about the upstream:
 * - `quota-exhausted`: Salesforce's 403 REQUEST_LIMIT_EXCEEDED, the org's daily
 *   or concurrent request quota. Never retried; opens the breaker at once.
 * - `rate-limited`: any other 429 that survived the client's own retries.
 * - `unavailable`: 5xx, timeouts, connection errors.
 * - `rejected`: the upstream answered and said no (4xx business rejections),
 *   or the error is not about the upstream at all. Says nothing about its health.
 */
export type UpstreamFailureKind = 'quota-exhausted' | 'rate-limited' | 'unavailable' | 'rejected';

const CONNECTION_CODES = /^(ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|ESOCKETTIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR|SERVER_UNAVAILABLE)/;
const CONNECTION_MESSAGES = /socket hang up|fetch failed|network ?error|other side closed|ECONNRESET|ECONNREFUSED/i;

interface ErrorShape {
  errorCode?: unknown;
  code?: unknown;
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  status?: unknown;
  /** Apollo Client (inside the Stigg SDK) puts HTTP failures here. */
  networkError?: { statusCode?: unknown; status?: unknown } | null;
}

/**
 * Classifies what a client threw: GatewayErrors by their code (the Salesforce
 * and Stigg services map their clients' errors before they leave), and raw
 * jsforce / Stigg SDK / fetch errors by status and error code.
 */
export function classifyUpstreamFailure(error: unknown): UpstreamFailureKind {
  if (error instanceof GatewayError) {
    if (error.extensions.shed) return 'rejected'; // refused by the gateway itself (quota guard), upstream never called
    if (error.code === 'UPSTREAM_RATE_LIMITED') {
      return error.extensions.upstreamCode === 'REQUEST_LIMIT_EXCEEDED' ? 'quota-exhausted' : 'rate-limited';
    }
    return error.code === 'UPSTREAM_UNAVAILABLE' ? 'unavailable' : 'rejected';
  }
  if (error instanceof TaskCancelledError) return 'unavailable';
  if (typeof error !== 'object' || error === null) return 'rejected';
  const e = error as ErrorShape;
  if (e.errorCode === 'REQUEST_LIMIT_EXCEEDED') return 'quota-exhausted';
  const status = httpStatusOf(e);
  if (status === 429) return 'rate-limited';
  if (status !== undefined && status >= 500) return 'unavailable';
  if (status !== undefined) return 'rejected';
  const codes = [e.errorCode, e.code, e.name].filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => CONNECTION_CODES.test(c))) return 'unavailable';
  if (e.networkError) return 'unavailable';
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return 'unavailable';
  return 'rejected';
}

function httpStatusOf(e: ErrorShape): number | undefined {
  for (const candidate of [e.statusCode, e.status, e.networkError?.statusCode, e.networkError?.status]) {
    if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) return candidate;
  }
  // jsforce names HTTP failures without a Salesforce error body ERROR_HTTP_<status>.
  const match = typeof e.errorCode === 'string' ? /^ERROR_HTTP_(\d{3})$/.exec(e.errorCode) : null;
  return match ? Number(match[1]) : undefined;
}
