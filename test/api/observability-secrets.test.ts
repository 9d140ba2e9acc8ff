import http from 'node:http';
import { AddressInfo } from 'node:net';
import { startRecordingProxy, startUpstreamStack, RecordingProxy, UpstreamStack } from '../helpers/upstream-stack';
import { startTestStack } from '../helpers/test-stack';

/**
 * No secret is ever logged or answered: with LOG_LEVEL=trace, through
 * successes, refusals, upstream failures, a session refresh, a failing hook
 * and every endpoint, neither the logs nor any response (body or header)
 * holds a gateway key, a journal key, the Salesforce client secret or access
 * token, the Stigg API key or the hook secret. The sandbox's fixed development
 * credentials are the one documented exception, and only on GET /sandbox.
 */
const KEYS = { reader: 'secret-reader-key-7c1d9e2f4a6b8c0d', operator: 'secret-operator-key-3e5f7a9b1c2d4e6f' };
const HOOK_SECRET = 'hook-signing-secret-9a8b7c6d5e4f3a2b';

let stack: UpstreamStack;
let proxy: RecordingProxy;
let hook: http.Server;
let hookStatus = 200;
const responses: string[] = [];

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(hookStatus, { 'content-type': 'application/json' }); res.end(hookStatus === 200 ? '{}' : 'nope'); });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  stack = await startUpstreamStack({
    salesforceUrl: async (target) => { proxy = await startRecordingProxy(target); return proxy.url; },
    env: {
      LOG_LEVEL: 'trace',
      GATEWAY_API_KEYS: `${KEYS.reader}:read;${KEYS.operator}:admin`,
      PROVISIONING_HOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/provision`,
      PROVISIONING_HOOK_SECRET: HOOK_SECRET,
      GATEWAY_REQUEST_TIMEOUT_MS: '1500',
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
  await new Promise((resolve) => hook.close(resolve));
});

async function call(path: string, init: RequestInit = {}): Promise<void> {
  const response = await fetch(`${stack.url}${path}`, init);
  responses.push(`${response.status} ${JSON.stringify([...response.headers])}\n${await response.text()}`);
}

function gql(query: string, token: string | null = KEYS.operator, variables: Record<string, unknown> = {}): Promise<void> {
  return call('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
}

/** The secret itself and a distinctive piece of it (a leak may be cut or wrapped). */
function forms(secret: string): string[] {
  const middle = secret.slice(Math.floor(secret.length / 2) - 8, Math.floor(secret.length / 2) + 8);
  return [secret, middle, Buffer.from(secret).toString('base64').slice(0, 16)];
}

describe('no secret in logs or responses', () => {
  it('exercises the gateway in every way that could leak one', async () => {
    const journalKey = await stack.gateway.services.journal.apiKeys.createApiKey({ name: 'leak test', scopes: ['read'], browser: false });
    (global as { journalKey?: string }).journalKey = journalKey.key;
    const sf = stack.salesforce;
    const stigg = stack.stigg;

    await gql('{ opportunities(first: 3) { edges { node { id name lineItems { product { name } } account { customer { id } } } } } }', KEYS.reader);
    await gql('{ opportunities(first: 1) { edges { node { id } } } }', journalKey.key);
    await gql('{ __typename }', null);
    await gql('{ __typename }', `${KEYS.operator}x`);
    await gql('{ __typename }', journalKey.key.slice(0, -2));
    await gql('mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id } }', KEYS.reader); // FORBIDDEN
    await gql('mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id status error { code message } } }'); // calls the hook
    hookStatus = 500;
    await gql('mutation { startTrial(input: { opportunityId: "006Dn0000000005IAA" }) { id status error { code message } } }'); // the hook fails
    hookStatus = 200;
    await gql('mutation { grantCredits(input: { customerId: "customer-initech", currencyId: "currency-api-credits", amount: 3, grantType: PROMOTIONAL, displayName: "leak" }) { id } }');
    await gql('{ opportunity(id: "not-an-id") { id } }');

    sf.sessions.expireAll(); // a refresh: a new login with the client secret
    await gql('{ opportunities(first: 1) { edges { node { id } } } }');
    sf.faults.add({ operation: 'query', failure: 'SERVER_ERROR', times: 1 });
    await gql('{ opportunities(first: 1) { edges { node { id } } } }');
    sf.faults.add({ operation: 'query', failure: 'INVALID_SESSION_ID', times: 2 });
    await gql('{ opportunities(first: 1) { edges { node { id } } } }');
    stigg.faults.add({ operation: '*', failure: 'SERVER_ERROR', times: 2 });
    await gql('{ customer(id: "customer-initech") { id creditBalances { currentBalance } } }');
    stigg.faults.add({ operation: '*', failure: 'BAD_GATEWAY', times: 1 });
    await gql('{ customer(id: "customer-initech") { id } }');
    stigg.faults.add({ operation: '*', latencyMs: 2_500, times: 1 });
    await gql('{ customer(id: "customer-initech") { id } }'); // 504
    sf.faults.add({ operation: 'query', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    await gql('{ opportunities(first: 1) { edges { node { id } } } }');
    await gql('{ opportunities(first: 1) { edges { node { id } } } }'); // breaker open

    await call('/healthz');
    await call('/readyz');
    await call('/metrics');
    await call('/sandbox');
    await call('/graphql', { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${KEYS.operator}` }, body: 'x' });
    await call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.operator}` }, body: '{oops' });
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // late logs of the abandoned request
    expect(responses.length).toBeGreaterThan(20);
    expect(stack.logs.length).toBeGreaterThan(50);
  }, 25_000);

  it('finds none of the configured secrets, the issued access tokens or the journal key anywhere', () => {
    // The logins went through the recording proxy (SALESFORCE_LOGIN_URL): the tokens Salesforce issued.
    const issuedTokens = proxy.requests.filter((r) => r.path === '/services/oauth2/token' && r.status === 200)
      .map((r) => (JSON.parse(r.responseBody!) as { access_token: string }).access_token);
    expect(issuedTokens.length).toBeGreaterThanOrEqual(2); // the first session and the refreshed one
    const secrets: Record<string, string> = {
      'GATEWAY_API_KEYS reader': KEYS.reader,
      'GATEWAY_API_KEYS operator': KEYS.operator,
      'journal key': (global as { journalKey?: string }).journalKey!,
      SALESFORCE_CLIENT_SECRET: stack.env.SALESFORCE_CLIENT_SECRET,
      STIGG_API_KEY: stack.env.STIGG_API_KEY,
      PROVISIONING_HOOK_SECRET: HOOK_SECRET,
      ...Object.fromEntries(issuedTokens.map((t, i) => [`Salesforce access token ${i + 1}`, t])),
    };
    const haystacks = { logs: stack.logs.join('\n'), responses: responses.join('\n') };
    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length).toBeGreaterThanOrEqual(16);
      for (const form of forms(secret)) {
        for (const [where, text] of Object.entries(haystacks)) if (text.includes(form)) leaks.push(`${name} in ${where}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe('the sandbox exception', () => {
  it("the fixed development credentials appear on GET /sandbox and nowhere else", async () => {
    const sandbox = await startTestStack({ LOG_LEVEL: 'trace' });
    try {
      const seen: string[] = [];
      const describe = await (await fetch(`${sandbox.url}/sandbox`)).json() as { salesforce: { accessToken: string }; stigg: { apiKey: string } };
      expect(describe.salesforce.accessToken).toBe(sandbox.sandbox.salesforce.credentials.accessToken);
      expect(describe.stigg.apiKey).toBe(sandbox.sandbox.stigg.apiKey);
      for (const query of ['{ opportunities(first: 2) { edges { node { id subscription { id } } } } }', '{ customer(id: "customer-initech") { id } }']) {
        const result = await sandbox.graphql(query);
        seen.push(JSON.stringify(result.body), JSON.stringify([...result.headers]));
      }
      sandbox.sandbox.stigg.faults.add({ operation: '*', failure: 'SERVER_ERROR', times: 1 });
      seen.push(JSON.stringify((await sandbox.graphql('{ customer(id: "customer-initech") { id } }')).body));
      for (const path of ['/readyz', '/metrics', '/healthz']) seen.push(await (await fetch(`${sandbox.url}${path}`)).text());
      const elsewhere = `${seen.join('\n')}\n${sandbox.logs.join('\n')}`;
      expect(elsewhere).not.toContain(describe.salesforce.accessToken);
      expect(elsewhere).not.toContain(describe.stigg.apiKey);
      expect(elsewhere).not.toContain(sandbox.sandbox.salesforce.credentials.clientSecret);
    } finally {
      await sandbox.stop();
    }
  });
});
