export interface RateLimiterOptions {
  /** Tokens added per second to each key's bucket (the sustained rate). */
  ratePerSecond: number;
  /** Bucket size: requests a key may make at once after being idle. */
  burst: number;
  /** Milliseconds clock; injected in tests. */
  now?: () => number;
  /** Most keys tracked at once; beyond it the least recently seen key is forgotten. */
  maxKeys?: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per principal id, in this process's memory.
 *
 * Several gateway replicas each keep their own buckets, so a key gets the
 * rate once per replica: a deployment with more than one replica needs a
 * shared store (e.g. Redis) behind this same `take` interface.
 *
 * Memory stays bounded: buckets are kept in least-recently-used order, a
 * bucket idle long enough to have refilled completely is indistinguishable
 * from a new one and is dropped, and past `maxKeys` the least recently seen
 * key is forgotten (it gets a full bucket if it comes back).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly refillMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be greater than 0');
    if (!(options.burst >= 1)) throw new RangeError('burst must be at least 1');
    if (options.maxKeys !== undefined && !(options.maxKeys >= 1)) throw new RangeError('maxKeys must be at least 1');
    this.ratePerMs = options.ratePerSecond / 1000;
    this.refillMs = options.burst / this.ratePerMs;
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes one token from `key`'s bucket, or says how many whole seconds until one is there. */
  take(key: string): RateLimitVerdict {
    const now = this.now();
    const bucket = this.refilled(key, now);
    this.buckets.set(key, bucket);
    this.forgetIdle(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitMs = (1 - bucket.tokens) / this.ratePerMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Keys currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.options.burst, updatedAt: now };
    this.buckets.delete(key); // re-inserted by the caller: most recently used last
    const elapsed = Math.max(0, now - bucket.updatedAt);
    return { tokens: Math.min(this.options.burst, bucket.tokens + elapsed * this.ratePerMs), updatedAt: now };
  }

  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const full = now - bucket.updatedAt >= this.refillMs;
      if (!full && this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
