import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitStore } from '../../services/stigg/pacing';

export interface RateLimiterOptions {
  /** The sustained rate per key (GATEWAY_RATE_LIMIT_PER_SECOND). */
  ratePerSecond: number;
  /** Requests a key may make at once (GATEWAY_RATE_LIMIT_BURST). */
  burst: number;
  /** Where the counters are: PostgreSQL (every replica shares a key's budget) or memory (default). */
  store?: RateLimitStore;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The per-key limit of the HTTP edge, on rate-limiter-flexible: a fixed window of `burst`
 * requests per `burst / ratePerSecond` seconds for each principal id, starting at the key's
 * first request. The sustained rate is `ratePerSecond`; a key may spend its window's requests
 * at once (at a window's edge, up to twice `burst` in a short time).
 *
 * With a PostgreSQL store (DATABASE_URL) the window is one row per key in the journal's
 * database, so a key has one budget across every replica; if PostgreSQL fails or is slow
 * (over 2 s), each replica counts in its own memory until it answers again (insurance limiter).
 * In memory, rate-limiter-flexible forgets a key when its window ends.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be greater than 0');
    if (!(options.burst >= 1) || !Number.isInteger(options.burst)) throw new RangeError('burst must be a whole number, at least 1');
    const window = { points: options.burst, durationMs: (options.burst / options.ratePerSecond) * 1000 };
    this.limiter = (options.store ?? RateLimitStore.memory()).limiter('api-key', window);
  }

  /** Takes one request from `key`'s window, or says how many whole seconds until the next window. */
  async take(key: string): Promise<RateLimitVerdict> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }
}
