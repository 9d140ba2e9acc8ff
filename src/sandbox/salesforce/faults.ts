/**
 * Fault injection and per-operation counters (src/sandbox/README.md: "Fault injection and counters").
 */

export const OPERATIONS = [
  'token',
  'identity',
  'versions',
  'resources',
  'query',
  'queryMore',
  'queryAll',
  'retrieve',
  'create',
  'update',
  'upsert',
  'delete',
  'collectionCreate',
  'collectionUpdate',
  'collectionUpsert',
  'collectionDelete',
  'collectionRetrieve',
  'describe',
  'describeGlobal',
  'limits',
] as const;

export type Operation = (typeof OPERATIONS)[number];

export const FAILURES = ['REQUEST_LIMIT_EXCEEDED', 'SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION', 'INVALID_SESSION_ID'] as const;
export type Failure = (typeof FAILURES)[number];

export interface FaultRuleInput {
  operation: Operation | '*';
  latencyMs?: number;
  errorRate?: number;
  failure?: Failure;
  times?: number;
  phase?: 'before' | 'after';
}

export interface FaultRule extends Required<Pick<FaultRuleInput, 'operation' | 'errorRate' | 'phase'>> {
  id: number;
  latencyMs: number;
  failure?: Failure;
  /** Remaining matching requests this rule applies to (undefined = unlimited). */
  remaining?: number;
}

/** What the server must do for one request, decided once when the request reaches its operation. */
export interface FaultDecision {
  latencyMs: number;
  failure?: Failure;
  phase: 'before' | 'after';
}

export class FaultValidationError extends Error {}

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** Adds a rule; returns it (with its id). Throws FaultValidationError for a bad rule. */
  add(input: FaultRuleInput): FaultRule {
    if (!input || typeof input !== 'object') throw new FaultValidationError('a fault rule must be a JSON object');
    const { operation, latencyMs = 0, errorRate = 1, failure, times, phase = 'before' } = input;
    if (operation !== '*' && !(OPERATIONS as readonly string[]).includes(operation)) {
      throw new FaultValidationError(`unknown operation '${String(operation)}'; expected one of *, ${OPERATIONS.join(', ')}`);
    }
    if (failure !== undefined && !(FAILURES as readonly string[]).includes(failure)) {
      throw new FaultValidationError(`unknown failure '${String(failure)}'; expected one of ${FAILURES.join(', ')}`);
    }
    if (typeof latencyMs !== 'number' || latencyMs < 0) throw new FaultValidationError('latencyMs must be a number >= 0');
    if (typeof errorRate !== 'number' || errorRate < 0 || errorRate > 1) throw new FaultValidationError('errorRate must be between 0 and 1');
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new FaultValidationError('times must be an integer >= 1');
    if (phase !== 'before' && phase !== 'after') throw new FaultValidationError("phase must be 'before' or 'after'");
    if (failure === undefined && latencyMs === 0) throw new FaultValidationError('a rule needs a failure or a latencyMs');
    const rule: FaultRule = { id: this.nextId++, operation, latencyMs, errorRate, failure, phase, remaining: times };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * Consumes the rules matching one request: latencies add up; the first matching failing rule whose
   * error-rate draw hits decides the failure. A rule with `times` counts every matching request.
   */
  decide(operation: Operation, random: () => number = Math.random): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, phase: 'before' };
    for (const rule of this.rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.remaining !== undefined) {
        if (rule.remaining <= 0) continue;
        rule.remaining--;
      }
      decision.latencyMs += rule.latencyMs;
      if (rule.failure && !decision.failure && random() < rule.errorRate) {
        decision.failure = rule.failure;
        decision.phase = rule.phase;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return decision;
  }
}

export class Counters {
  private counts = new Map<string, number>();

  increment(operation: Operation): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  /** Every known operation with its count (0 when never called). */
  snapshot(): Record<Operation, number> {
    const out = {} as Record<Operation, number>;
    for (const op of OPERATIONS) out[op] = this.counts.get(op) ?? 0;
    return out;
  }

  reset(): void {
    this.counts.clear();
  }
}
