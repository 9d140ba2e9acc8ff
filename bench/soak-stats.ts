/** Small statistics for the soak: latency percentiles, outcome counts, memory trend. */

export class Tally {
  private readonly durations = new Map<string, number[]>();
  private readonly outcomes = new Map<string, Map<string, number>>();

  record(kind: string, outcome: string, ms: number): void {
    const list = this.durations.get(kind) ?? [];
    list.push(ms);
    this.durations.set(kind, list);
    const byOutcome = this.outcomes.get(kind) ?? new Map<string, number>();
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    this.outcomes.set(kind, byOutcome);
  }

  get total(): number {
    let n = 0;
    for (const list of this.durations.values()) n += list.length;
    return n;
  }

  summary(): Record<string, { count: number; p50Ms: number; p95Ms: number; p99Ms: number; outcomes: Record<string, number> }> {
    const out: ReturnType<Tally['summary']> = {};
    for (const [kind, list] of [...this.durations].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
      out[kind] = {
        count: sorted.length,
        p50Ms: at(0.5),
        p95Ms: at(0.95),
        p99Ms: at(0.99),
        outcomes: Object.fromEntries([...(this.outcomes.get(kind) ?? new Map<string, number>())].sort(([, a], [, b]) => b - a)),
      };
    }
    return out;
  }
}

export interface MemorySample {
  /** Seconds since the soak started. */
  t: number;
  heapUsedBytes: number;
  rssBytes: number;
}

/** Least-squares slope of y over t. */
export function slope(points: Array<{ t: number; y: number }>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanT = points.reduce((s, p) => s + p.t, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - meanT) * (p.y - meanY);
    den += (p.t - meanT) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Live-heap growth after warm-up. The samples are taken right after a full
 * garbage collection (the soak's GC probe), so they measure what is retained:
 * the median of the first three samples after warm-up against the median of
 * the last three, and the least-squares trend over all of them.
 */
export function heapGrowth(samples: MemorySample[], warmupSeconds: number): {
  baselineMb: number; finalMb: number; growthMb: number; trendMbPerMinute: number; samples: number;
} {
  const steady = samples.filter((s) => s.t >= warmupSeconds);
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  if (steady.length < 4) return { baselineMb: 0, finalMb: 0, growthMb: 0, trendMbPerMinute: 0, samples: steady.length };
  const median = (list: MemorySample[]) => [...list.map((s) => s.heapUsedBytes)].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const n = Math.min(3, Math.floor(steady.length / 2));
  const baseline = median(steady.slice(0, n));
  const final = median(steady.slice(-n));
  return {
    baselineMb: mb(baseline),
    finalMb: mb(final),
    growthMb: mb(final - baseline),
    trendMbPerMinute: mb(slope(steady.map((s) => ({ t: s.t, y: s.heapUsedBytes }))) * 60),
    samples: steady.length,
  };
}
