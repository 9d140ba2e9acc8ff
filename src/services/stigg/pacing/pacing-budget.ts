import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { FixedWindow, RateLimitStore } from './rate-limit-store';

/**
 * A burst is spent at most once per this many windows: the rest of the limit is the sustained rate.
 * The longer, the closer the sustained rate comes to Stigg's (1 - 1/40 of the burst).
 */
export const BURST_REFRESH_WINDOWS = 40;

export interface PacingBudgetOptions {
  /** Calls per window Stigg allows (the whole limit; PostgreSQL holds it for every replica). */
  limit: number;
  windowMs: number;
  /** Calls per window this replica may make alone: in memory, or while PostgreSQL fails. */
  localLimit: number;
  /** Tokens kept back for jitter between releasing a call and Stigg counting it. */
  headroom: (limit: number) => number;
}

/** The windows of one limit: a steady flow of a few calls per short window, and a burst. */
interface Windows {
  sustained: FixedWindow;
  burst: FixedWindow | null;
}

/**
 * One of Stigg's limits ("N calls per window", enforced by Stigg as we assume a token bucket of N
 * refilled at N per window) as rate-limiter-flexible's fixed windows, which never send more
 * than such a bucket allows, even at a window's edge:
 *
 * - sustained: `p` calls (1 or 2) per short window, at the rate left after the burst;
 * - burst: `B` calls at once, spendable only during the first `windowMs` of a burst period of
 *   BURST_REFRESH_WINDOWS windows (a burst call later in the period is given back), so two
 *   bursts are never back to back.
 *
 * In any interval of length L this sends at most `B (1 + 1/K) + 2p + L N / windowMs` calls; `B` is
 * the largest whole number keeping that within `N - headroom + L N / windowMs` (a bucket of N
 * allows `N + L N / windowMs`). So a replica starting on a quiet budget sends ~N - headroom
 * calls at once, then the rest at ~97.5% of N per window.
 */
export class PacingBudget {
  private readonly sustained: RateLimiterAbstract;
  private readonly burst: RateLimiterAbstract | null;
  private readonly burstUsableMs: number;
  private readonly burstPeriodMs: number;

  constructor(store: RateLimitStore, prefix: string, options: PacingBudgetOptions) {
    const shared = windowsFor(options.limit, options.windowMs, options.headroom(options.limit));
    const local = windowsFor(options.localLimit, options.windowMs, options.headroom(options.localLimit));
    this.sustained = store.limiter(`${prefix}:s`, shared.sustained, local.sustained);
    const burst = store.shared ? shared.burst : local.burst;
    this.burst = burst ? store.limiter(`${prefix}:b`, burst, local.burst ?? { points: 0, durationMs: burst.durationMs }) : null;
    this.burstUsableMs = options.windowMs;
    this.burstPeriodMs = options.windowMs * BURST_REFRESH_WINDOWS;
  }

  /** Takes a call's token for `key` and answers 0, or takes nothing and answers how long (ms) until the next may be there. */
  async take(key: string): Promise<number> {
    const sustained = await attempt(this.sustained, key);
    if (sustained.granted) return 0;
    if (this.burst) {
      const burst = await attempt(this.burst, key);
      if (burst.granted) {
        if (this.burstPeriodMs - burst.msBeforeNext <= this.burstUsableMs) return 0;
        await this.burst.reward(key, 1).catch(() => undefined); // too late in the period: given back
      }
    }
    return Math.max(1, sustained.msBeforeNext);
  }
}

async function attempt(limiter: RateLimiterAbstract, key: string): Promise<{ granted: boolean; msBeforeNext: number }> {
  try {
    const res = await limiter.consume(key);
    return { granted: true, msBeforeNext: res.msBeforeNext };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { granted: false, msBeforeNext: rejection.msBeforeNext };
    throw rejection;
  }
}

/** The sustained and burst windows of `limit` calls per `windowMs`, less `headroom`. */
export function windowsFor(limit: number, windowMs: number, headroom: number): Windows {
  const capacity = Math.max(1, Math.floor(limit - headroom));
  const p = capacity >= 8 ? 2 : 1;
  const burstPoints = Math.max(0, Math.floor((capacity - 2 * p) / (1 + 1 / BURST_REFRESH_WINDOWS)));
  const periodMs = windowMs * BURST_REFRESH_WINDOWS;
  const sustainedPerMs = limit / windowMs - burstPoints / periodMs;
  return {
    sustained: { points: p, durationMs: Math.ceil(p / sustainedPerMs) },
    burst: burstPoints > 0 ? { points: burstPoints, durationMs: periodMs } : null,
  };
}
