import { GatewayError } from '../../errors/gateway-error';
import { StiggOperationError } from './operations';

/** Stigg's own "not found" codes: for a read, the answer is null, not an error. */
export const STIGG_NOT_FOUND_CODES = new Set(['CustomerNotFound', 'SubscriptionNotFound', 'CreditGrantNotFound', 'PlanNotFound', 'CustomCurrencyNotFound']);

interface SdkError { errorCode?: string; code?: string; message?: string; status?: number; networkError?: { statusCode?: number } }

/** The Stigg error code of whatever the SDK or StiggOperations threw. */
export function stiggErrorCode(err: unknown): string {
  if (err instanceof StiggOperationError) return err.code;
  const e = (err ?? {}) as SdkError;
  return e.errorCode ?? e.code ?? 'UNKNOWN';
}

/**
 * A GatewayError with `extensions.service = 'stigg'` and a stable code. The
 * message names Stigg's error code, never the raw payload.
 */
export function toStiggError(err: unknown, operation: string): GatewayError {
  if (err instanceof GatewayError) return err;
  const code = stiggErrorCode(err);
  const extensions = { service: 'stigg', operation, upstreamCode: code };
  const status = err instanceof StiggOperationError ? err.status : ((err as SdkError)?.networkError?.statusCode ?? 0);
  const message = (err as Error)?.message ?? '';
  if (status === 429 || code === 'RateLimitExceeded' || /429|rate limit/i.test(message)) {
    return new GatewayError('UPSTREAM_RATE_LIMITED', 'Stigg is rate limiting the gateway; try again shortly.', extensions);
  }
  if (status >= 500 || ['NETWORK_ERROR', 'TIMEOUT', 'RequestTimeout', 'UnexpectedError', 'INVALID_RESPONSE'].includes(code)
    || /ECONNRE|socket hang up|fetch failed|timeout|Network error|50[0-9]/i.test(message)) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', `Stigg is unavailable (${code}).`, extensions);
  }
  if (code === 'Unauthenticated') {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'Stigg refused the gateway\'s API key (Unauthenticated).', extensions);
  }
  // The SDK gives every business rejection Stigg's errorCode; an SDK error without one
  // is an HTTP 500 or a transport failure, whose outcome is unknown.
  const fromSdk = !(err instanceof StiggOperationError);
  const sdkCode = (err as SdkError | null)?.errorCode;
  if (fromSdk && (sdkCode === undefined || sdkCode === null || sdkCode === '')) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'Stigg failed to answer the request (server error).', extensions);
  }
  return new GatewayError('UPSTREAM_REJECTED', `Stigg rejected the request (${code}).`, extensions);
}

/** True when a write may or may not have happened: look before writing again. */
export function isUncertainOutcome(err: unknown): boolean {
  if (err instanceof GatewayError) return err.code === 'UPSTREAM_UNAVAILABLE' || err.code === 'UPSTREAM_RATE_LIMITED';
  const g = toStiggError(err, 'classify');
  return g.code === 'UPSTREAM_UNAVAILABLE' || g.code === 'UPSTREAM_RATE_LIMITED';
}
