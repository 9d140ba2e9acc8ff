import { TokenBucket } from '../../src/services/stigg/pacing';

/** One call through the bucket as StiggPacer makes it: the earliest conforming instant, committed; returns the wait. */
function reserve(bucket: TokenBucket, now: number): number {
  const at = bucket.earliest(now);
  bucket.commit(at);
  return at - now;
}

/** Replays `calls` through a bucket with capacity C and interval T the way a server would (refuse when empty). */
function serverAccepts(capacity: number, intervalMs: number, arrivals: number[]): boolean {
  let tokens = capacity;
  let last = arrivals[0] ?? 0;
  for (const t of arrivals) {
    tokens = Math.min(capacity, tokens + (t - last) / intervalMs);
    last = t;
    if (tokens < 1 - 1e-9) return false;
    tokens -= 1;
  }
  return true;
}

describe('TokenBucket (GCRA reservations)', () => {
  it('starts full: a burst of `capacity` calls waits for nothing, the next one waits one interval', () => {
    const bucket = new TokenBucket(3, 100);
    expect([reserve(bucket, 0), reserve(bucket, 0), reserve(bucket, 0)]).toEqual([0, 0, 0]);
    expect(reserve(bucket, 0)).toBe(100);
    expect(reserve(bucket, 0)).toBe(200);
  });

  it('refills continuously at one token per interval, up to capacity', () => {
    const bucket = new TokenBucket(2, 50);
    reserve(bucket, 0);
    reserve(bucket, 0);
    expect(bucket.earliest(0)).toBe(50);
    expect(bucket.earliest(49)).toBe(50);
    expect(bucket.earliest(50)).toBe(50);
    expect(bucket.isIdle(99)).toBe(false);
    expect(bucket.isIdle(100)).toBe(true);
    expect([reserve(bucket, 10_000), reserve(bucket, 10_000), reserve(bucket, 10_000)]).toEqual([0, 0, 50]);
  });

  it('perWindow: `limit` calls per window, bursts reduced by the headroom', () => {
    const bucket = TokenBucket.perWindow(250, 60_000, 5);
    expect(bucket.capacity).toBe(245);
    expect(bucket.intervalMs).toBe(240);
  });

  it('queued reservations are granted in order at the sustained rate', () => {
    const bucket = new TokenBucket(1, 10);
    const delays = Array.from({ length: 5 }, () => reserve(bucket, 1_000));
    expect(delays).toEqual([0, 10, 20, 30, 40]);
  });

  it('the granted instants always conform to a server-side bucket with the same limits', () => {
    const bucket = TokenBucket.perWindow(30, 6_000);
    const arrivals: number[] = [];
    let now = 0;
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 48271) % 2147483647;
      now += seed % 150; // callers arriving irregularly, often faster than the limit
      arrivals.push(now + reserve(bucket, now));
    }
    arrivals.sort((a, b) => a - b);
    expect(serverAccepts(30, 200, arrivals)).toBe(true);
    // and it is not slower than the limit allows: 500 calls, 30 at once then one per 200 ms
    expect(arrivals[arrivals.length - 1]).toBeLessThanOrEqual(Math.max(now, (500 - 30) * 200) + 200);
  });

  it('a call committed in the future takes its token at that instant, and later callers queue behind it (FIFO)', () => {
    const bucket = new TokenBucket(2, 100);
    bucket.commit(1_000);
    expect(bucket.earliest(0)).toBe(1_000);
    bucket.commit(1_000);
    expect(bucket.earliest(0)).toBe(1_100);
    expect(bucket.isIdle(1_199)).toBe(false);
    expect(bucket.isIdle(1_200)).toBe(true);
  });

  it('rejects nonsense', () => {
    expect(() => new TokenBucket(0, 10)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0)).toThrow(RangeError);
    expect(() => TokenBucket.perWindow(0, 1000)).toThrow(RangeError);
  });
});
