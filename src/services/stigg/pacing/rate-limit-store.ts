import { Pool } from 'pg';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import { createPacingTable, forgetFullBuckets, PostgresTokenBuckets } from './postgres-token-buckets';
import { MemoryTokenBuckets, TokenBuckets, TokenBucketShape } from './token-bucket';

/** The table rate-limiter-flexible keeps its counters in, in the journal's database (and schema: the URL's search_path). */
export const RATE_LIMIT_TABLE = 'gateway_rate_limits';

/** A fixed window of rate-limiter-flexible: `points` calls per `durationMs`, the window starting at its first call. */
export interface FixedWindow {
  points: number;
  durationMs: number;
}

export interface RateLimitStoreLogger {
  warn(obj: object, msg: string): void;
}

/** How often a store on PostgreSQL deletes the rows of pacing buckets long full again. */
const FORGET_EVERY_MS = 5 * 60_000;

/** Fails a PostgreSQL call (so the in-memory insurance limiter answers) instead of letting a request wait for it. */
const POSTGRES_TIMEOUT_MS = 2_000;

/**
 * Where the gateway's rate-limit counters live, for the per-key limit of the HTTP edge
 * (rate-limiter-flexible's fixed windows) and for the Stigg pacer's budgets (token buckets,
 * token-bucket.ts): in this process's memory (one replica), or in PostgreSQL when the journal is
 * there (DATABASE_URL: `RateLimiterPostgres` in table gateway_rate_limits, the buckets in
 * gateway_stigg_pacing), so every replica counts against one budget.
 *
 * Each PostgreSQL counter has an in-memory insurance: a store call that fails or takes over 2 s
 * is answered by this replica's own counters instead (the gateway keeps serving; the budget is
 * then per replica until PostgreSQL answers again).
 */
export class RateLimitStore {
  private readonly forgetTimer: NodeJS.Timeout | null;

  private constructor(private readonly pool: Pool | null) {
    this.forgetTimer = pool ? setInterval(() => void forgetFullBuckets(pool), FORGET_EVERY_MS).unref() : null;
  }

  /** Counters in this process's memory. */
  static memory(): RateLimitStore {
    return new RateLimitStore(null);
  }

  /**
   * Counters in PostgreSQL when `databaseUrl` is given (its table created if missing; throws
   * when that fails, as opening the journal would), else in memory.
   */
  static async open(options: { databaseUrl: string | null; logger?: RateLimitStoreLogger; poolSize?: number }): Promise<RateLimitStore> {
    if (!options.databaseUrl) return RateLimitStore.memory();
    const pool = new Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: POSTGRES_TIMEOUT_MS,
      query_timeout: POSTGRES_TIMEOUT_MS,
    });
    // An idle client losing its server must not crash the process; the next call falls back to memory.
    pool.on('error', (error) => options.logger?.warn({ err: { message: error.message } }, 'rate limits: idle PostgreSQL connection failed'));
    try {
      await createTable(pool);
      await createdOnce(() => createPacingTable(pool));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new Error(`rate limits: could not create their tables: ${(error as Error).message}`, { cause: error });
    }
    return new RateLimitStore(pool);
  }

  /**
   * A limiter for keys under `prefix`: `shared` in PostgreSQL (with `local` in memory as its
   * insurance), or `local` in memory when the store is.
   */
  limiter(prefix: string, shared: FixedWindow, local: FixedWindow = shared): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix: prefix, points: local.points, duration: secondsOf(local.durationMs) });
    if (!this.pool) return memory;
    return new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pool',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      keyPrefix: prefix,
      points: shared.points,
      duration: secondsOf(shared.durationMs),
      insuranceLimiter: memory,
    });
  }

  /**
   * Token buckets for keys under `prefix`: `shared` in PostgreSQL (with `local` in memory as its
   * insurance), or `local` in memory when the store is.
   */
  tokenBuckets(prefix: string, shared: TokenBucketShape, local: TokenBucketShape = shared): TokenBuckets {
    return this.pool ? new PostgresTokenBuckets(this.pool, prefix, shared, local) : new MemoryTokenBuckets(local);
  }

  async close(): Promise<void> {
    if (this.forgetTimer) clearInterval(this.forgetTimer);
    await this.pool?.end();
  }
}

/**
 * rate-limiter-flexible takes durations in seconds and stores `Date.now() + seconds * 1000`
 * (a bigint column in PostgreSQL): the whole milliseconds at or just above `ms` whose
 * seconds convert back exactly.
 */
export function secondsOf(ms: number): number {
  for (let whole = Math.max(1, Math.ceil(ms)); ; whole += 1) {
    const seconds = whole / 1000;
    if (seconds * 1000 === whole) return seconds;
  }
}

/**
 * PostgreSQL's codes for a table (or its row type) created by another session at the same moment
 * (rate-limiter-flexible itself passes over 23505 only): `type "..." already exists` (42710, measured
 * on PostgreSQL 15), duplicate_table (42P07), or a unique violation in the catalog (23505).
 */
const CREATED_BY_ANOTHER = new Set(['42710', '42P07', '23505']);

/** Runs a CREATE TABLE IF NOT EXISTS again when another session created the table at the same moment: asked again, it finds it. */
async function createdOnce(create: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await create();
      return;
    } catch (error) {
      if (attempt >= 3 || !CREATED_BY_ANOTHER.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

/**
 * rate-limiter-flexible creates its own table with CREATE TABLE IF NOT EXISTS. Two replicas starting
 * together can both find it missing; the one that commits second fails (CREATED_BY_ANOTHER).
 */
function createTable(pool: Pool): Promise<void> {
  return createdOnce(() => new Promise<void>((resolve, reject) => {
    new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: RATE_LIMIT_TABLE, points: 1, duration: 1, clearExpiredByTimeout: false },
      (err) => (err ? reject(err) : resolve()));
  }));
}
