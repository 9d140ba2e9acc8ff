import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Dialect } from 'kysely';
import { ConcurrentSqliteDialect } from './concurrent-sqlite-dialect';

/**
 * The embedded journal: one SQLite file (its directory is created), WAL mode
 * so readers never wait for the writer, and a busy timeout for the write lock.
 */
export function createSqliteJournalDialect(sqlitePath: string, busyTimeoutMs: number): Dialect {
  const file = resolve(sqlitePath);
  mkdirSync(dirname(file), { recursive: true });
  return new ConcurrentSqliteDialect(
    // timeout 0: busy waits are asynchronous (sqlite-busy-retry.ts), never a blocked thread.
    { database: async () => new Database(file, { timeout: 0 }) },
    busyTimeoutMs,
    ['pragma journal_mode = wal', 'pragma synchronous = normal', 'pragma foreign_keys = on'],
  );
}
