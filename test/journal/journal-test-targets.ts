import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Journal, OpenJournalOptions, openJournal } from '../../src/services/journal';

/**
 * Runs a journal suite against every database: SQLite (a temporary file) and
 * PostgreSQL when TEST_DATABASE_URL is set (start one with
 * `bash scripts/postgres/ensure-postgres.sh`). Each suite gets a fresh
 * database: a new file, or a new PostgreSQL schema dropped afterwards. Without
 * TEST_DATABASE_URL the PostgreSQL variant is reported as skipped.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;

export interface JournalTarget {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where this suite's database is, as openJournal options (also for child processes). */
  location(): OpenJournalOptions;
  /** Opens a journal on the suite's database; closed after the suite. */
  open(extra?: Partial<OpenJournalOptions>): Promise<Journal>;
}

export function describeEachJournal(title: string, body: (target: JournalTarget) => void): void {
  describe(`${title} [sqlite]`, () => body(suiteTarget('sqlite')));
  if (TEST_DATABASE_URL) {
    describe(`${title} [postgres]`, () => body(suiteTarget('postgres')));
  } else {
    describe.skip(`${title} [postgres] SKIPPED: set TEST_DATABASE_URL (bash scripts/postgres/ensure-postgres.sh)`, () =>
      body(suiteTarget('postgres')));
  }
}

function suiteTarget(dialect: 'sqlite' | 'postgres'): JournalTarget {
  const opened: Journal[] = [];
  let sqliteDir: string | null = null;
  let schema: string | null = null;

  beforeAll(() => {
    if (dialect === 'sqlite') sqliteDir = mkdtempSync(join(tmpdir(), 'journal-test-'));
    else schema = `journal_test_${randomBytes(6).toString('hex')}`;
  });

  afterAll(async () => {
    await Promise.all(opened.map((j) => j.close()));
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    if (schema && TEST_DATABASE_URL) {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    }
  });

  const target: JournalTarget = {
    dialect,
    location() {
      if (dialect === 'sqlite') return { sqlitePath: join(sqliteDir!, 'nested', 'gateway.db') };
      return { databaseUrl: TEST_DATABASE_URL!, schema: schema! };
    },
    async open(extra) {
      const journal = await openJournal({ ...target.location(), ...extra });
      opened.push(journal);
      return journal;
    },
  };
  return target;
}
