import { Dialect, Kysely, Migrator, sql } from 'kysely';
import { DEFAULT_SQLITE_PATH } from '../../config/gateway-config';
import { ApiKeyRepository } from './api-key-repository';
import { AuditLogRepository } from './audit-log-repository';
import { AutomationStateRepository } from './automation-state-repository';
import { IdempotencyKeyRepository } from './idempotency-key-repository';
import { Journal } from './journal';
import { JournalDialectName } from './journal-dialect-name';
import { JournalLogger } from './journal-logger';
import { InCodeMigrationProvider } from './journal-migrations';
import { JournalTables } from './journal-tables';
import { createPostgresJournalDialect } from './postgres-journal-dialect';
import { ProvisioningRunRepository } from './provisioning-run-repository';
import { createSqliteJournalDialect } from './sqlite-journal-dialect';
import { StiggWebhookEventRepository } from './stigg-webhook-event-repository';

export interface OpenJournalOptions {
  /** PostgreSQL (`postgres://...`); when absent the journal is the SQLite file at sqlitePath. */
  databaseUrl?: string | null;
  /** Default DEFAULT_SQLITE_PATH (./data/gateway.db); its directory is created. */
  sqlitePath?: string;
  logger?: JournalLogger;
  /** PostgreSQL: keep the tables in this schema (created if missing); default the connection's current schema. */
  schema?: string;
  /** PostgreSQL: connections in the pool; default 10. */
  poolSize?: number;
  /** SQLite: how long a write waits for another writer's lock; default 5000 ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens the journal and brings its schema up to date. Safe when several
 * replicas open one database at once: on PostgreSQL Kysely's migrator holds an
 * advisory lock; on SQLite migrations run in a BEGIN IMMEDIATE transaction.
 */
export async function openJournal(options: OpenJournalOptions = {}): Promise<Journal> {
  const dialectName: JournalDialectName = options.databaseUrl ? 'postgres' : 'sqlite';
  const dialect: Dialect = options.databaseUrl
    ? createPostgresJournalDialect({
      databaseUrl: options.databaseUrl, schema: options.schema, poolSize: options.poolSize ?? 10, logger: options.logger,
    })
    : createSqliteJournalDialect(options.sqlitePath ?? DEFAULT_SQLITE_PATH, options.busyTimeoutMs ?? 5000);
  const db = new Kysely<JournalTables>({ dialect });
  try {
    const applied = await migrate(db, dialectName, options.schema);
    options.logger?.info({ dialect: dialectName, migrationsApplied: applied }, 'journal: opened');
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return new KyselyJournal(db, dialectName);
}

/**
 * PostgreSQL's invalid_schema_name. Kysely's migrator looks for its tables by listing the tables of
 * every schema of the database (names resolved again per row, `has_schema_privilege`,
 * `pg_get_serial_sequence`), so a schema another session drops during that listing fails it, whoever's
 * schema it was. Asked again, the listing no longer sees it; the migrations themselves are tracked, so
 * nothing is applied twice.
 */
const SCHEMA_DROPPED_MEANWHILE = '3F000';

async function migrate(db: Kysely<JournalTables>, dialect: JournalDialectName, schema: string | undefined): Promise<string[]> {
  let migrationTableSchema: string | undefined;
  if (dialect === 'postgres') {
    // Name the schema: Kysely otherwise finds its migration table in any schema of the database.
    migrationTableSchema = schema ?? (await currentSchema(db));
  }
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider(), migrationTableSchema });
  let { error, results } = await migrator.migrateToLatest();
  for (let attempt = 2; error && attempt <= 3 && (error as { code?: string }).code === SCHEMA_DROPPED_MEANWHILE; attempt++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`journal: migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Kysely<JournalTables>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('journal: no schema of the search_path exists in this database');
  return schema;
}

class KyselyJournal implements Journal {
  readonly runs: ProvisioningRunRepository;
  readonly idempotencyKeys: IdempotencyKeyRepository;
  readonly audit: AuditLogRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly stiggWebhookEvents: StiggWebhookEventRepository;
  readonly automation: AutomationStateRepository;
  private closing: Promise<void> | null = null;

  constructor(private readonly db: Kysely<JournalTables>, readonly dialect: JournalDialectName) {
    this.runs = new ProvisioningRunRepository(db, dialect);
    this.idempotencyKeys = new IdempotencyKeyRepository(db);
    this.audit = new AuditLogRepository(db);
    this.apiKeys = new ApiKeyRepository(db);
    this.stiggWebhookEvents = new StiggWebhookEventRepository(db);
    this.automation = new AutomationStateRepository(db);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  close(): Promise<void> {
    this.closing ??= this.db.destroy();
    return this.closing;
  }
}
