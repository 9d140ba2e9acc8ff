import { Kysely, Migration } from 'kysely';

/**
 * Closed/Won automation: what started a run (API, EVENT, SWEEP, RETRY), how many times it was
 * attempted and when the next automatic retry is due; and `automation_state`, one row per named
 * piece of automation state: the subscriber's replay id checkpoint and the sweep's watermark
 * (`value_json`), and the leader lease that lets one replica subscribe (`lease_owner`,
 * `lease_expires_at`).
 */
export const automation: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('provisioning_runs').addColumn('trigger', 'text', (c) => c.notNull().defaultTo('API')).execute();
    await db.schema.alterTable('provisioning_runs').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('provisioning_runs').addColumn('next_attempt_at', 'text').execute();
    await db.schema.createIndex('provisioning_runs_next_attempt_idx').on('provisioning_runs').columns(['next_attempt_at']).execute();

    await db.schema
      .createTable('automation_state')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value_json', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('automation_state').ifExists().execute();
    await db.schema.dropIndex('provisioning_runs_next_attempt_idx').ifExists().execute();
    await db.schema.alterTable('provisioning_runs').dropColumn('next_attempt_at').execute();
    await db.schema.alterTable('provisioning_runs').dropColumn('attempts').execute();
    await db.schema.alterTable('provisioning_runs').dropColumn('trigger').execute();
  },
};
