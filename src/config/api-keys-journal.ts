import { DEFAULT_SQLITE_PATH, SANDBOX_KEYS_SQLITE_PATH } from './gateway-config';
import { isSandboxEnvironment } from './sandbox-environment';

/** The journal that holds the API keys (`npm run keys`) for an environment. */
export interface ApiKeysJournal {
  /** PostgreSQL (DATABASE_URL), else null. */
  databaseUrl: string | null;
  /** The SQLite file when databaseUrl is null. */
  sqlitePath: string;
  /** Where the path came from: JOURNAL_PATH, the sandbox's key journal, or the default journal. */
  source: 'DATABASE_URL' | 'JOURNAL_PATH' | 'sandbox' | 'default';
}

const set = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());

/**
 * DATABASE_URL, else JOURNAL_PATH, else in sandbox mode the sandbox's key journal
 * (SANDBOX_KEYS_SQLITE_PATH: the sandbox's runs are journaled in a temporary file, its keys
 * are kept here), else the default journal (DEFAULT_SQLITE_PATH). The gateway's configuration
 * and `npm run keys` agree through this: the same variables, the same keys.
 */
export function apiKeysJournalOf(env: Record<string, string | undefined>): ApiKeysJournal {
  const databaseUrl = set(env.DATABASE_URL);
  if (databaseUrl !== null) return { databaseUrl, sqlitePath: DEFAULT_SQLITE_PATH, source: 'DATABASE_URL' };
  const journalPath = set(env.JOURNAL_PATH);
  if (journalPath !== null) return { databaseUrl: null, sqlitePath: journalPath, source: 'JOURNAL_PATH' };
  if (isSandboxEnvironment(env)) return { databaseUrl: null, sqlitePath: SANDBOX_KEYS_SQLITE_PATH, source: 'sandbox' };
  return { databaseUrl: null, sqlitePath: DEFAULT_SQLITE_PATH, source: 'default' };
}
