import { RateLimiter } from '../../src/server/rate-limit/rate-limiter';

/** rate-limiter-flexible's memory store reads Date.now and sets timers: jest's fake clock drives both. */
beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('RateLimiter (rate-limiter-flexible, in memory)', () => {
  it('allows a burst, then refuses with a whole-second Retry-After until the window ends', async () => {
    // 3 requests per 1.5 s window
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 3 });
    expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k')]).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(await limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    jest.advanceTimersByTime(1_000);
    expect(await limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    jest.advanceTimersByTime(500);
    expect((await limiter.take('k')).allowed).toBe(true);
  });

  it('serves the sustained rate', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 1 });
    expect((await limiter.take('k')).allowed).toBe(true);
    expect((await limiter.take('k')).allowed).toBe(false);
    jest.advanceTimersByTime(499);
    expect((await limiter.take('k')).allowed).toBe(false);
    jest.advanceTimersByTime(1);
    expect((await limiter.take('k')).allowed).toBe(true);
  });

  it('rounds Retry-After up to whole seconds for slow rates', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 0.1, burst: 1 });
    await limiter.take('k');
    expect(await limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    jest.advanceTimersByTime(7_500);
    expect(await limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 3 });
  });

  it('keeps one budget per key', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 });
    expect((await limiter.take('a')).allowed).toBe(true);
    expect((await limiter.take('a')).allowed).toBe(false);
    expect((await limiter.take('b')).allowed).toBe(true);
  });

  it('never gives more than the burst after a long idle time', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 2 });
    await limiter.take('k');
    jest.advanceTimersByTime(3_600_000);
    expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k')].map((v) => v.allowed)).toEqual([true, true, false]);
  });

  it('two limiters on one memory store are still separate budgets (one replica each)', async () => {
    const a = new RateLimiter({ ratePerSecond: 1, burst: 1 });
    const b = new RateLimiter({ ratePerSecond: 1, burst: 1 });
    expect((await a.take('k')).allowed).toBe(true);
    expect((await b.take('k')).allowed).toBe(true);
  });

  it('refuses nonsensical settings', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ ratePerSecond: 1, burst: 1.5 })).toThrow(RangeError);
  });
});
