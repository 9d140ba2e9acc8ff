import { Kysely, Migration } from 'kysely';

/** The journal's first schema. Portable types only (text, integer) so SQLite and PostgreSQL agree. */
export const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('provisioning_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('opportunity_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('request_json', 'text', (c) => c.notNull())
      .addColumn('plan_json', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text')
      .addColumn('principal', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('subscription_id', 'text')
      .addColumn('checkout_url', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('error_step', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('provisioning_runs_opportunity_kind_key', ['opportunity_id', 'kind'])
      .execute();
    await db.schema.createIndex('provisioning_runs_created_idx').on('provisioning_runs').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('provisioning_runs_status_created_idx').on('provisioning_runs').columns(['status', 'created_at', 'id']).execute();

    await db.schema
      .createTable('provisioning_steps')
      .addColumn('run_id', 'text', (c) => c.notNull().references('provisioning_runs.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('output_json', 'text')
      .addPrimaryKeyConstraint('provisioning_steps_pkey', ['run_id', 'name'])
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('result_type', 'text')
      .addColumn('result_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('principal', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('details_json', 'text')
      .execute();
    await db.schema.createIndex('audit_log_occurred_idx').on('audit_log').columns(['occurred_at', 'id']).execute();
    await db.schema.createIndex('audit_log_principal_idx').on('audit_log').columns(['principal', 'occurred_at']).execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('scopes_json', 'text', (c) => c.notNull())
      .addColumn('browser', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rotated_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['api_keys', 'audit_log', 'idempotency_keys', 'provisioning_steps', 'provisioning_runs']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
