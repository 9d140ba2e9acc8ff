import { createHash, timingSafeEqual } from 'node:crypto';
import { Principal, SANDBOX_PRINCIPAL } from '../context/principal';
import { Scope, StaticApiKey } from '../config/gateway-config';

/** Looks up keys stored in the journal (only their hash is stored). */
export interface StoredKeyLookup {
  findApiKeyBySecret(secret: string): Promise<{ id: string; scopes: string[]; browser: boolean } | null>;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * `Authorization: Bearer <key>` against the keys of GATEWAY_API_KEYS and the
 * journal. With no keys at all in sandbox mode, auth is off and every caller
 * is the sandbox principal.
 */
export class Authenticator {
  private readonly staticKeys: Array<{ id: string; digest: Buffer; scopes: Scope[] }>;

  constructor(staticKeys: StaticApiKey[], private readonly stored: StoredKeyLookup | null, readonly enabled: boolean) {
    this.staticKeys = staticKeys.map((k) => ({ id: k.id, digest: digest(k.secret), scopes: k.scopes }));
  }

  /** The principal for an Authorization header; null when it is missing or unknown. */
  async authenticate(authorization: string | undefined): Promise<Principal | null> {
    if (!this.enabled) return SANDBOX_PRINCIPAL;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    const secret = match[1];
    const given = digest(secret);
    for (const key of this.staticKeys) {
      if (timingSafeEqual(key.digest, given)) return { id: key.id, scopes: new Set(key.scopes), browser: false };
    }
    const stored = this.stored ? await this.stored.findApiKeyBySecret(secret) : null;
    if (!stored) return null;
    const scopes = stored.browser ? ['read'] : stored.scopes;
    return { id: stored.id, scopes: new Set(scopes as Scope[]), browser: stored.browser };
  }
}
