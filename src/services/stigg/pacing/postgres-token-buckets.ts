import { Pool } from 'pg';
import { conform, MemoryTokenBuckets, toleranceMs, TokenBuckets, TokenBucketShape } from './token-bucket';

/** The table of the Stigg pacer's buckets (GCRA state: one row per budget key), in the journal's database and schema. */
export const PACING_TABLE = 'gateway_stigg_pacing';

/** Creates the buckets' table if it is missing. */
export async function createPacingTable(pool: Pool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS ${PACING_TABLE} (key text PRIMARY KEY, tat double precision NOT NULL)`);
}

/** The database's clock in ms: one clock for every replica. */
const DB_NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::float8';

/**
 * One statement per call: the key's `tat` moves on only if the call conforms (token-bucket.ts), in
 * the row's own lock, so calls from every replica are counted once. The clock is the database's
 * (`clock_timestamp()`, ms), one clock for every replica. Answers `granted` (the new tat) or, when
 * the call does not conform, the key's current `tat` and the database's `now`, to say how long to wait.
 */
const TAKE = `
WITH clock AS (SELECT ${DB_NOW_MS} AS now),
taken AS (
  INSERT INTO ${PACING_TABLE} AS b (key, tat) SELECT $1, clock.now + $2::float8 FROM clock
  ON CONFLICT (key) DO UPDATE SET tat = GREATEST(b.tat, (SELECT now FROM clock)) + $2::float8
    WHERE GREATEST(b.tat, (SELECT now FROM clock)) - (SELECT now FROM clock) <= $3::float8
  RETURNING b.tat
)
SELECT (SELECT tat FROM taken) AS granted,
       (SELECT tat FROM ${PACING_TABLE} WHERE key = $1) AS tat,
       (SELECT now FROM clock) AS now`;

/** Rows whose bucket has been full again for this long are deleted (they mean what no row means). */
const FORGET_AFTER_MS = 10 * 60_000;

/**
 * Token buckets in PostgreSQL, shared by every replica on the database. A call that fails (or
 * exceeds the pool's query timeout) is answered by `insurance`, this replica's buckets in memory,
 * until PostgreSQL answers again.
 */
export class PostgresTokenBuckets implements TokenBuckets {
  private readonly insurance: MemoryTokenBuckets;
  private readonly toleranceMs: number;

  constructor(private readonly pool: Pool, private readonly prefix: string, private readonly shape: TokenBucketShape, local: TokenBucketShape) {
    this.insurance = new MemoryTokenBuckets(local);
    this.toleranceMs = toleranceMs(shape);
  }

  async take(key: string): Promise<number> {
    try {
      const { rows } = await this.pool.query<{ granted: number | null; tat: number | null; now: number }>(TAKE, [`${this.prefix}:${key}`, this.shape.intervalMs, this.toleranceMs]);
      const row = rows[0];
      if (row.granted !== null) return 0;
      // the wait GCRA gives at the database's now; at least 1 ms, as the row the statement read may have been moved by then
      return Math.max(1, Math.ceil(conform(row.tat, Number(row.now), this.shape).waitMs));
    } catch {
      return this.insurance.takeNow(key);
    }
  }
}

/** Deletes the rows of buckets full again for FORGET_AFTER_MS; errors are left to the next time. */
export async function forgetFullBuckets(pool: Pool): Promise<void> {
  await pool.query(`DELETE FROM ${PACING_TABLE} WHERE tat < ${DB_NOW_MS} - $1::float8`, [FORGET_AFTER_MS]).catch(() => undefined);
}
