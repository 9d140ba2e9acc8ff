/**
 * When a FAILED run with a retryable error is asked again: 1 min, 5 min, 30 min, 2 h and 12 h
 * after each failed attempt; after the fifth retry fails too, the run needs a person (NEEDS_ATTENTION).
 */
export const RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];

/** Errors that may pass by themselves: an upstream down or timing out, or rate limiting the gateway. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED', 'REQUEST_TIMEOUT']);

export function isRetryableCode(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && RETRYABLE_CODES.has(code);
}

/** How long after a failed attempt (its `attempts`, counted from 1) the next one is due; null when the retries are spent. */
export function retryDelayAfter(attempts: number): number | null {
  return RETRY_DELAYS_MS[attempts - 1] ?? null;
}
