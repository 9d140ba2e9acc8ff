import { GatewayError } from '../../../errors/gateway-error';
import { TokenBucket } from './token-bucket';
import {
  STIGG_ENTITY_LIMIT, STIGG_ENTITY_LIMITED_OPERATIONS, STIGG_LIMIT_WINDOW_MS, STIGG_OPERATION_LIMITS,
} from './stigg-rate-limits';

export interface StiggPacerOptions {
  /** The window the limits apply to; default 60,000 ms (Stigg's "per minute"). Benchmarks scale it down. */
  windowMs?: number;
  /** Share of each limit this process may use (1 / replicas sharing the API key); default 1. */
  share?: number;
  /** Calls per window by operation name; default STIGG_OPERATION_LIMITS. */
  operationLimits?: Readonly<Record<string, number>>;
  /** Calls per window per entity for STIGG_ENTITY_LIMITED_OPERATIONS; default 30. */
  entityLimit?: number;
  /**
   * Burst kept back for jitter between the instant a call is released here and the
   * instant Stigg counts it (event-loop lag, network): the larger of 2 tokens and
   * `jitterMs` worth of the sustained rate. Default 250 ms.
   */
  jitterMs?: number;
  /** A call that would wait longer fails at once with UPSTREAM_RATE_LIMITED; default 30,000 ms. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Entity buckets kept before full (idle) ones are swept; default 10,000. */
  maxEntities?: number;
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
 * Client-side pacing for Stigg: a token bucket per operation and one per entity
 * (customer, subscription, customer:resource) for the mutations Stigg limits per
 * entity, so the gateway waits its turn instead of bouncing off HTTP 429
 * (a 429 on a mutation the gateway sends once would fail the provisioning step).
 *
 * `pace(operation, entity)` reserves the earliest instant at which *every* bucket
 * concerned has a token, takes them all at that instant, and resolves then.
 * Calls queue in arrival order. Call it before the upstream policy (breaker and
 * timeout) so waiting is neither a failure nor counted against the timeout.
 */
export class StiggPacer {
  private readonly operations = new Map<string, TokenBucket>();
  private readonly entities = new Map<string, TokenBucket>();
  private readonly windowMs: number;
  private readonly share: number;
  private readonly limits: Readonly<Record<string, number>>;
  private readonly entityLimit: number;
  private readonly jitterMs: number;
  private readonly maxWaitMs: number;
  private readonly maxEntities: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly counters: PacerStats = { calls: 0, delayed: 0, refused: 0, totalWaitMs: 0, maxWaitMs: 0 };

  constructor(options: StiggPacerOptions = {}) {
    this.windowMs = options.windowMs ?? STIGG_LIMIT_WINDOW_MS;
    this.share = options.share ?? 1;
    this.limits = options.operationLimits ?? STIGG_OPERATION_LIMITS;
    this.entityLimit = options.entityLimit ?? STIGG_ENTITY_LIMIT;
    this.jitterMs = options.jitterMs ?? 250;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.maxEntities = options.maxEntities ?? 10_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
    if (!(this.windowMs > 0)) throw new RangeError('windowMs must be greater than 0');
    if (!(this.share > 0 && this.share <= 1)) throw new RangeError('share must be in (0, 1]');
    if (!(this.entityLimit > 0)) throw new RangeError('entityLimit must be greater than 0');
    if (!(this.jitterMs >= 0)) throw new RangeError('jitterMs must be >= 0');
  }

  /** Waits until `operation` (and `entity`, for entity-limited mutations) may be sent to Stigg. */
  async pace(operation: string, entity?: string | null): Promise<void> {
    const delay = this.reserve(operation, entity);
    if (delay > 0) await this.sleep(delay);
  }

  /**
   * Reserves the call and returns how long to wait (ms); throws UPSTREAM_RATE_LIMITED,
   * reserving nothing, when that is over maxWaitMs.
   */
  reserve(operation: string, entity?: string | null): number {
    const buckets: TokenBucket[] = [];
    const op = this.operationBucket(operation);
    if (op) buckets.push(op);
    const ent = entity && STIGG_ENTITY_LIMITED_OPERATIONS.has(operation) ? this.entityBucket(entity) : null;
    if (ent) buckets.push(ent);
    this.counters.calls += 1;
    if (buckets.length === 0) return 0;
    const now = this.now();
    // earliest(t) = max(t, constant) per bucket, so the latest of them is the first instant all conform.
    const at = Math.max(...buckets.map((b) => b.earliest(now)));
    const delay = at - now;
    if (delay > this.maxWaitMs) {
      this.counters.refused += 1;
      throw new GatewayError('UPSTREAM_RATE_LIMITED',
        `Stigg's rate limit for ${operation}${ent ? ' on this customer' : ''} leaves no room for ${Math.ceil(delay / 1000)} s; retry later.`,
        { service: 'stigg', operation, shed: 'pacer', retryAfterSeconds: Math.ceil(delay / 1000) });
    }
    for (const b of buckets) b.commit(at);
    if (delay > 0) {
      this.counters.delayed += 1;
      this.counters.totalWaitMs += delay;
      this.counters.maxWaitMs = Math.max(this.counters.maxWaitMs, delay);
    }
    return delay;
  }

  stats(): PacerStats {
    return { ...this.counters };
  }

  private headroom(limit: number): number {
    return Math.max(2, Math.ceil((this.jitterMs * limit) / this.windowMs));
  }

  private bucketFor(limit: number): TokenBucket {
    const scaled = limit * this.share;
    return TokenBucket.perWindow(scaled, this.windowMs, Math.min(this.headroom(scaled), scaled - 1));
  }

  private operationBucket(operation: string): TokenBucket | null {
    let bucket = this.operations.get(operation);
    if (!bucket) {
      const limit = this.limits[operation];
      if (!limit) return null;
      bucket = this.bucketFor(limit);
      this.operations.set(operation, bucket);
    }
    return bucket;
  }

  private entityBucket(entity: string): TokenBucket {
    let bucket = this.entities.get(entity);
    if (!bucket) {
      if (this.entities.size >= this.maxEntities) this.sweep();
      bucket = this.bucketFor(this.entityLimit);
      this.entities.set(entity, bucket);
    }
    return bucket;
  }

  /** Forgets entity buckets that are full again (indistinguishable from new ones). */
  private sweep(): void {
    const now = this.now();
    for (const [key, bucket] of this.entities) if (bucket.isIdle(now)) this.entities.delete(key);
  }
}
