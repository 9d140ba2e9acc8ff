import { Kysely } from 'kysely';
import { JournalTables } from './journal-tables';
import { fromStoredTime, toStoredTime } from './stored-values';

export interface ReserveIdempotencyKeyInput {
  /** Where the key is unique, e.g. 'provisionOpportunity' or the caller's principal + operation. */
  scope: string;
  key: string;
  requestHash: string;
  /** What the key will point at (e.g. 'ProvisioningRun'), if known now. */
  resultType?: string | null;
  resultId?: string | null;
  now?: Date;
}

export type ReserveIdempotencyKeyResult =
  /** First use: the key is now reserved for this request. */
  | { outcome: 'NEW' }
  /** Seen before with the same request: here is what it produced (null if not attached yet). */
  | { outcome: 'SAME'; resultType: string | null; resultId: string | null; reservedAt: Date }
  /** Seen before with a different request: IDEMPOTENCY_KEY_REUSED. */
  | { outcome: 'REUSED' };

/** Client idempotency keys: (scope, key) -> the request they were first used for and its result. */
export class IdempotencyKeyRepository {
  constructor(private readonly db: Kysely<JournalTables>) {}

  /** Atomic under concurrency: the unique (scope, key) decides which caller is NEW. */
  async reserveIdempotencyKey(input: ReserveIdempotencyKeyInput): Promise<ReserveIdempotencyKeyResult> {
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({
        scope: input.scope,
        key: input.key,
        request_hash: input.requestHash,
        result_type: input.resultType ?? null,
        result_id: input.resultId ?? null,
        created_at: toStoredTime(input.now ?? new Date()),
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { outcome: 'NEW' };
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'result_type', 'result_id', 'created_at'])
      .where('scope', '=', input.scope)
      .where('key', '=', input.key)
      .executeTakeFirstOrThrow();
    return row.request_hash === input.requestHash
      ? { outcome: 'SAME', resultType: row.result_type, resultId: row.result_id, reservedAt: fromStoredTime(row.created_at) }
      : { outcome: 'REUSED' };
  }

  /** Forgets a reservation that produced nothing (its request failed before any write), so the key can be used again. */
  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('result_id', 'is', null).execute();
  }

  /**
   * Records what a key points at when there is no request to hold it for (e.g. a credit grant's id
   * -> its customer, so a grant can be read back knowing only its id). The first record stays.
   */
  async recordResult(scope: string, key: string, resultType: string, resultId: string, now = new Date()): Promise<void> {
    await this.db
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: '', result_type: resultType, result_id: resultId, created_at: toStoredTime(now) })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .execute();
  }

  /** What a key points at (reserved or recorded), or null when the key is unknown or points at nothing yet. */
  async findResult(scope: string, key: string): Promise<{ resultType: string | null; resultId: string } | null> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['result_type', 'result_id'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.result_id ? { resultType: row.result_type, resultId: row.result_id } : null;
  }

  /** Points a reserved key at its result once it exists. False when the key is unknown. */
  async attachResult(scope: string, key: string, resultId: string, resultType?: string): Promise<boolean> {
    const result = await this.db
      .updateTable('idempotency_keys')
      .set(resultType === undefined ? { result_id: resultId } : { result_id: resultId, result_type: resultType })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
