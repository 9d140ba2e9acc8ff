import { createSign } from 'node:crypto';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { connect, jsforce, raw, startSf, v } from './helpers/salesforce';

function signJwt(claims: Record<string, unknown>, privateKey: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe('Salesforce emulator: OAuth 2.0 and sessions', () => {
  let sf: SalesforceEmulator;
  beforeAll(async () => {
    sf = await startSf();
  });
  afterAll(() => sf.stop());

  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    raw(sf, '/services/oauth2/token', {
      method: 'POST',
      body: form(body),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      token: null,
    });

  it('issues a bearer token for client_credentials with access_token, instance_url, id, token_type, issued_at, signature (Salesforce Help: OAuth 2.0 Client Credentials Flow for Server-to-Server Integration)', async () => {
    const oauth2 = new jsforce.OAuth2({ loginUrl: sf.url, clientId: sf.credentials.clientId, clientSecret: sf.credentials.clientSecret });
    const conn = new jsforce.Connection({ oauth2, version: sf.credentials.apiVersion });
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    expect(conn.instanceUrl).toBe(sf.url);
    expect(conn.accessToken).toMatch(/^00DDn0000000001!/);
    expect(userInfo.organizationId).toBe('00DDn0000000001MAA');
    const res = await conn.query<{ Name: string }>('SELECT Name FROM Account WHERE Name = \'Globex\'');
    expect(res.records[0].Name).toBe('Globex');

    const direct = await token({ grant_type: 'client_credentials', client_id: sf.credentials.clientId, client_secret: sf.credentials.clientSecret });
    expect(direct.status).toBe(200);
    expect(Object.keys(direct.body)).toEqual(
      expect.arrayContaining(['access_token', 'instance_url', 'id', 'token_type', 'issued_at', 'signature']),
    );
    expect(direct.body.token_type).toBe('Bearer');
    expect(direct.body.id).toBe(`${sf.url}/id/00DDn0000000001MAA/005Dn0000000001IAA`);
  });

  it('accepts client credentials in an HTTP Basic Authorization header (Salesforce Help: OAuth 2.0 Client Credentials Flow for Server-to-Server Integration)', async () => {
    const basic = Buffer.from(`${sf.credentials.clientId}:${sf.credentials.clientSecret}`).toString('base64');
    const res = await token({ grant_type: 'client_credentials' }, { Authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
  });

  it('answers 400 invalid_client for a wrong client secret and invalid_client_id for an unknown client (Salesforce Help: OAuth 2.0 Client Credentials Flow for Server-to-Server Integration)', async () => {
    const bad = await token({ grant_type: 'client_credentials', client_id: sf.credentials.clientId, client_secret: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
    const unknown = await token({ grant_type: 'client_credentials', client_id: 'other', client_secret: 'x' });
    expect(unknown.body.error).toBe('invalid_client_id');

    const oauth2 = new jsforce.OAuth2({ loginUrl: sf.url, clientId: sf.credentials.clientId, clientSecret: 'wrong' });
    const conn = new jsforce.Connection({ oauth2 });
    await expect(conn.authorize({ grant_type: 'client_credentials' })).rejects.toMatchObject({ name: 'invalid_client' });
  });

  it('answers unsupported_grant_type for an unknown grant (Salesforce Help: OAuth 2.0 Client Credentials Flow for Server-to-Server Integration; RFC 6749 §5.2)', async () => {
    const res = await token({ grant_type: 'magic', client_id: sf.credentials.clientId });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });

  it('exchanges an RS256 JWT assertion whose iss is the client id and sub the username (Salesforce Help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration)', async () => {
    const claims = {
      iss: sf.credentials.clientId,
      sub: sf.credentials.username,
      aud: 'https://login.salesforce.com',
      exp: Math.floor(Date.now() / 1000) + 180,
    };
    const conn = new jsforce.Connection({ loginUrl: sf.url, version: sf.credentials.apiVersion });
    await conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signJwt(claims, sf.credentials.jwtPrivateKey),
    });
    expect(conn.instanceUrl).toBe(sf.url);
    const res = await conn.query('SELECT COUNT() FROM Account');
    expect(res.totalSize).toBe(7);

    const wrongSub = await token({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signJwt({ ...claims, sub: 'someone@else.example' }, sf.credentials.jwtPrivateKey),
    });
    expect(wrongSub.body.error).toBe('invalid_grant');
    const wrongIss = await token({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signJwt({ ...claims, iss: 'other-client' }, sf.credentials.jwtPrivateKey),
    });
    expect(wrongIss.body.error).toBe('invalid_client_id');
    const expired = await token({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, sf.credentials.jwtPrivateKey),
    });
    expect(expired.body.error).toBe('invalid_grant');
  });

  it('accepts aud https://login.salesforce.com or https://test.salesforce.com, and refuses any other audience, the org\'s My Domain URL included, with 400 invalid_grant "audience is invalid" (Salesforce Help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration; the error body as useparagon.com\'s "Salesforce invalid_grant audience is invalid" reports it)', async () => {
    const claims = (aud: unknown) => ({ iss: sf.credentials.clientId, sub: sf.credentials.username, aud, exp: Math.floor(Date.now() / 1000) + 180 });
    const bearer = (aud: unknown) => token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signJwt(claims(aud), sf.credentials.jwtPrivateKey) });
    for (const aud of ['https://login.salesforce.com', 'https://test.salesforce.com']) {
      expect((await bearer(aud)).status).toBe(200);
    }
    for (const aud of [sf.url, 'https://acme.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com', 'https://login.salesforce.com.evil.example', 'http://login.salesforce.com', undefined]) {
      const refused = await bearer(aud);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ error: 'invalid_grant', error_description: 'audience is invalid' });
    }

    const conn = new jsforce.Connection({ loginUrl: sf.url, version: sf.credentials.apiVersion });
    await expect(conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signJwt(claims(sf.url), sf.credentials.jwtPrivateKey),
    })).rejects.toMatchObject({ name: 'invalid_grant', message: 'audience is invalid' });
  });

  it('rejects a JWT assertion not signed with the sandbox development key (assumption: the bundled dev key stands for the connected app certificate)', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const res = await token({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signJwt({ iss: sf.credentials.clientId, sub: sf.credentials.username, aud: 'https://login.salesforce.com', exp: Math.floor(Date.now() / 1000) + 60 }, other),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
  });

  it('logs in with the username-password grant when jsforce has a client secret (Salesforce Help: OAuth 2.0 Username-Password Flow for Special Scenarios)', async () => {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: sf.url, clientId: sf.credentials.clientId, clientSecret: sf.credentials.clientSecret },
      version: sf.credentials.apiVersion,
    });
    const info = await conn.login(sf.credentials.username, sf.credentials.password);
    expect(info.id).toBe('005Dn0000000001IAA');
    expect(conn.instanceUrl).toBe(sf.url);
    const bad = new jsforce.Connection({ oauth2: { loginUrl: sf.url, clientId: sf.credentials.clientId, clientSecret: sf.credentials.clientSecret } });
    await expect(bad.login(sf.credentials.username, 'wrong')).rejects.toMatchObject({ name: 'invalid_grant', message: 'authentication failure' });
  });

  it('logs in through the SOAP login() call when jsforce has no client secret (SOAP API Developer Guide: login())', async () => {
    const conn = new jsforce.Connection({ loginUrl: sf.url, version: sf.credentials.apiVersion });
    const info = await conn.login(sf.credentials.username, sf.credentials.password);
    expect(info.organizationId).toBe('00DDn0000000001MAA');
    expect(conn.instanceUrl).toBe(sf.url);
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBe(7);
    const bad = new jsforce.Connection({ loginUrl: sf.url });
    await expect(bad.login(sf.credentials.username, 'wrong')).rejects.toThrow(/INVALID_LOGIN/);
  });

  it('issues a refresh token for the authorization_code grant and new access tokens for refresh_token (Salesforce Help: OAuth 2.0 Web Server Flow; OAuth 2.0 Refresh Token Flow; assumption: the sandbox accepts one fixed authorization code)', async () => {
    const oauth2 = new jsforce.OAuth2({
      loginUrl: sf.url,
      clientId: sf.credentials.clientId,
      clientSecret: sf.credentials.clientSecret,
      redirectUri: 'http://localhost/callback',
    });
    const conn = new jsforce.Connection({ oauth2, version: sf.credentials.apiVersion });
    await conn.authorize(sf.credentials.authorizationCode);
    expect(conn.refreshToken).toMatch(/^5Aep/);
    const refreshed = await oauth2.refreshToken(conn.refreshToken!);
    expect(refreshed.access_token).toBeDefined();
    expect(refreshed.instance_url).toBe(sf.url);
    expect((refreshed as any).refresh_token).toBeUndefined();
    await expect(oauth2.refreshToken('not-a-refresh-token')).rejects.toMatchObject({ name: 'invalid_grant' });
  });

  it('answers 401 INVALID_SESSION_ID for an unknown bearer token on /services/data (REST API Developer Guide: Status Codes and Error Responses)', async () => {
    const res = await raw(sf, `${v(sf)}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, { token: 'bogus' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const none = await raw(sf, `${v(sf)}/limits`, { token: null });
    expect(none.status).toBe(401);
    const conn = connect(sf, { accessToken: 'bogus' });
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
  });

  it('keeps the fixed development access token valid while issued tokens can expire; jsforce refreshes with its refresh token (REST API Developer Guide: Status Codes and Error Responses — 401; Salesforce Help: OAuth 2.0 Refresh Token Flow)', async () => {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: sf.url, clientId: sf.credentials.clientId, clientSecret: sf.credentials.clientSecret },
      instanceUrl: sf.url,
      refreshToken: sf.credentials.refreshToken,
      accessToken: 'expired-token',
      version: sf.credentials.apiVersion,
    });
    const refreshes: string[] = [];
    conn.on('refresh', (t: string) => refreshes.push(t));
    sf.counters.reset();
    const res = await conn.query('SELECT COUNT() FROM Opportunity');
    expect(res.totalSize).toBe(17);
    expect(refreshes).toHaveLength(1);
    expect(sf.counters.snapshot()).toMatchObject({ token: 1, query: 2 });

    const issued = refreshes[0];
    sf.sessions.expireAll();
    expect((await raw(sf, `${v(sf)}/limits`, { token: issued })).status).toBe(401);
    expect((await raw(sf, `${v(sf)}/limits`)).status).toBe(200);
  });

  it('revokes an issued token (Salesforce Help: Revoke OAuth Tokens)', async () => {
    const issued = await token({ grant_type: 'client_credentials', client_id: sf.credentials.clientId, client_secret: sf.credentials.clientSecret });
    const conn = connect(sf, { accessToken: issued.body.access_token, oauth2: { loginUrl: sf.url } });
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(7);
    await conn.logout();
    expect((await raw(sf, `${v(sf)}/limits`, { token: issued.body.access_token })).status).toBe(401);
  });

  it('serves the identity URL and UserInfo endpoint used by conn.identity() (Salesforce Help: Identity URLs; UserInfo Endpoint)', async () => {
    const conn = connect(sf);
    const identity = await conn.identity();
    expect(identity).toMatchObject({ user_id: '005Dn0000000001IAA', organization_id: '00DDn0000000001MAA', username: sf.credentials.username });
    const userinfo = await raw(sf, '/services/oauth2/userinfo');
    expect(userinfo.status).toBe(200);
    expect(userinfo.body.preferred_username).toBe(sf.credentials.username);
    expect((await raw(sf, '/services/oauth2/userinfo', { token: 'nope' })).status).toBe(401);
  });
});
