import { RateLimiter } from '../../src/server/rate-limit/rate-limiter';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

describe('RateLimiter', () => {
  it('allows a burst, then refuses with a whole-second Retry-After', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 3, now: time.now });
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')]).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the sustained rate', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 1, now: time.now });
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('k').allowed).toBe(false);
    time.advance(499);
    expect(limiter.take('k').allowed).toBe(false);
    time.advance(1);
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('rounds Retry-After up to whole seconds for slow rates', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 0.1, burst: 1, now: time.now });
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    time.advance(7_500);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 3 });
  });

  it('keeps one bucket per key', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, now: time.now });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('never gives more than the burst after a long idle time', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 2, now: time.now });
    limiter.take('k');
    time.advance(3_600_000);
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')].map((v) => v.allowed)).toEqual([true, true, false]);
  });

  it('forgets buckets that have refilled completely', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 2, now: time.now });
    for (let i = 0; i < 100; i += 1) limiter.take(`key-${i}`);
    expect(limiter.size).toBe(100);
    time.advance(2_000); // a full refill of a 2-token bucket at 1/s
    limiter.take('fresh');
    expect(limiter.size).toBe(1);
  });

  it('keeps at most maxKeys, forgetting the least recently seen', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, now: time.now, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    limiter.take('a'); // a is now the most recently seen (and refused)
    limiter.take('d');
    expect(limiter.size).toBe(3);
    expect(limiter.take('a').allowed).toBe(false); // still tracked
    expect(limiter.take('b').allowed).toBe(true); // forgotten, so a new bucket
  });

  it('refuses nonsensical settings', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
