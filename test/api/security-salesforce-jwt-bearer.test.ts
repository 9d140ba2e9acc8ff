import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUpstreamStack, UpstreamStack } from '../helpers/upstream-stack';
import { SANDBOX_JWT_PRIVATE_KEY } from '../../src/sandbox/salesforce/dev-jwt-keys';

/**
 * "Real upstream" mode against the emulators with the OAuth 2.0 JWT bearer flow
 * (SALESFORCE_USERNAME + SALESFORCE_PRIVATE_KEY_FILE): the assertion's `aud` is
 * Salesforce's authorization server (SALESFORCE_JWT_AUDIENCE, by default derived
 * from SALESFORCE_LOGIN_URL), never the login URL itself, which for the emulator
 * stands for a My Domain and is refused.
 */
const QUERY = '{ opportunities(first: 2) { edges { node { id } } } }';

/** A loopback proxy in front of the emulator that keeps the `aud` claim of every JWT bearer assertion it forwards. */
async function startAudienceRecorder(target: string): Promise<{ url: string; audiences: unknown[]; close(): Promise<void> }> {
  const audiences: unknown[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const assertion = req.url === '/services/oauth2/token' ? new URLSearchParams(body.toString('utf8')).get('assertion') : null;
      if (assertion) audiences.push(JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString('utf8')).aud);
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    audiences,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('the gateway logs in to Salesforce with the JWT bearer flow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o2c-jwt-bearer-'));
  const keyFile = join(dir, 'connected-app.key');
  writeFileSync(keyFile, SANDBOX_JWT_PRIVATE_KEY);
  const jwtBearerEnv = (extra: Record<string, string> = {}) => ({
    SALESFORCE_CLIENT_SECRET: '',
    SALESFORCE_USERNAME: 'sandbox@example.com',
    SALESFORCE_PRIVATE_KEY_FILE: keyFile,
    ...extra,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('with the default audience', () => {
    let stack: UpstreamStack;
    let recorder: Awaited<ReturnType<typeof startAudienceRecorder>>;
    beforeAll(async () => {
      stack = await startUpstreamStack({
        env: jwtBearerEnv(),
        salesforceUrl: async (emulatorUrl) => { recorder = await startAudienceRecorder(emulatorUrl); return recorder.url; },
      });
    });
    afterAll(async () => {
      await stack?.stop();
      await recorder?.close();
    });

    it('sends aud https://login.salesforce.com for a login URL that is not a sandbox or a site, and reads (Salesforce Help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration)', async () => {
      expect(stack.config.salesforce.auth).toMatchObject({ kind: 'jwtBearer', loginUrl: recorder.url, audience: 'https://login.salesforce.com' });
      const result = await stack.graphql<{ opportunities: { edges: unknown[] } }>(QUERY);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.opportunities.edges).toHaveLength(2);
      expect(recorder.audiences).toEqual(['https://login.salesforce.com']);
    });

    it('logs in again with a new assertion when the session expires', async () => {
      stack.salesforce.sessions.expireAll();
      stack.salesforce.counters.reset();
      expect((await stack.graphql(QUERY)).body.errors).toBeUndefined();
      expect(stack.salesforce.counters.snapshot().token).toBe(1);
      expect(recorder.audiences).toEqual(['https://login.salesforce.com', 'https://login.salesforce.com']);
    });
  });

  it('sends the configured SALESFORCE_JWT_AUDIENCE (https://test.salesforce.com, as for a sandbox org)', async () => {
    const stack = await startUpstreamStack({ env: jwtBearerEnv({ SALESFORCE_JWT_AUDIENCE: 'https://test.salesforce.com' }) });
    try {
      expect((await stack.graphql(QUERY)).body.errors).toBeUndefined();
    } finally {
      await stack.stop();
    }
  });

  it('does not start when Salesforce refuses the audience: a My Domain URL is answered 400 invalid_grant (Salesforce Help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration)', async () => {
    await expect(startUpstreamStack({ env: jwtBearerEnv({ SALESFORCE_JWT_AUDIENCE: 'https://acme.my.salesforce.com' }) }))
      .rejects.toThrow('Salesforce login failed (400 invalid_grant)');
  });
});
