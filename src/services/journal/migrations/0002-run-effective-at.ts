import { Kysely, Migration } from 'kysely';

/** When a SCHEDULED run's change takes effect (Stigg applies it later, e.g. a downgrade at the end of the billing period). */
export const runEffectiveAt: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('provisioning_runs').addColumn('effective_at', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('provisioning_runs').dropColumn('effective_at').execute();
  },
};
