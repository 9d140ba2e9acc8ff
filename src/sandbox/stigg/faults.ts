/** Fault injection and per-operation counters (the contract is in src/sandbox/README.md). */

export const STIGG_FAILURES = ['RATE_LIMITED', 'SERVER_ERROR', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION'] as const;
export type StiggFailure = (typeof STIGG_FAILURES)[number];

export interface FaultRuleInput {
  /** an operation name (a GraphQL root field, or `graphql` for every request), or `*` */
  operation: string;
  latencyMs?: number;
  /** probability (0..1) that a matching request fails; default 1 */
  errorRate?: number;
  failure?: StiggFailure;
  /** the rule applies to the next N matching requests only; default unlimited */
  times?: number;
  /** `before` (default): fail without doing anything; `after`: do the work, commit it, then fail */
  phase?: 'before' | 'after';
}

export interface FaultRule extends Required<Pick<FaultRuleInput, 'operation' | 'errorRate' | 'phase'>> {
  id: number;
  latencyMs: number;
  failure: StiggFailure | null;
  /** remaining uses; null = unlimited */
  remaining: number | null;
}

export interface FaultDecision {
  latencyMs: number;
  failure: StiggFailure | null;
  phase: 'before' | 'after';
}

export class FaultInputError extends Error {}

export class StiggFaults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** Adds a rule; throws FaultInputError on an invalid rule. */
  add(input: FaultRuleInput): FaultRule {
    if (!input || typeof input.operation !== 'string' || input.operation.length === 0) {
      throw new FaultInputError('operation is required (an operation name or "*")');
    }
    if (input.failure !== undefined && input.failure !== null && !STIGG_FAILURES.includes(input.failure)) {
      throw new FaultInputError(`failure must be one of ${STIGG_FAILURES.join(', ')}`);
    }
    const errorRate = input.errorRate ?? 1;
    if (typeof errorRate !== 'number' || errorRate < 0 || errorRate > 1) throw new FaultInputError('errorRate must be between 0 and 1');
    const latencyMs = input.latencyMs ?? 0;
    if (typeof latencyMs !== 'number' || latencyMs < 0) throw new FaultInputError('latencyMs must be >= 0');
    if (input.times !== undefined && input.times !== null && (!Number.isInteger(input.times) || input.times < 1)) {
      throw new FaultInputError('times must be a positive integer');
    }
    const phase = input.phase ?? 'before';
    if (phase !== 'before' && phase !== 'after') throw new FaultInputError('phase must be "before" or "after"');
    if (!input.failure && !latencyMs) throw new FaultInputError('a rule needs a failure or a latencyMs');
    const rule: FaultRule = {
      id: this.nextId++,
      operation: input.operation,
      latencyMs,
      errorRate,
      failure: input.failure ?? null,
      phase,
      remaining: input.times ?? null,
    };
    this.rules.push(rule);
    return { ...rule };
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * Applies the rules to a request reaching the given operations: each matching rule with uses
   * left is consumed once; latencies add up; the first rule that fails (per its errorRate) decides.
   */
  decide(operations: string[]): FaultDecision {
    let latencyMs = 0;
    let failure: StiggFailure | null = null;
    let phase: 'before' | 'after' = 'before';
    for (const rule of this.rules) {
      if (rule.operation !== '*' && !operations.includes(rule.operation)) continue;
      if (rule.remaining !== null) {
        if (rule.remaining <= 0) continue;
        rule.remaining -= 1;
      }
      latencyMs += rule.latencyMs;
      if (rule.failure && failure === null && Math.random() < rule.errorRate) {
        failure = rule.failure;
        phase = rule.phase;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return { latencyMs, failure, phase };
  }
}

export class StiggCounters {
  private counts = new Map<string, number>();

  increment(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
