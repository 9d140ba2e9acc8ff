import { RateLimitStore } from './rate-limit-store';
import { bucketFor, TokenBuckets } from './token-bucket';

export interface PacingBudgetOptions {
  /** Calls per window Stigg allows (the whole limit; PostgreSQL holds it for every replica). */
  limit: number;
  windowMs: number;
  /** Calls per window this replica may make alone: in memory, or while PostgreSQL fails. */
  localLimit: number;
  /** Tokens kept back for jitter between releasing a call and Stigg counting it. */
  headroom: (limit: number) => number;
}

/**
 * One of Stigg's limits ("N calls per window", enforced by Stigg as we assume a token bucket of N
 * refilled at N per window) as a token bucket per key (token-bucket.ts) of N less the headroom,
 * refilled at N per window: in any interval of length L it sends at most
 * `N - headroom + L N / windowMs` calls, where Stigg's bucket allows `N + L N / windowMs`. So a quiet
 * budget sends N - headroom calls at once and the rest at Stigg's own rate, and what a spike spent
 * comes back at that rate, as Stigg's bucket refills.
 */
export class PacingBudget {
  private readonly buckets: TokenBuckets;

  constructor(store: RateLimitStore, prefix: string, options: PacingBudgetOptions) {
    const shared = bucketFor(options.limit, options.windowMs, options.headroom(options.limit));
    const local = bucketFor(options.localLimit, options.windowMs, options.headroom(options.localLimit));
    this.buckets = store.tokenBuckets(prefix, shared, local);
  }

  /** Takes a call's token for `key` and answers 0, or takes nothing and answers how long (ms) until the next may be there. */
  take(key: string): Promise<number> {
    return this.buckets.take(key);
  }
}
