/**
 * A token bucket of `capacity` tokens, one token given back every `intervalMs`, as GCRA (the
 * generic cell rate algorithm): the whole state of a key is one number, its theoretical arrival
 * time `tat` (ms), the instant the bucket would be full again. A call conforms when
 * `max(tat, now) - now <= (capacity - 1) * intervalMs`, and then moves `tat` to
 * `max(tat, now) + intervalMs`. In any interval of length L the calls that conform are at most
 * `capacity + L / intervalMs`: the bucket's bound. An idle key is a full bucket, so a key whose
 * `tat` has passed is the same as no key (and may be forgotten).
 */
export interface TokenBucketShape {
  capacity: number;
  intervalMs: number;
}

/** A bucket per key: `take` takes a token and answers 0, or takes nothing and answers the ms until one is there. */
export interface TokenBuckets {
  take(key: string): Promise<number>;
}

/** How far (ms) a key's `tat` may be ahead of now for a call to conform: the bucket's capacity less one, in intervals. */
export function toleranceMs(shape: TokenBucketShape): number {
  return (shape.capacity - 1) * shape.intervalMs;
}

/** GCRA's step for one call at `now` on a key whose state is `tat` (null: no state, a full bucket). */
export function conform(tat: number | null, now: number, shape: TokenBucketShape): { tat: number; waitMs: number } {
  const start = Math.max(tat ?? now, now);
  const waitMs = start - toleranceMs(shape) - now;
  if (waitMs > 0) return { tat: start, waitMs };
  return { tat: start + shape.intervalMs, waitMs: 0 };
}

/** The bucket for `limit` calls per `windowMs`, less `headroom` tokens of its capacity; refilled at the limit's own rate. */
export function bucketFor(limit: number, windowMs: number, headroom: number): TokenBucketShape {
  return { capacity: Math.max(1, Math.floor(limit - headroom)), intervalMs: windowMs / limit };
}

/** Keys a memory bucket holds before it forgets those whose bucket is full again. */
const MAX_KEYS = 10_000;

/** Token buckets in this process's memory. */
export class MemoryTokenBuckets implements TokenBuckets {
  private readonly tats = new Map<string, number>();

  constructor(private readonly shape: TokenBucketShape, private readonly now: () => number = () => Date.now()) {}

  take(key: string): Promise<number> {
    return Promise.resolve(this.takeNow(key));
  }

  takeNow(key: string): number {
    const now = this.now();
    const step = conform(this.tats.get(key) ?? null, now, this.shape);
    if (step.waitMs > 0) return Math.ceil(step.waitMs);
    if (!this.tats.has(key) && this.tats.size >= MAX_KEYS) this.forgetFull(now);
    this.tats.set(key, step.tat);
    return 0;
  }

  private forgetFull(now: number): void {
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }
}
