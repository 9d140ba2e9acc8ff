import { Dialect, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { JournalLogger } from './journal-logger';

export interface PostgresJournalOptions {
  databaseUrl: string;
  /** Keep the journal's tables in this schema (search_path); default: the server's current schema. */
  schema?: string;
  poolSize: number;
  logger?: JournalLogger;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A shared journal: PostgreSQL through a pg Pool, so several gateway replicas can use one database. */
export function createPostgresJournalDialect(options: PostgresJournalOptions): Dialect {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new RangeError('journal schema must be a lower-case SQL identifier');
  }
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', (error) => options.logger?.warn({ err: { message: error.message } }, 'journal: idle PostgreSQL connection failed'));
  return new PostgresDialect({ pool });
}
