import { GatewayError } from '../../../errors/gateway-error';
import { PacingBudget } from './pacing-budget';
import { RateLimitStore } from './rate-limit-store';
import {
  STIGG_ENTITY_LIMIT, STIGG_ENTITY_LIMITED_OPERATIONS, STIGG_LIMIT_WINDOW_MS, STIGG_OPERATION_LIMITS,
} from './stigg-rate-limits';
import { TurnQueue } from './turn-queue';

export interface StiggPacerOptions {
  /** Where the budgets are counted: in memory (default) or in PostgreSQL, shared by every replica. */
  store?: RateLimitStore;
  /** The window the limits apply to; default 60,000 ms (Stigg's "per minute"). Benchmarks scale it down. */
  windowMs?: number;
  /**
   * Share of each limit this replica uses while its budgets are its own: counted in memory, or
   * PostgreSQL failing (STIGG_PACING_SHARE, deprecated). A shared store counts the whole limit; default 1.
   */
  share?: number;
  /** Calls per window by operation name; default STIGG_OPERATION_LIMITS. */
  operationLimits?: Readonly<Record<string, number>>;
  /** Calls per window per entity for STIGG_ENTITY_LIMITED_OPERATIONS; default 30. */
  entityLimit?: number;
  /**
   * Tokens of each bucket kept back for jitter between the instant a call is released here
   * and the instant Stigg counts it (event-loop lag, network): the larger of 2 tokens and
   * `jitterMs` worth of the limit's rate. Default 250 ms.
   */
  jitterMs?: number;
  /** A call that would wait longer fails with UPSTREAM_RATE_LIMITED; default 30,000 ms. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PacerStats {
  calls: number;
  delayed: number;
  refused: number;
  totalWaitMs: number;
  maxWaitMs: number;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Client-side pacing for Stigg: a budget per operation and one per entity (customer,
 * subscription, customer:resource) for the mutations Stigg limits per entity, so the gateway
 * waits its turn instead of bouncing off HTTP 429 (a 429 on a mutation the gateway sends
 * once would fail the provisioning step).
 *
 * The budgets are token buckets (PacingBudget) in a RateLimitStore: with
 * PostgreSQL every replica draws on one budget per limit, so together they stay within
 * Stigg's limits. `pace(operation, entity)` takes the entity's token, then the operation's;
 * callers of one budget wait their turn in arrival order within this replica, and a turn
 * sleeps until the budget says a token may be there. Call it before the upstream policy
 * (breaker and timeout) so waiting is neither a failure nor counted against the timeout.
 */
export class StiggPacer {
  private readonly operations = new Map<string, PacingBudget>();
  private readonly entities: PacingBudget;
  private readonly turns = new TurnQueue();
  private readonly store: RateLimitStore;
  private readonly windowMs: number;
  private readonly share: number;
  private readonly limits: Readonly<Record<string, number>>;
  private readonly jitterMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly counters: PacerStats = { calls: 0, delayed: 0, refused: 0, totalWaitMs: 0, maxWaitMs: 0 };

  constructor(options: StiggPacerOptions = {}) {
    this.store = options.store ?? RateLimitStore.memory();
    this.windowMs = options.windowMs ?? STIGG_LIMIT_WINDOW_MS;
    this.share = options.share ?? 1;
    this.limits = options.operationLimits ?? STIGG_OPERATION_LIMITS;
    const entityLimit = options.entityLimit ?? STIGG_ENTITY_LIMIT;
    this.jitterMs = options.jitterMs ?? DEFAULT_JITTER_MS;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
    if (!(this.windowMs > 0)) throw new RangeError('windowMs must be greater than 0');
    if (!(this.share > 0 && this.share <= 1)) throw new RangeError('share must be in (0, 1]');
    if (!(entityLimit > 0)) throw new RangeError('entityLimit must be greater than 0');
    if (!(this.jitterMs >= 0)) throw new RangeError('jitterMs must be >= 0');
    this.entities = this.budgetFor('stigg-entity', entityLimit);
  }

  /** Waits until `operation` (and `entity`, for entity-limited mutations) may be sent to Stigg. */
  async pace(operation: string, entity?: string | null): Promise<void> {
    this.counters.calls += 1;
    const op = this.operationBudget(operation);
    const byEntity = Boolean(entity && STIGG_ENTITY_LIMITED_OPERATIONS.has(operation));
    if (!op && !byEntity) return;
    const started = this.now();
    const deadline = started + this.maxWaitMs;
    let queued = false;
    if (byEntity) queued = await this.turn(this.entities, `entity:${entity}`, entity!, deadline, operation, true) || queued;
    if (op) queued = await this.turn(op, `operation:${operation}`, 'all', deadline, operation, false) || queued;
    // waited for a token (not merely for the store's answer): counted as delayed, from arrival to release
    const waited = this.now() - started;
    if (queued && waited > 0) {
      this.counters.delayed += 1;
      this.counters.totalWaitMs += waited;
      this.counters.maxWaitMs = Math.max(this.counters.maxWaitMs, waited);
    }
  }

  stats(): PacerStats {
    return { ...this.counters };
  }

  /**
   * This caller's turn at `budget`: takes its token, sleeping while there is none, or refuses past the
   * deadline. True when it had to wait: behind other callers, or asleep.
   */
  private turn(budget: PacingBudget, turnKey: string, key: string, deadline: number, operation: string, byEntity: boolean): Promise<boolean> {
    const behind = this.turns.busy(turnKey);
    return this.turns.run(turnKey, async () => {
      for (let slept = false; ; slept = true) {
        const wait = await budget.take(key);
        if (wait === 0) return behind || slept;
        const now = this.now();
        if (now + wait > deadline) {
          this.counters.refused += 1;
          const seconds = Math.max(1, Math.ceil(wait / 1000));
          throw new GatewayError('UPSTREAM_RATE_LIMITED',
            `Stigg's rate limit for ${operation}${byEntity ? ' on this customer' : ''} leaves no room for ${seconds} s; retry later.`,
            { service: 'stigg', operation, shed: 'pacer', retryAfterSeconds: seconds });
        }
        await this.sleep(wait);
      }
    });
  }

  private headroom(limit: number): number {
    return jitterHeadroom(limit, this.windowMs, this.jitterMs);
  }

  private budgetFor(prefix: string, limit: number): PacingBudget {
    return new PacingBudget(this.store, prefix, {
      limit,
      windowMs: this.windowMs,
      localLimit: limit * this.share,
      headroom: (l) => this.headroom(l),
    });
  }

  private operationBudget(operation: string): PacingBudget | null {
    let budget = this.operations.get(operation);
    if (!budget) {
      const limit = this.limits[operation];
      if (!limit) return null;
      budget = this.budgetFor(`stigg-operation:${operation}`, limit);
      this.operations.set(operation, budget);
    }
    return budget;
  }
}

/** The jitter a pacer allows for when no `jitterMs` is given. */
export const DEFAULT_JITTER_MS = 250;

/** Calls of a limit kept back for jitter: `jitterMs` worth of `limit` per `windowMs`, at least 2, leaving at least 1. */
export function jitterHeadroom(limit: number, windowMs: number, jitterMs: number): number {
  return Math.min(Math.max(2, Math.ceil((jitterMs * limit) / windowMs)), limit - 1);
}
