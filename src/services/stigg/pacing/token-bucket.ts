/**
 * A token bucket in its GCRA form (the "virtual scheduling" algorithm): `capacity`
 * tokens, refilled continuously at one token every `intervalMs`, starting full.
 * Instead of refusing a call when the bucket is empty it gives the earliest
 * instant the call conforms (`earliest`) and the caller takes that instant
 * (`commit`) and waits for it, so callers queue in arrival order and the calls
 * released at the granted instants never exceed `capacity + elapsed / intervalMs`.
 *
 * State is one number, the theoretical arrival time (TAT) of the next call at
 * the sustained rate: a call at `t` conforms when `t >= TAT - tolerance`, with
 * `tolerance = (capacity - 1) * intervalMs`.
 */
export class TokenBucket {
  private tat = Number.NEGATIVE_INFINITY;
  private readonly toleranceMs: number;

  constructor(readonly capacity: number, readonly intervalMs: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) throw new RangeError('intervalMs must be a positive number');
    this.toleranceMs = (capacity - 1) * intervalMs;
  }

  /** A bucket holding `limit` calls per `windowMs`, bursts up to `limit` (less `headroom` tokens, at least 1). */
  static perWindow(limit: number, windowMs: number, headroom = 0): TokenBucket {
    if (!(limit > 0)) throw new RangeError('limit must be greater than 0');
    return new TokenBucket(Math.max(1, Math.floor(limit - headroom)), windowMs / limit);
  }

  /** The earliest instant >= `now` at which one more call conforms (reserves nothing). */
  earliest(now: number): number {
    return Math.max(now, this.tat - this.toleranceMs);
  }

  /** Takes the token of a call made at `at` (>= earliest(at)); `at` may lie in the future. */
  commit(at: number): void {
    this.tat = Math.max(this.tat, at) + this.intervalMs;
  }

  /** True when the bucket is full again at `now` (it can be forgotten: a new one is the same). */
  isIdle(now: number): boolean {
    return now >= this.tat;
  }
}
