import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { Principal, SANDBOX_PRINCIPAL } from '../domain/principal';
import { ALL_SCOPES, JwtAuthConfig, Scope, StaticApiKey } from '../config/gateway-config';

/** Looks up keys stored in the journal (only their hash is stored). */
export interface StoredKeyLookup {
  findApiKeyBySecret(secret: string): Promise<{ id: string; scopes: string[]; browser: boolean } | null>;
}

export interface AuthenticatorOptions {
  /** False only in sandbox mode with no key and no JWT issuer configured: every caller is the sandbox principal. */
  enabled: boolean;
  staticKeys: StaticApiKey[];
  stored: StoredKeyLookup | null;
  jwt?: JwtAuthConfig | null;
}

/** Who is calling, or why nobody is (a reason for the logs; it never names the credential). */
export type AuthResult = { principal: Principal } | { principal: null; reason: string };

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Asymmetric algorithms only: an issuer's JWKS is public, so an HMAC key in it would let anyone sign. */
const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * The scopes a credential carries in effect: `admin` includes every other
 * scope; a browser key carries `read` only, whatever it was given
 * (docs/design.md, "Who may call").
 */
export function effectiveScopes(scopes: readonly string[], browser: boolean): Set<Scope> {
  const known = scopes.filter((s): s is Scope => (ALL_SCOPES as readonly string[]).includes(s));
  if (browser) return new Set<Scope>(known.length > 0 ? ['read'] : []);
  return new Set<Scope>(known.includes('admin') ? ALL_SCOPES : known);
}

/**
 * `Authorization: Bearer <credential>`: an API key of GATEWAY_API_KEYS or of
 * the journal (`npm run keys`), or, when an OIDC issuer is configured, a JWT
 * it signed (audience, issuer, expiry and signature checked; scopes from a
 * claim). With authentication off (sandbox mode, nothing configured) every
 * caller is the sandbox principal.
 */
export class Authenticator {
  readonly enabled: boolean;
  private readonly staticKeys: Array<{ id: string; digest: Buffer; scopes: Set<Scope> }>;
  private readonly stored: StoredKeyLookup | null;
  private readonly jwt: { config: JwtAuthConfig; keys: JWTVerifyGetKey } | null;

  constructor(options: AuthenticatorOptions) {
    this.enabled = options.enabled;
    this.staticKeys = options.staticKeys.map((k) => ({ id: k.id, digest: digest(k.secret), scopes: effectiveScopes(k.scopes, false) }));
    this.stored = options.stored;
    const jwt = options.jwt ?? null;
    this.jwt = jwt ? { config: jwt, keys: keySetOf(jwt) } : null;
  }

  async authenticate(authorization: string | undefined): Promise<AuthResult> {
    if (!this.enabled) return { principal: SANDBOX_PRINCIPAL };
    if (!authorization) return { principal: null, reason: 'no Authorization header' };
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!match) return { principal: null, reason: 'the Authorization header is not "Bearer <credential>"' };
    const secret = match[1];
    const given = digest(secret);
    let found: (typeof this.staticKeys)[number] | undefined;
    for (const key of this.staticKeys) {
      // Compare with every key (constant time each), so timing says nothing about which matched.
      if (timingSafeEqual(key.digest, given) && !found) found = key;
    }
    if (found) return { principal: { id: found.id, scopes: new Set(found.scopes), browser: false } };
    if (this.jwt && JWT_SHAPE.test(secret)) return this.verifyJwt(secret);
    const stored = this.stored ? await this.stored.findApiKeyBySecret(secret) : null;
    if (!stored) return { principal: null, reason: 'unknown or revoked API key' };
    return { principal: { id: stored.id, scopes: effectiveScopes(stored.scopes, stored.browser), browser: stored.browser } };
  }

  private async verifyJwt(token: string): Promise<AuthResult> {
    const { config, keys } = this.jwt!;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: JWT_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 30,
      });
      const claim = payload[config.scopeClaim];
      const scopes = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim.filter((s): s is string => typeof s === 'string') : [];
      const subject = String(payload.sub).replace(/[^\w@.:|+-]/g, '_').slice(0, 200);
      return { principal: { id: `jwt:${subject}`, scopes: effectiveScopes(scopes, false), browser: false } };
    } catch (err) {
      return { principal: null, reason: `JWT refused (${(err as { code?: string }).code ?? 'ERR_JWT_INVALID'})` };
    }
  }
}

function keySetOf(config: JwtAuthConfig): JWTVerifyGetKey {
  if ('url' in config.jwks) {
    return createRemoteJWKSet(new URL(config.jwks.url), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  }
  return createLocalJWKSet(JSON.parse(readFileSync(config.jwks.file, 'utf8')));
}
