/**
 * A token bucket in its GCRA form (the "virtual scheduling" algorithm): `capacity`
 * tokens, refilled continuously at one token every `intervalMs`, starting full.
 * Instead of refusing a call when the bucket is empty it *reserves* the earliest
 * instant the call conforms and tells the caller how long to wait, so callers
 * queue in arrival order and the stream of calls a caller releases at the
 * granted instants never exceeds `capacity + elapsed / intervalMs`.
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

  /** Reserves one call: the delay in ms from `now` until it may be made. */
  reserve(now: number): number {
    const at = this.earliest(now);
    this.commit(at);
    return at - now;
  }

  /** Whole tokens left at `now` (0 while calls are queued). */
  available(now: number): number {
    if (this.tat === Number.NEGATIVE_INFINITY) return this.capacity;
    const left = Math.floor((now - (this.tat - this.toleranceMs)) / this.intervalMs) + 1;
    return Math.max(0, Math.min(this.capacity, left));
  }

  /** True when the bucket is full again at `now` (it can be forgotten: a new one is the same). */
  isIdle(now: number): boolean {
    return now >= this.tat;
  }
}
