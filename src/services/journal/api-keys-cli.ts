/**
 * Manages the API keys stored in the journal:
 *   keys create --name <name> --scopes read,provision [--browser]
 *   keys list
 *   keys revoke <id>
 *   keys rotate <id>
 * The database is DATABASE_URL (PostgreSQL) or JOURNAL_PATH (SQLite, default
 * ./data/gateway.db) — the one module besides the config loader that reads the
 * environment, because it is its own entrypoint. A key is printed only by
 * create and rotate, once.
 */
import { ApiKeyRecord, ApiKeyRepository, InvalidApiKeyInputError } from './api-key-repository';
import { openJournal } from './open-journal';
import { DEFAULT_SQLITE_PATH } from '../../config/gateway-config';

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

async function main(): Promise<void> {
  const journal = await openJournal({
    databaseUrl: process.env.DATABASE_URL || null,
    sqlitePath: process.env.JOURNAL_PATH || DEFAULT_SQLITE_PATH,
  });
  try {
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
