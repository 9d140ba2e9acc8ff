import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import pino from 'pino';
import { JOURNAL_MIGRATIONS } from '../../src/services/journal/journal-migrations';
import { Journal, JournalLogger, openJournal } from '../../src/services/journal';
import { JournalTarget, TEST_DATABASE_URL, describeEachJournal } from './journal-test-targets';

async function migrationRows(target: JournalTarget): Promise<string[]> {
  const location = target.location();
  if (target.dialect === 'sqlite') {
    const db = new Database(location.sqlitePath!, { readonly: true });
    try {
      return (db.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map((r) => r.name);
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: location.databaseUrl! });
  await client.connect();
  try {
    const { rows } = await client.query(`select name from ${location.schema}.kysely_migration order by name`);
    return rows.map((r: { name: string }) => r.name);
  } finally {
    await client.end();
  }
}

describeEachJournal('openJournal', (target) => {
  it('migrates once when four replicas open a fresh database at the same time', async () => {
    const journals = await Promise.all([1, 2, 3, 4].map(() => target.open()));
    expect(journals.map((j) => j.dialect)).toEqual(Array(4).fill(target.dialect));
    expect(await migrationRows(target)).toEqual(Object.keys(JOURNAL_MIGRATIONS).sort());
    await Promise.all(journals.map((j) => j.ping()));
    // all four see one set of tables
    const issued = await journals[0].apiKeys.createApiKey({ name: 'shared', scopes: ['read'], browser: false });
    expect((await journals[3].apiKeys.findApiKeyBySecret(issued.key))!.id).toBe(issued.id);
  });

  it('opens an up-to-date database without migrating again, and logs no connection secret', async () => {
    const logged: Array<{ details: object; message: string }> = [];
    const logger: JournalLogger = {
      info: (details, message) => logged.push({ details, message }),
      warn: (details, message) => logged.push({ details, message }),
    };
    const journal = await target.open({ logger });
    expect(logged).toEqual([{ details: { dialect: target.dialect, migrationsApplied: [] }, message: 'journal: opened' }]);
    if (target.dialect === 'postgres') {
      const password = new URL(target.location().databaseUrl!).password;
      expect(JSON.stringify(logged)).not.toContain(password || '\u0000');
    }
    await journal.ping();
  });

  it('closes idempotently; a closed journal no longer answers', async () => {
    const journal: Journal = await target.open();
    await journal.close();
    await journal.close();
    await expect(journal.ping()).rejects.toThrow();
  });

  if (target.dialect === 'sqlite') {
    it('creates the directory of the SQLite file and uses WAL mode', () => {
      const path = target.location().sqlitePath!;
      expect(existsSync(path)).toBe(true);
      const db = new Database(path, { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        db.close();
      }
    });
  }
});

describe('openJournal options', () => {
  it("takes the gateway's pino logger as its logger", () => {
    const logger: JournalLogger = pino({ level: 'silent' });
    expect(typeof logger.info).toBe('function');
  });
});

describe('openJournal failures', () => {
  it('rejects an unusable PostgreSQL schema name before connecting', async () => {
    await expect(openJournal({ databaseUrl: 'postgres://127.0.0.1:1/x', schema: 'bad; drop' })).rejects.toThrow('schema');
  });

  it('fails to open when PostgreSQL is unreachable, without echoing the URL', async () => {
    const error = await openJournal({ databaseUrl: 'postgres://u:s3cret-pass@127.0.0.1:1/x' }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/ECONNREFUSED|connect/);
    expect(String((error as Error).message)).not.toContain('s3cret-pass');
  });
});

(TEST_DATABASE_URL ? describe : describe.skip)(`openJournal on PostgreSQL without a schema option [postgres]${TEST_DATABASE_URL ? '' : ' SKIPPED: set TEST_DATABASE_URL'}`, () => {
  const schema = `journal_test_path_${Date.now().toString(36)}`;
  let admin: Client;
  beforeAll(async () => {
    admin = new Client({ connectionString: TEST_DATABASE_URL! });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it("keeps its tables in the connection's current schema (search_path from the URL)", async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const journal = await openJournal({ databaseUrl: url.toString() });
    try {
      await journal.audit.recordAudit({ principal: 'p', operation: 'o', outcome: 'ok' });
      const { rows } = await admin.query(`select count(*)::int as n from ${schema}.audit_log`);
      expect(rows[0].n).toBe(1);
    } finally {
      await journal.close();
    }
  });
});
