import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { FixedWindow, RateLimitStore } from './rate-limit-store';

/**
 * A burst is spent at most once per this many windows: the rest of the limit is the sustained rate.
 * The longer, the closer the sustained rate comes to Stigg's (1 - 1/40 of the burst).
 */
export const BURST_REFRESH_WINDOWS = 40;

/** Keys whose closed burst this replica remembers (busy customers); past it the expired ones are forgotten. */
const MAX_CLOSED_KEYS = 10_000;

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
 * - sustained: `p` calls (1 to 8, ~1/64 of the limit) per short window, at the rate left after the burst;
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
  /** Per key: until when (ms clock) this replica knows the burst is spent or past its usable part; no store call for it until then. */
  private readonly burstClosed = new Map<string, number>();

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
    if (this.burst && !this.knownClosed(key)) {
      const burst = await attempt(this.burst, key);
      if (burst.granted && this.burstPeriodMs - burst.msBeforeNext <= this.burstUsableMs) return 0;
      if (burst.granted) await this.burst.reward(key, 1).catch(() => undefined); // too late in the period: given back
      if (this.burstClosed.size >= MAX_CLOSED_KEYS) this.forgetReopened();
      this.burstClosed.set(key, Date.now() + burst.msBeforeNext);
    }
    return Math.max(1, sustained.msBeforeNext);
  }

  private forgetReopened(): void {
    const now = Date.now();
    for (const [key, until] of this.burstClosed) if (until <= now) this.burstClosed.delete(key);
    if (this.burstClosed.size >= MAX_CLOSED_KEYS) this.burstClosed.clear(); // only costs store calls
  }

  private knownClosed(key: string): boolean {
    const until = this.burstClosed.get(key);
    if (until === undefined) return false;
    if (Date.now() < until) return true;
    this.burstClosed.delete(key);
    return false;
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
  // calls per sustained window: windows of ~1/64 of the limit, so the time between one window's end and
  // the next one's first call (a wake-up and a store round trip) costs little of the rate
  const p = Math.min(8, Math.max(1, Math.round(capacity / 64)));
  const burstPoints = Math.max(0, Math.floor((capacity - 2 * p) / (1 + 1 / BURST_REFRESH_WINDOWS)));
  const periodMs = windowMs * BURST_REFRESH_WINDOWS;
  const sustainedPerMs = limit / windowMs - burstPoints / periodMs;
  return {
    sustained: { points: p, durationMs: Math.ceil(p / sustainedPerMs) },
    burst: burstPoints > 0 ? { points: burstPoints, durationMs: periodMs } : null,
  };
}
