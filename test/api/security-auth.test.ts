import { startTestStack, TestStack } from '../helpers/test-stack';
import { startUpstreamStack } from '../helpers/upstream-stack';
import { loadConfig } from '../../src/config/load-config';
import { startGateway } from '../../src/gateway';
import { createLogger } from '../../src/observability/logger';
import { ConfigError } from '../../src/config/config-error';

/**
 * Authentication (HTTP 401 UNAUTHENTICATED before any GraphQL work) and scopes
 * (FORBIDDEN on the field, naming the scope, HTTP 200), through HTTP against the sandbox.
 */
const KEYS = {
  read: 'test-read-key-000000000000000001',
  provision: 'test-provision-key-0000000000001',
  credits: 'test-credits-key-00000000000001',
  admin: 'test-admin-key-0000000000000001',
};
const OPPORTUNITIES = '{ opportunities(first: 2) { edges { node { id name } } } }';
const PROVISION = `mutation P($id: ID!) { provisionOpportunity(input: { opportunityId: $id }) { id status requestedBy } }`;
const TRIAL = `mutation T($id: ID!) { startTrial(input: { opportunityId: $id }) { id status } }`;
const GRANT = `mutation G($key: String) { grantCredits(input: { customerId: "customer-initech", currencyId: "currency-api-credits",
  amount: 5, grantType: PROMOTIONAL, displayName: "auth test", idempotencyKey: $key }) { id amount } }`;
const VOID = 'mutation { voidCreditGrant(grantId: "no-such-grant") { id } }';
const ACME = '006Dn0000000001IAA';
const WAYNE = '006Dn0000000005IAA';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    GATEWAY_API_KEYS: Object.entries(KEYS).map(([scope, key]) => `${key}:${scope}`).join(';'),
  });
});
afterAll(() => stack?.stop());

function upstreamRequests(): number {
  const sf = Object.values(stack.sandbox.salesforce.counters.snapshot()).reduce((a, b) => a + b, 0);
  const stigg = Object.values(stack.sandbox.stigg.counters.snapshot()).reduce((a, b) => a + b, 0);
  return sf + stigg;
}

async function expectUnauthenticated(headers: Record<string, string>): Promise<void> {
  const before = upstreamRequests();
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: OPPORTUNITIES }),
  });
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  const body = await response.json() as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
  expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(body.data).toBeUndefined();
  expect(upstreamRequests()).toBe(before); // refused before execution: nothing reached Salesforce or Stigg
}

async function expectServing(token = KEYS.read): Promise<void> {
  const ok = await stack.graphql(OPPORTUNITIES, {}, { token });
  expect(ok.status).toBe(200);
  expect(ok.body.errors).toBeUndefined();
}

function expectForbidden(result: Awaited<ReturnType<TestStack['graphql']>>, field: string, scope: string): void {
  expect(result.status).toBe(200);
  expect(result.body.errors).toHaveLength(1);
  const [error] = result.body.errors!;
  expect(error.extensions?.code).toBe('FORBIDDEN');
  expect(error.extensions?.scope).toBe(scope);
  expect(error.message).toContain(`'${scope}'`);
  expect(error.path).toEqual([field]);
}

describe('authentication: HTTP 401 UNAUTHENTICATED before execution', () => {
  it('refuses a request with no Authorization header', async () => {
    await expectUnauthenticated({});
    await expectServing();
  });

  it('refuses an unknown key, a forged key and malformed headers', async () => {
    await expectUnauthenticated({ authorization: 'Bearer not-a-key-of-this-gateway-at-all' });
    await expectUnauthenticated({ authorization: `Bearer ${KEYS.admin}x` }); // a real key, one character longer
    await expectUnauthenticated({ authorization: `Bearer ${KEYS.admin.slice(0, -1)}` }); // one character shorter
    await expectUnauthenticated({ authorization: `Bearer ${KEYS.admin.toUpperCase()}` });
    await expectUnauthenticated({ authorization: `Basic ${Buffer.from(`${KEYS.admin}:`).toString('base64')}` });
    await expectUnauthenticated({ authorization: KEYS.admin }); // no scheme
    await expectUnauthenticated({ authorization: `Bearer ${KEYS.admin} ${KEYS.read}` });
    await expectUnauthenticated({ authorization: 'Bearer o2c_forgedforgedforgedforgedforgedforgedforg' }); // journal-key shaped
    await expectUnauthenticated({ authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2NvcGUiOiJhZG1pbiJ9.' }); // alg none JWT
    await expectServing();
  });

  it('accepts a key created in the journal, and refuses it once revoked', async () => {
    const issued = await stack.gateway.services.journal.apiKeys.createApiKey({ name: 'revocation test', scopes: ['read'], browser: false });
    await expectServing(issued.key);
    expect(await stack.gateway.services.journal.apiKeys.revokeApiKey(issued.id)).toBe(true);
    await expectUnauthenticated({ authorization: `Bearer ${issued.key}` });
    await expectServing();
  });

  it('refuses the old key after a rotation and accepts the new one', async () => {
    const issued = await stack.gateway.services.journal.apiKeys.createApiKey({ name: 'rotation test', scopes: ['read'], browser: false });
    await expectServing(issued.key);
    const rotated = await stack.gateway.services.journal.apiKeys.rotateApiKey(issued.id);
    expect(rotated?.key).toBeDefined();
    expect(rotated!.key).not.toBe(issued.key);
    await expectUnauthenticated({ authorization: `Bearer ${issued.key}` });
    await expectServing(rotated!.key);
  });

  it('says who called with the key id in the run, never the key', async () => {
    const run = await stack.graphql<{ provisionOpportunity: { requestedBy: string } }>(PROVISION, { id: ACME }, { token: KEYS.provision });
    expect(run.body.errors).toBeUndefined();
    expect(run.body.data?.provisionOpportunity.requestedBy).toBe('env:2');
    expect(JSON.stringify(run.body)).not.toContain(KEYS.provision);
  });
});

describe('scopes: FORBIDDEN naming the scope, HTTP 200', () => {
  it('read: reads and the dry run are allowed; provisioning and credits are refused', async () => {
    await expectServing(KEYS.read);
    const preview = await stack.graphql(`{ previewProvisioning(input: { opportunityId: "${ACME}" }) { opportunityId } }`, {}, { token: KEYS.read });
    expect(preview.body.errors).toBeUndefined();
    const before = await stack.gateway.services.journal.runs.listRuns({ opportunityIds: [WAYNE], first: 10 });
    expectForbidden(await stack.graphql(PROVISION, { id: WAYNE }, { token: KEYS.read }), 'provisionOpportunity', 'provision');
    expectForbidden(await stack.graphql(TRIAL, { id: WAYNE }, { token: KEYS.read }), 'startTrial', 'provision');
    expectForbidden(await stack.graphql(GRANT, {}, { token: KEYS.read }), 'grantCredits', 'credits');
    expectForbidden(await stack.graphql(VOID, {}, { token: KEYS.read }), 'voidCreditGrant', 'credits');
    const after = await stack.gateway.services.journal.runs.listRuns({ opportunityIds: [WAYNE], first: 10 });
    expect(after.edges).toHaveLength(before.edges.length); // no run was created
  });

  it('provision: provisioning is allowed; reads and credits are refused', async () => {
    expectForbidden(await stack.graphql(OPPORTUNITIES, {}, { token: KEYS.provision }), 'opportunities', 'read');
    expectForbidden(await stack.graphql(GRANT, {}, { token: KEYS.provision }), 'grantCredits', 'credits');
    const run = await stack.graphql<{ provisionOpportunity: { status: string } }>(PROVISION, { id: ACME }, { token: KEYS.provision });
    expect(run.body.errors).toBeUndefined();
    expect(run.body.data?.provisionOpportunity.status).toBe('SUCCEEDED');
  });

  it('credits: credit grants are allowed; reads and provisioning are refused', async () => {
    expectForbidden(await stack.graphql(OPPORTUNITIES, {}, { token: KEYS.credits }), 'opportunities', 'read');
    expectForbidden(await stack.graphql(PROVISION, { id: WAYNE }, { token: KEYS.credits }), 'provisionOpportunity', 'provision');
    const grant = await stack.graphql<{ grantCredits: { amount: number } }>(GRANT, { key: 'auth-test-credits' }, { token: KEYS.credits });
    expect(grant.body.errors).toBeUndefined();
    expect(grant.body.data?.grantCredits.amount).toBe(5);
  });

  it('admin: includes every other scope', async () => {
    await expectServing(KEYS.admin);
    const grant = await stack.graphql<{ grantCredits: { amount: number } }>(GRANT, { key: 'auth-test-admin' }, { token: KEYS.admin });
    expect(grant.body.errors).toBeUndefined();
    const run = await stack.graphql<{ provisionOpportunity: { status: string } }>(PROVISION, { id: ACME }, { token: KEYS.admin });
    expect(run.body.errors).toBeUndefined();
  });

  it('a refused field does not spoil the allowed ones beside it', async () => {
    const mixed = await stack.graphql<{ opportunities: unknown; provisioningRuns: unknown }>(
      '{ opportunities(first: 1) { edges { node { id } } } provisioningRuns(first: 1) { edges { node { id } } } }', {}, { token: KEYS.read });
    expect(mixed.body.errors).toBeUndefined();
    const partial = await stack.graphql<{ opportunity: unknown }>(
      `mutation { a: grantCredits(input: { customerId: "customer-initech", currencyId: "currency-api-credits", amount: 1, grantType: PROMOTIONAL, displayName: "x" }) { id } }`,
      {}, { token: KEYS.provision });
    expectForbidden(partial, 'a', 'credits');
  });

  it('a browser key carries read only', async () => {
    const browser = await stack.gateway.services.journal.apiKeys.createApiKey({ name: 'lwc', scopes: ['read'], browser: true });
    await expectServing(browser.key);
    expectForbidden(await stack.graphql(PROVISION, { id: WAYNE }, { token: browser.key }), 'provisionOpportunity', 'provision');
    expectForbidden(await stack.graphql(GRANT, {}, { token: browser.key }), 'grantCredits', 'credits');
    await expect(stack.gateway.services.journal.apiKeys.createApiKey({ name: 'lwc', scopes: ['read', 'provision'], browser: true }))
      .rejects.toThrow(/browser key carries read only/);
  });
});

describe('when authentication is off, and when the gateway refuses to start', () => {
  it('sandbox mode with no keys: authentication is off (every caller is the sandbox principal)', async () => {
    const open = await startTestStack();
    try {
      const result = await open.graphql<{ provisionOpportunity: { requestedBy: string } }>(PROVISION, { id: ACME });
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.provisionOpportunity.requestedBy).toBe('sandbox');
    } finally {
      await open.stop();
    }
  });

  it('real upstreams with no keys: refuses to start, naming GATEWAY_API_KEYS', async () => {
    await expect(startUpstreamStack({ env: { GATEWAY_API_KEYS: '' } })).rejects.toThrow(ConfigError);
    await expect(startUpstreamStack({ env: { GATEWAY_API_KEYS: '' } })).rejects.toThrow(/^GATEWAY_API_KEYS: .*refuses to start without authentication/);
  });

  it('startGateway itself checks, even with a configuration built by hand', async () => {
    const config = { ...loadConfig({ GATEWAY_API_KEYS: `${KEYS.read}:read`, SALESFORCE_INSTANCE_URL: 'http://127.0.0.1:9', SALESFORCE_ACCESS_TOKEN: 'x', STIGG_API_KEY: 'y', PORT: '0' }), apiKeys: [] };
    await expect(startGateway({
      config, logger: createLogger('silent'),
      upstreams: { salesforce: { kind: 'session', instanceUrl: 'http://127.0.0.1:9', accessToken: 'x' }, stigg: { apiKey: 'y', baseUri: 'http://127.0.0.1:9' } },
    })).rejects.toThrow(/^GATEWAY_API_KEYS/);
  });

  it('sandbox mode with no keys refuses a non-loopback HOST', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/^HOST: /);
    expect(() => loadConfig({ HOST: '0.0.0.0', GATEWAY_API_KEYS: `${KEYS.read}:read` })).not.toThrow();
  });
});
