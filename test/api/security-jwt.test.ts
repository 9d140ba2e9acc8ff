import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { startUpstreamStack } from '../helpers/upstream-stack';

/**
 * Per-user JWTs from an OIDC issuer (GATEWAY_JWT_*): the signing keys come from
 * the issuer's JWKS, served here by a loopback HTTP server; scopes come from a claim.
 */
const ISSUER = 'https://login.example-idp.test';
const AUDIENCE = 'o2c-gateway';
const READ = '{ opportunities(first: 1) { edges { node { id } } } }';
const PROVISION = 'mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id requestedBy } }';

let privateKey: KeyLike;
let otherKey: KeyLike;
let jwks: { keys: unknown[] };
let jwksServer: http.Server;
let jwksUrl: string;
let jwksRequests = 0;
let stack: TestStack;
const dir = mkdtempSync(join(tmpdir(), 'o2c-jwks-'));

async function token(claims: Record<string, unknown>, options: { key?: KeyLike; kid?: string; expiresIn?: string | number; issuer?: string; audience?: string } = {}): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'idp-key-1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject((claims.sub as string | undefined) ?? '005Dn0000000001AAA')
    .setIssuedAt();
  jwt.setExpirationTime(options.expiresIn ?? '5m');
  return jwt.sign(options.key ?? privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' }] };
  jwksServer = http.createServer((req, res) => {
    jwksRequests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  stack = await startTestStack({
    GATEWAY_API_KEYS: 'test-read-key-000000000000000001:read',
    GATEWAY_JWT_ISSUER: ISSUER,
    GATEWAY_JWT_AUDIENCE: AUDIENCE,
    GATEWAY_JWT_JWKS_URL: jwksUrl,
    GATEWAY_JWT_SCOPE_CLAIM: 'o2c_scopes',
  });
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => jwksServer.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function expect401(jwt: string): Promise<void> {
  const result = await stack.graphql(READ, {}, { token: jwt });
  expect(result.status).toBe(401);
  expect(result.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
}

describe('JWTs from an OIDC issuer', () => {
  it('accepts a token the issuer signed, with the scopes of its claim, and names the user', async () => {
    const reader = await token({ o2c_scopes: 'read' });
    const read = await stack.graphql(READ, {}, { token: reader });
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    const refused = await stack.graphql(PROVISION, {}, { token: reader });
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'provision' });

    const provisioner = await token({ o2c_scopes: ['read', 'provision'], sub: '005Dn0000000042AAA' });
    const run = await stack.graphql<{ provisionOpportunity: { requestedBy: string } }>(PROVISION, {}, { token: provisioner });
    expect(run.body.errors).toBeUndefined();
    expect(run.body.data?.provisionOpportunity.requestedBy).toBe('jwt:005Dn0000000042AAA');
    expect(jwksRequests).toBeGreaterThanOrEqual(1);
  });

  it('a token with no known scope is authenticated but may do nothing', async () => {
    const none = await stack.graphql(READ, {}, { token: await token({ o2c_scopes: 'openid profile' }) });
    expect(none.status).toBe(200);
    expect(none.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'read' });
  });

  it('refuses expired tokens, other audiences and issuers, other keys, HMAC and unsigned tokens', async () => {
    await expect401(await token({ o2c_scopes: 'read' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }));
    await expect401(await token({ o2c_scopes: 'read' }, { audience: 'another-api' }));
    await expect401(await token({ o2c_scopes: 'read' }, { issuer: 'https://evil.example' }));
    await expect401(await token({ o2c_scopes: 'read' }, { key: otherKey }));
    await expect401(await token({ o2c_scopes: 'read' }, { key: otherKey, kid: 'unknown-kid' }));
    const hmac = await new SignJWT({ o2c_scopes: 'admin' }).setProtectedHeader({ alg: 'HS256', kid: 'idp-key-1' })
      .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode('a-guessable-secret-0123456789abcdef'));
    await expect401(hmac);
    const [header, payload] = (await token({ o2c_scopes: 'admin' })).split('.');
    await expect401(`${header}.${payload}.AAAA`); // signature stripped and replaced
    const tampered = Buffer.from(JSON.stringify({ o2c_scopes: 'admin', sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })).toString('base64url');
    await expect401(`${header}.${tampered}.${(await token({ o2c_scopes: 'read' })).split('.')[2]}`);
    // API keys still work beside JWTs.
    expect((await stack.graphql(READ, {}, { token: 'test-read-key-000000000000000001' })).status).toBe(200);
  });

  it('reads the keys from a local JWKS file, and JWTs alone are enough authentication against real upstreams', async () => {
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(jwks));
    const upstream = await startUpstreamStack({
      env: { GATEWAY_API_KEYS: '', GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE, GATEWAY_JWT_JWKS_FILE: file },
    });
    try {
      const ok = await upstream.graphql(READ, {}, { token: await token({ scope: 'read' }) });
      expect(ok.status).toBe(200);
      expect(ok.body.errors).toBeUndefined();
      const refused = await upstream.graphql(READ, {}, { token: await token({ scope: 'read' }, { key: otherKey }) });
      expect(refused.status).toBe(401);
    } finally {
      await upstream.stop();
    }
  });
});
