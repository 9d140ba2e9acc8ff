import { Kysely, Migration } from 'kysely';

/**
 * Stigg's webhook events (src/services/stigg-webhooks): one row per event, keyed by Stigg's
 * `messageId`, so a delivery of the same event again finds its row and is not applied twice.
 * `ordering_key` (the subscription, or the customer for credit events) with `occurred_at` (the
 * event's timestamp) orders the events of one key; `status` PENDING until applied (APPLIED) or
 * given up (FAILED); `attempts`, `next_attempt_at` and `last_error` drive the retries; a replica
 * applying an event holds `lease_owner` until `lease_expires_at`.
 */
export const stiggWebhookEvents: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('stigg_webhook_events')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('ordering_key', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text')
      .addColumn('customer_id', 'text')
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('body_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('applied_at', 'text')
      .execute();
    await db.schema.createIndex('stigg_webhook_events_due_idx').on('stigg_webhook_events').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('stigg_webhook_events_key_idx').on('stigg_webhook_events').columns(['ordering_key', 'status', 'occurred_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('stigg_webhook_events').ifExists().execute();
  },
};
