/**
 * OAuth 2.0 token endpoint and bearer sessions (Salesforce Help: "OAuth 2.0 Client Credentials
 * Flow for Server-to-Server Integration", "OAuth 2.0 JWT Bearer Flow for Server-to-Server
 * Integration", "OAuth 2.0 Refresh Token Flow", "OAuth 2.0 Username-Password Flow").
 */
import { createHmac, createVerify, randomBytes } from 'node:crypto';
import { SANDBOX_JWT_PUBLIC_KEY } from './dev-jwt-keys';
import { makeId } from './ids';

export const ORG_ID = makeId('00D', 1);
export const USER_ID = makeId('005', 1);

export interface SandboxCredentials {
  clientId: string;
  clientSecret: string;
  /** Fixed development access token: always valid. */
  accessToken: string;
  apiVersion: string;
  username: string;
  password: string;
  /** Fixed development refresh token (the refresh_token grant accepts it). */
  refreshToken: string;
  /** Fixed development authorization code (the authorization_code grant accepts it; assumption). */
  authorizationCode: string;
  /** PEM of the RSA private key whose public half verifies JWT bearer assertions. */
  jwtPrivateKey: string;
}

export interface Session {
  token: string;
  username: string;
  clientId: string;
  issuedAt: number;
}

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
  toBody() {
    return { error: this.error, error_description: this.description };
  }
}

export class Sessions {
  private sessions = new Map<string, Session>();
  private refreshTokens = new Set<string>();

  constructor(private readonly creds: SandboxCredentials) {
    this.refreshTokens.add(creds.refreshToken);
  }

  /** The session of a bearer token, or undefined when unknown/revoked. */
  lookup(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    if (token === this.creds.accessToken) {
      return { token, username: this.creds.username, clientId: this.creds.clientId, issuedAt: 0 };
    }
    return this.sessions.get(token);
  }

  issue(clientId: string): Session {
    const token = `${ORG_ID.slice(0, 15)}!${randomBytes(24).toString('base64url')}`;
    const session = { token, username: this.creds.username, clientId, issuedAt: Date.now() };
    this.sessions.set(token, session);
    return session;
  }

  issueRefreshToken(): string {
    const token = `5Aep${randomBytes(24).toString('base64url')}`;
    this.refreshTokens.add(token);
    return token;
  }

  /** Revokes an issued access or refresh token (the fixed development tokens cannot be revoked). */
  revoke(token: string): boolean {
    return this.sessions.delete(token) || (token !== this.creds.refreshToken && this.refreshTokens.delete(token));
  }

  /** Makes every issued access token invalid (as when a session times out). */
  expireAll(): void {
    this.sessions.clear();
  }

  isRefreshToken(token: string): boolean {
    return this.refreshTokens.has(token);
  }
}

/**
 * The `aud` values a JWT bearer assertion may carry (Salesforce Help: "OAuth 2.0 JWT Bearer Flow for
 * Server-to-Server Integration"): the production and sandbox authorization servers. The emulator's own
 * URL stands for the org's My Domain, which Salesforce refuses as an audience, and no Experience Cloud
 * site is emulated.
 */
export const JWT_BEARER_AUDIENCES: readonly string[] = ['https://login.salesforce.com', 'https://test.salesforce.com'];

export interface TokenContext {
  creds: SandboxCredentials;
  sessions: Sessions;
  baseUrl: string;
  jwtPublicKey?: string;
}

/** Handles `POST /services/oauth2/token` (form-encoded). Returns the JSON body of a 200 answer. */
export function handleTokenRequest(ctx: TokenContext, form: URLSearchParams, authorization?: string): Record<string, unknown> {
  const { creds, sessions, baseUrl } = ctx;
  let clientId = form.get('client_id') ?? undefined;
  let clientSecret = form.get('client_secret') ?? undefined;
  if (authorization?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    clientId ??= decodeURIComponent(id);
    clientSecret ??= decodeURIComponent(secret ?? '');
  }
  const grant = form.get('grant_type');
  const checkClient = (secretRequired: boolean) => {
    if (clientId !== creds.clientId) throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
    if ((secretRequired || clientSecret !== undefined) && clientSecret !== creds.clientSecret) {
      throw new OAuthError(400, 'invalid_client', 'invalid client credentials');
    }
  };
  const answer = (extra: Record<string, unknown> = {}) => {
    const session = sessions.issue(clientId ?? creds.clientId);
    const id = `${baseUrl}/id/${ORG_ID}/${USER_ID}`;
    const issuedAt = String(session.issuedAt);
    const signature = createHmac('sha256', creds.clientSecret).update(id + issuedAt).digest('base64');
    return {
      access_token: session.token,
      ...extra,
      signature,
      scope: 'api',
      instance_url: baseUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  };

  switch (grant) {
    case 'client_credentials':
      checkClient(true);
      return answer();
    case 'password': {
      checkClient(true);
      const username = form.get('username');
      const password = form.get('password');
      if (username !== creds.username || password !== creds.password) {
        throw new OAuthError(400, 'invalid_grant', 'authentication failure');
      }
      return answer();
    }
    case 'refresh_token': {
      checkClient(false);
      const token = form.get('refresh_token');
      if (!token || !sessions.isRefreshToken(token)) throw new OAuthError(400, 'invalid_grant', 'expired access/refresh token');
      return answer();
    }
    case 'authorization_code': {
      checkClient(false);
      if (form.get('code') !== creds.authorizationCode) throw new OAuthError(400, 'invalid_grant', 'invalid authorization code');
      return answer({ refresh_token: sessions.issueRefreshToken() });
    }
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
      const assertion = form.get('assertion') ?? '';
      const claims = verifyJwt(assertion, ctx.jwtPublicKey ?? SANDBOX_JWT_PUBLIC_KEY);
      if (!claims) throw new OAuthError(400, 'invalid_grant', 'invalid assertion');
      if (claims.iss !== creds.clientId) throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
      if (claims.sub !== creds.username) throw new OAuthError(400, 'invalid_grant', "user hasn't approved this consumer");
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.some((a) => typeof a === 'string' && JWT_BEARER_AUDIENCES.includes(a.replace(/\/$/, '')))) {
        throw new OAuthError(400, 'invalid_grant', 'audience is invalid');
      }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
        throw new OAuthError(400, 'invalid_grant', 'expired authorization code');
      }
      clientId = creds.clientId;
      return answer();
    }
    default:
      throw new OAuthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
}

/** Verifies an RS256 compact JWS; returns its claims or null. */
export function verifyJwt(jwt: string, publicKeyPem: string): Record<string, any> | null {
  const parts = jwt.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    if (header.alg !== 'RS256') return null;
    const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(publicKeyPem, Buffer.from(parts[2], 'base64url'));
    if (!ok) return null;
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Identity URL body (Salesforce Help: "Identity URLs"). */
export function identityBody(baseUrl: string, creds: SandboxCredentials, version: string) {
  const data = `${baseUrl}/services/data/v{version}/`;
  return {
    id: `${baseUrl}/id/${ORG_ID}/${USER_ID}`,
    asserted_user: true,
    user_id: USER_ID,
    organization_id: ORG_ID,
    username: creds.username,
    nick_name: 'sandbox',
    display_name: 'Sandbox User',
    email: creds.username,
    email_verified: true,
    first_name: 'Sandbox',
    last_name: 'User',
    timezone: 'GMT',
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    last_modified_date: '2026-01-01T00:00:00.000+0000',
    is_app_installed: true,
    urls: {
      enterprise: `${baseUrl}/services/Soap/c/${version}/${ORG_ID}`,
      partner: `${baseUrl}/services/Soap/u/${version}/${ORG_ID}`,
      rest: data,
      sobjects: `${data}sobjects/`,
      query: `${data}query/`,
      limits: `${data}limits/`,
      profile: `${baseUrl}/${USER_ID}`,
    },
  };
}

/** OpenID Connect UserInfo body (Salesforce Help: "UserInfo Endpoint"). */
export function userInfoBody(baseUrl: string, creds: SandboxCredentials) {
  return {
    sub: `${baseUrl}/id/${ORG_ID}/${USER_ID}`,
    user_id: USER_ID,
    organization_id: ORG_ID,
    preferred_username: creds.username,
    nickname: 'sandbox',
    name: 'Sandbox User',
    email: creds.username,
    email_verified: true,
    given_name: 'Sandbox',
    family_name: 'User',
    zoneinfo: 'GMT',
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
  };
}
