/**
 * Manages the API keys stored in the journal:
 *   keys create --name <name> --scopes read,provision [--browser]
 *   keys list
 *   keys revoke <id>
 *   keys rotate <id>
 * The database is the one the gateway reads keys from with the same environment
 * (config/api-keys-journal): DATABASE_URL (PostgreSQL), else JOURNAL_PATH, else in
 * sandbox mode the sandbox's key journal ./data/sandbox-keys.db, else ./data/gateway.db.
 * The one module besides the config loader that reads the environment, because it is
 * its own entrypoint. It says on stderr which journal it used and how a gateway reads
 * it. A key is printed only by create and rotate, once.
 */
import { resolve } from 'node:path';
import { ApiKeyRecord, ApiKeyRepository, InvalidApiKeyInputError } from './api-key-repository';
import { openJournal } from './open-journal';
import { ApiKeysJournal, apiKeysJournalOf } from '../../config/api-keys-journal';

export const API_KEYS_USAGE = [
  'usage: keys create --name <name> --scopes read,provision,credits,admin [--browser]',
  '       keys list',
  '       keys revoke <id>',
  '       keys rotate <id>',
].join('\n');

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command; resolves to the process exit code (0 ok, 1 not found, 2 usage). */
export async function runApiKeysCommand(args: string[], apiKeys: ApiKeyRepository, io: CliOutput): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'create': {
      const options = parseCreateOptions(rest);
      if (typeof options === 'string') return usage(io, options);
      try {
        const issued = await apiKeys.createApiKey(options);
        io.out(describe(issued));
        io.out(`key: ${issued.key}`);
        io.err('Store the key now: it is shown this once and only its hash is kept.');
        return 0;
      } catch (error) {
        if (error instanceof InvalidApiKeyInputError) return usage(io, error.message);
        throw error;
      }
    }
    case 'list': {
      const keys = await apiKeys.listApiKeys();
      if (keys.length === 0) io.err('no keys');
      for (const key of keys) io.out(describe(key));
      return 0;
    }
    case 'revoke': {
      if (rest.length !== 1) return usage(io, 'revoke takes one key id');
      if (!(await apiKeys.revokeApiKey(rest[0]))) return notFound(io, rest[0]);
      io.out(`revoked ${rest[0]}`);
      return 0;
    }
    case 'rotate': {
      if (rest.length !== 1) return usage(io, 'rotate takes one key id');
      const issued = await apiKeys.rotateApiKey(rest[0]);
      if (!issued) return notFound(io, rest[0]);
      io.out(describe(issued));
      io.out(`key: ${issued.key}`);
      io.err('The previous key no longer works. Store this one now: it is shown this once.');
      return 0;
    }
    default:
      return usage(io, command ? `unknown command ${command}` : 'a command is needed');
  }
}

function parseCreateOptions(args: string[]): { name: string; scopes: string[]; browser: boolean } | string {
  let name: string | undefined;
  let scopes: string[] | undefined;
  let browser = false;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--name') name = value();
    else if (flag === '--scopes') scopes = value()?.split(',');
    else if (flag === '--browser') browser = true;
    else return `unknown option ${args[i]}`;
  }
  if (!name) return 'create needs --name';
  if (!scopes) return 'create needs --scopes';
  return { name, scopes, browser };
}

function describe(key: ApiKeyRecord): string {
  const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
  return [key.id, key.name, `${key.prefix}…`, key.scopes.join(','), key.browser ? 'browser' : 'server', state,
    `created ${key.createdAt.toISOString()}`].join('\t');
}

function usage(io: CliOutput, problem: string): number {
  io.err(problem);
  io.err(API_KEYS_USAGE);
  return 2;
}

function notFound(io: CliOutput, id: string): number {
  io.err(`no active key with id ${id}`);
  return 1;
}

/** Which journal, exactly, and how a gateway comes to read the keys in it (never a credential of DATABASE_URL). */
export function describeKeysJournal(location: ApiKeysJournal): string {
  switch (location.source) {
    case 'DATABASE_URL': {
      const url = new URL(location.databaseUrl!);
      return `journal: PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname} (DATABASE_URL). A gateway started with the same DATABASE_URL reads these keys.`;
    }
    case 'JOURNAL_PATH':
      return `journal: ${resolve(location.sqlitePath)} (JOURNAL_PATH). A gateway started with the same JOURNAL_PATH reads these keys`
        + ' (in sandbox mode: JOURNAL_PATH=<the same> npm start, which then keeps its runs there too).';
    case 'sandbox':
      return `journal: ${resolve(location.sqlitePath)}, the sandbox's keys (no SALESFORCE_*/STIGG_* variables: sandbox mode). `
        + '`npm start` in sandbox mode reads them, and asks for a key while one is active (restart a running one). '
        + 'Keys for real upstreams: run this with the gateway\'s variables (DATABASE_URL or JOURNAL_PATH, default ./data/gateway.db).';
    case 'default':
      return `journal: ${resolve(location.sqlitePath)} (neither DATABASE_URL nor JOURNAL_PATH set). A gateway started with neither reads these keys.`;
  }
}

async function main(): Promise<void> {
  const location = apiKeysJournalOf(process.env);
  const journal = await openJournal({ databaseUrl: location.databaseUrl, sqlitePath: location.sqlitePath });
  try {
    process.stderr.write(`${describeKeysJournal(location)}\n`);
    process.exitCode = await runApiKeysCommand(process.argv.slice(2), journal.apiKeys, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await journal.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`keys: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
