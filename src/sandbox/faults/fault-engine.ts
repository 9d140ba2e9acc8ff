/**
 * The fault-injection engine and per-operation counters shared by every emulator (the contract is
 * in src/sandbox/README.md, "Fault injection and counters"). An emulator gives the engine its own
 * failure names (and, if it has a closed set, its operation names); what a failure looks like on the
 * wire stays in the emulator (salesforce/faults.ts, stigg/faults.ts).
 */

export type FaultPhase = 'before' | 'after';

/** A rule as POST /__sandbox/faults takes it. A null field is the same as a missing one. */
export interface FaultRuleInput<F extends string = string, O extends string = string> {
  /** an operation name (the counters' names), or `*` for every operation */
  operation: O | '*';
  /** delay added before answering */
  latencyMs?: number | null;
  /** probability (0..1) that a matching request fails; default 1 */
  errorRate?: number | null;
  failure?: F | null;
  /** the rule applies to the next N matching requests only; default unlimited */
  times?: number | null;
  /** `before` (default): fail without doing anything; `after`: do the work, commit it, then fail */
  phase?: FaultPhase | null;
}

export interface FaultRule<F extends string = string, O extends string = string> {
  id: number;
  operation: O | '*';
  latencyMs: number;
  errorRate: number;
  failure: F | null;
  phase: FaultPhase;
  /** matching requests this rule still applies to; null = unlimited */
  remaining: number | null;
}

/** What the server must do for one request, decided once when the request reaches its operation(s). */
export interface FaultDecision<F extends string = string> {
  latencyMs: number;
  failure: F | null;
  phase: FaultPhase;
}

/** An invalid rule (the emulators answer 400). */
export class FaultRuleError extends Error {}

export interface FaultEngineOptions<F extends string, O extends string> {
  /** the emulator's failure names */
  failures: readonly F[];
  /** the emulator's operation names when it has a closed set (rules naming another are refused); omitted = any name */
  operations?: readonly O[];
}

export class FaultEngine<F extends string = string, O extends string = string> {
  private rules: FaultRule<F, O>[] = [];
  private nextId = 1;

  constructor(private readonly kinds: FaultEngineOptions<F, O>) {}

  /** Adds a rule; returns a copy of it (with its id). Throws FaultRuleError for an invalid rule. */
  add(input: FaultRuleInput<F, O>): FaultRule<F, O> {
    const rule = this.parse(input);
    this.rules.push(rule);
    return { ...rule };
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule<F, O>[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * Consumes the rules matching a request that reaches the given operations: each matching rule
   * with uses left is consumed once (however many of the operations it matches); latencies add up;
   * the first matching rule with a failure whose error-rate draw hits decides the failure and phase.
   */
  decide(operations: readonly string[], random: () => number = Math.random): FaultDecision<F> {
    const decision: FaultDecision<F> = { latencyMs: 0, failure: null, phase: 'before' };
    for (const rule of this.rules) {
      if (rule.operation !== '*' && !operations.includes(rule.operation)) continue;
      if (rule.remaining !== null) {
        if (rule.remaining <= 0) continue;
        rule.remaining -= 1;
      }
      decision.latencyMs += rule.latencyMs;
      if (rule.failure !== null && decision.failure === null && random() < rule.errorRate) {
        decision.failure = rule.failure;
        decision.phase = rule.phase;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return decision;
  }

  private parse(input: FaultRuleInput<F, O>): FaultRule<F, O> {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new FaultRuleError('a fault rule must be a JSON object');
    const { operation } = input;
    const { operations, failures } = this.kinds;
    if (typeof operation !== 'string' || operation.length === 0) {
      throw new FaultRuleError(`operation is required (an operation name or "*")`);
    }
    if (operations && operation !== '*' && !(operations as readonly string[]).includes(operation)) {
      throw new FaultRuleError(`unknown operation '${operation}'; expected one of *, ${operations.join(', ')}`);
    }
    const failure = input.failure ?? null;
    if (failure !== null && !(failures as readonly string[]).includes(failure)) {
      throw new FaultRuleError(`unknown failure '${String(failure)}'; expected one of ${failures.join(', ')}`);
    }
    const latencyMs = input.latencyMs ?? 0;
    if (typeof latencyMs !== 'number' || latencyMs < 0) throw new FaultRuleError('latencyMs must be a number >= 0');
    const errorRate = input.errorRate ?? 1;
    if (typeof errorRate !== 'number' || errorRate < 0 || errorRate > 1) throw new FaultRuleError('errorRate must be between 0 and 1');
    const times = input.times ?? null;
    if (times !== null && (!Number.isInteger(times) || times < 1)) throw new FaultRuleError('times must be an integer >= 1');
    const phase = input.phase ?? 'before';
    if (phase !== 'before' && phase !== 'after') throw new FaultRuleError('phase must be "before" or "after"');
    if (failure === null && latencyMs === 0) throw new FaultRuleError('a rule needs a failure or a latencyMs');
    return { id: this.nextId++, operation, latencyMs, errorRate, failure, phase, remaining: times };
  }
}

/** Requests per operation, failed or not. */
export class OperationCounters<O extends string = string> {
  private counts = new Map<string, number>();

  /** @param known operations listed with 0 in a snapshot even when never called; omitted = only those called */
  constructor(private readonly known?: readonly O[]) {}

  increment(operation: O): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  snapshot(): Record<O, number> {
    if (!this.known) return Object.fromEntries(this.counts) as Record<O, number>;
    const out = {} as Record<O, number>;
    for (const op of this.known) out[op] = this.counts.get(op) ?? 0;
    return out;
  }

  reset(): void {
    this.counts.clear();
  }
}
