import { startTestStack, TestStack } from '../helpers/test-stack';
import { ExplorerSettings } from '../../src/server/explorer/explorer-settings';

/**
 * The explorer (GraphiQL) as the gateway serves it: the page at GET /graphql for a browser,
 * before authentication, with the example operations as tabs. The page in a real browser:
 * scripts/browser/check-explorer.js (.ci/run).
 */
const KEY = 'test-explorer-key-00000000000001';

async function explorerPage(stack: TestStack): Promise<{ response: Response; settings: ExplorerSettings | null }> {
  const response = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
  const text = await response.text();
  const json = /<script type="application\/json" id="explorer-settings">(.*)<\/script>/.exec(text)?.[1];
  return { response, settings: json ? JSON.parse(json) : null };
}

describe('sandbox mode, no key', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.stop());

  it('serves the page with the example operations, the first tab with the sandbox\'s variables', async () => {
    const { response, settings } = await explorerPage(stack);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'/);
    expect(settings).toMatchObject({ endpoint: '/graphql', assetsPath: '/explorer', authRequired: false });
    expect(settings!.tabs[0]).toMatchObject({ title: 'PortalOpportunities', headers: '' });
    expect(settings!.tabs.map((t) => t.title)).toEqual(expect.arrayContaining(['ProductMappings', 'ProvisionOpportunity', 'GrantCredits']));
  });

  it('the first tab runs as the page sends it', async () => {
    const { settings } = await explorerPage(stack);
    const tab = settings!.tabs[0];
    const result = await stack.graphql<{ opportunities: { edges: Array<{ node: { id: string; isWon: boolean } }> } }>(tab.query, JSON.parse(tab.variables));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.opportunities.edges).toHaveLength(5);
    expect(result.body.data!.opportunities.edges.every((e) => e.node.isWon)).toBe(true);
  });

  it('leaves GraphQL GETs to Apollo: a query in the URL is not the page, and still needs the preflight header', async () => {
    const response = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('with GATEWAY_API_KEYS', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:read` });
  });
  afterAll(() => stack?.stop());

  it('serves the page without a key (a browser\'s navigation sends none), with the Authorization hint in every tab', async () => {
    const { response, settings } = await explorerPage(stack);
    expect(response.status).toBe(200);
    expect(settings!.authRequired).toBe(true);
    expect(settings!.headersHint).toBe('{"Authorization": "Bearer <key>"}');
    expect(new Set(settings!.tabs.map((t) => t.headers))).toEqual(new Set(['{"Authorization": "Bearer <key>"}']));
  });

  it('still refuses a query without a key, and answers one with it', async () => {
    expect((await stack.graphql('{ __typename }')).status).toBe(401);
    expect((await stack.graphql('{ __typename }', {}, { token: KEY })).body.data).toEqual({ __typename: 'Query' });
  });
});
