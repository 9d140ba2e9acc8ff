import { Kysely } from 'kysely';
import { JournalTables } from './journal-tables';
import { fromStoredJson, fromStoredTime, fromStoredTimeOrNull, toStoredJson, toStoredTime } from './stored-values';

/** The stigg_webhook_events table (migration 0004-stigg-webhook-events). */
export interface StiggWebhookEventsTable {
  message_id: string;
  type: string;
  ordering_key: string;
  subscription_id: string | null;
  customer_id: string | null;
  occurred_at: string;
  received_at: string;
  body_json: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  applied_at: string | null;
}

interface Tables extends JournalTables {
  stigg_webhook_events: StiggWebhookEventsTable;
}

/** PENDING until applied (APPLIED) or given up after the last attempt (FAILED). */
export type StiggWebhookEventStatus = 'PENDING' | 'APPLIED' | 'FAILED';

export interface NewStiggWebhookEvent {
  messageId: string;
  type: string;
  /** Events of one key are applied one at a time, oldest `occurredAt` first: the subscription, or `customer:<id>`. */
  orderingKey: string;
  subscriptionId: string | null;
  customerId: string | null;
  occurredAt: Date;
  /** The event as Stigg sent it (no secret: Stigg's secret travels in a header, never journaled). */
  body: unknown;
}

export interface StiggWebhookEventRecord extends Omit<NewStiggWebhookEvent, 'body'> {
  body: unknown;
  receivedAt: Date;
  status: StiggWebhookEventStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  appliedAt: Date | null;
}

/**
 * The journal of Stigg's webhook events: deduplicated by message id, applied in order per key, a
 * failed application retried from here (not from memory) until it lands or is given up.
 */
export class StiggWebhookEventRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<JournalTables>) {
    this.db = db.withTables<{ stigg_webhook_events: StiggWebhookEventsTable }>();
  }

  /** RECORDED the first time a message id is seen; DUPLICATE every other time (nothing changes). */
  async record(event: NewStiggWebhookEvent, now: Date = new Date()): Promise<'RECORDED' | 'DUPLICATE'> {
    const result = await this.db
      .insertInto('stigg_webhook_events')
      .values({
        message_id: event.messageId,
        type: event.type,
        ordering_key: event.orderingKey,
        subscription_id: event.subscriptionId,
        customer_id: event.customerId,
        occurred_at: toStoredTime(event.occurredAt),
        received_at: toStoredTime(now),
        body_json: toStoredJson(event.body),
        status: 'PENDING',
        attempts: 0,
        next_attempt_at: toStoredTime(now),
        last_error: null,
        lease_owner: null,
        lease_expires_at: null,
        applied_at: null,
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? 'RECORDED' : 'DUPLICATE';
  }

  /**
   * Claims the next event to apply, or null: a PENDING event that is due, is the oldest PENDING
   * event of its key (occurred_at, then received_at, then message id), and whose key no replica is
   * applying (no live lease). The claim is a conditional update, so two replicas never both get it.
   */
  async claimNext(owner: string, leaseMs: number, now: Date = new Date()): Promise<StiggWebhookEventRecord | null> {
    const at = toStoredTime(now);
    const candidates = await this.db
      .selectFrom('stigg_webhook_events as e')
      .selectAll('e')
      .where('e.status', '=', 'PENDING')
      .where('e.next_attempt_at', '<=', at)
      .where(({ not, exists, selectFrom, or, and, eb }) => and([
        not(exists(selectFrom('stigg_webhook_events as p').select('p.message_id')
          .whereRef('p.ordering_key', '=', 'e.ordering_key')
          .where('p.status', '=', 'PENDING')
          .where((inner) => inner.or([
            inner('p.occurred_at', '<', inner.ref('e.occurred_at')),
            inner.and([inner('p.occurred_at', '=', inner.ref('e.occurred_at')), inner('p.received_at', '<', inner.ref('e.received_at'))]),
            inner.and([
              inner('p.occurred_at', '=', inner.ref('e.occurred_at')), inner('p.received_at', '=', inner.ref('e.received_at')),
              inner('p.message_id', '<', inner.ref('e.message_id')),
            ]),
          ])))),
        not(exists(selectFrom('stigg_webhook_events as l').select('l.message_id')
          .whereRef('l.ordering_key', '=', 'e.ordering_key')
          .where('l.status', '=', 'PENDING')
          .where('l.lease_expires_at', '>', at))),
        or([eb('e.lease_expires_at', 'is', null), eb('e.lease_expires_at', '<=', at)]),
      ]))
      .orderBy('e.occurred_at')
      .orderBy('e.received_at')
      .orderBy('e.message_id')
      .limit(10)
      .execute();
    for (const row of candidates) {
      const claimed = await this.db
        .updateTable('stigg_webhook_events')
        .set({ lease_owner: owner, lease_expires_at: toStoredTime(new Date(now.getTime() + leaseMs)) })
        .where('message_id', '=', row.message_id)
        .where('status', '=', 'PENDING')
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', at)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) > 0) return toRecord({ ...row, lease_owner: owner });
    }
    return null;
  }

  /** The claimed event was applied: APPLIED, lease released. False when `owner` no longer holds it. */
  async markApplied(messageId: string, owner: string, now: Date = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('stigg_webhook_events')
      .set((eb) => ({
        status: 'APPLIED', applied_at: toStoredTime(now), attempts: eb('attempts', '+', 1), last_error: null, lease_owner: null, lease_expires_at: null,
      }))
      .where('message_id', '=', messageId)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * The claimed event's application failed: it stays PENDING, due again at `retryAt`, or becomes
   * FAILED when `retryAt` is null (given up). The lease is released either way.
   */
  async markFailed(messageId: string, owner: string, error: string, retryAt: Date | null): Promise<boolean> {
    const result = await this.db
      .updateTable('stigg_webhook_events')
      .set((eb) => ({
        status: retryAt ? 'PENDING' : 'FAILED',
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 1000),
        ...(retryAt ? { next_attempt_at: toStoredTime(retryAt) } : {}),
        lease_owner: null,
        lease_expires_at: null,
      }))
      .where('message_id', '=', messageId)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async get(messageId: string): Promise<StiggWebhookEventRecord | null> {
    const row = await this.db.selectFrom('stigg_webhook_events').selectAll().where('message_id', '=', messageId).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Events by status (every one when omitted), oldest first. */
  async list(filter: { status?: StiggWebhookEventStatus; orderingKey?: string } = {}): Promise<StiggWebhookEventRecord[]> {
    let query = this.db.selectFrom('stigg_webhook_events').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.orderingKey) query = query.where('ordering_key', '=', filter.orderingKey);
    const rows = await query.orderBy('occurred_at').orderBy('received_at').orderBy('message_id').execute();
    return rows.map(toRecord);
  }
}

function toRecord(row: StiggWebhookEventsTable): StiggWebhookEventRecord {
  return {
    messageId: row.message_id,
    type: row.type,
    orderingKey: row.ordering_key,
    subscriptionId: row.subscription_id,
    customerId: row.customer_id,
    occurredAt: fromStoredTime(row.occurred_at),
    receivedAt: fromStoredTime(row.received_at),
    body: fromStoredJson(row.body_json),
    status: row.status as StiggWebhookEventStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: fromStoredTime(row.next_attempt_at),
    lastError: row.last_error,
    appliedAt: fromStoredTimeOrNull(row.applied_at),
  };
}
