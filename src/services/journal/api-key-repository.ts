import { randomUUID } from 'node:crypto';
import { Kysely, Selectable } from 'kysely';
import { ALL_SCOPES, Scope } from '../../config/gateway-config';
import { displayPrefix, generateApiKeySecret, hashApiKeySecret } from './api-key-secret';
import { ApiKeysTable, JournalTables } from './journal-tables';
import { fromStoredTime, fromStoredTimeOrNull, toStoredTime } from './stored-values';

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The key's first characters, for display. */
  prefix: string;
  scopes: Scope[];
  /** A browser key carries `read` only. */
  browser: boolean;
  createdAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/** A key as created or rotated: the secret is in `key`, shown this once and never stored. */
export interface IssuedApiKey extends ApiKeyRecord {
  key: string;
}

export interface CreateApiKeyInput {
  name: string;
  scopes: string[];
  browser: boolean;
  now?: Date;
}

export class InvalidApiKeyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidApiKeyInputError';
  }
}

/** API keys managed in the journal (`npm run keys`). Only a hash of each key is stored. */
export class ApiKeyRepository {
  constructor(private readonly db: Kysely<JournalTables>) {}

  async createApiKey(input: CreateApiKeyInput): Promise<IssuedApiKey> {
    const name = input.name.trim();
    if (!name) throw new InvalidApiKeyInputError('a key needs a name');
    const scopes = validScopes(input.scopes, input.browser);
    const key = generateApiKeySecret();
    const now = toStoredTime(input.now ?? new Date());
    const row: Selectable<ApiKeysTable> = {
      id: randomUUID(),
      name,
      prefix: displayPrefix(key),
      secret_hash: hashApiKeySecret(key),
      scopes_json: JSON.stringify(scopes),
      browser: input.browser ? 1 : 0,
      created_at: now,
      rotated_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('api_keys').values(row).execute();
    return { ...toApiKeyRecord(row), key };
  }

  /** The live (not revoked) key with this secret, or null. Looks up by hash; never logs the secret. */
  async findApiKeyBySecret(secret: string): Promise<ApiKeyRecord | null> {
    if (!secret) return null;
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('secret_hash', '=', hashApiKeySecret(secret))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? toApiKeyRecord(row) : null;
  }

  /** All keys, revoked ones included, oldest first. */
  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toApiKeyRecord);
  }

  /** Stops a key working. False when it is unknown or already revoked. */
  async revokeApiKey(id: string, now: Date = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: toStoredTime(now) })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A new secret for the same id and scopes; the old secret stops working at once. Null when unknown or revoked. */
  async rotateApiKey(id: string, now: Date = new Date()): Promise<IssuedApiKey | null> {
    const key = generateApiKeySecret();
    const result = await this.db
      .updateTable('api_keys')
      .set({ secret_hash: hashApiKeySecret(key), prefix: displayPrefix(key), rotated_at: toStoredTime(now) })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { ...toApiKeyRecord(row), key };
  }
}

function validScopes(requested: string[], browser: boolean): Scope[] {
  const scopes = [...new Set(requested.map((s) => s.trim()).filter(Boolean))];
  if (scopes.length === 0) throw new InvalidApiKeyInputError(`a key needs scopes (${ALL_SCOPES.join(', ')})`);
  const unknown = scopes.filter((s) => !(ALL_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new InvalidApiKeyInputError(`unknown scope ${unknown.join(', ')} (scopes: ${ALL_SCOPES.join(', ')})`);
  if (browser && scopes.some((s) => s !== 'read')) throw new InvalidApiKeyInputError('a browser key carries read only');
  return scopes as Scope[];
}

function toApiKeyRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes_json) as Scope[],
    browser: Number(row.browser) === 1,
    createdAt: fromStoredTime(row.created_at),
    rotatedAt: fromStoredTimeOrNull(row.rotated_at),
    revokedAt: fromStoredTimeOrNull(row.revoked_at),
  };
}
