import { getIntrospectionQuery } from 'graphql';
import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * Introspection and the explorer (GraphiQL at GET /graphql for browsers) are on in sandbox
 * mode and switch off for production (GATEWAY_INTROSPECTION=false, the default against real
 * upstreams).
 */
const KEY = 'test-introspection-key-000000001';

async function explorerPage(stack: TestStack, token?: string): Promise<Response> {
  return fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}

describe('GATEWAY_INTROSPECTION=false (production)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:read`, GATEWAY_INTROSPECTION: 'false' });
  });
  afterAll(() => stack?.stop());

  it('refuses the standard introspection query and __type: GRAPHQL_VALIDATION_FAILED', async () => {
    for (const query of [getIntrospectionQuery(), '{ __schema { types { name } } }', '{ __type(name: "Opportunity") { fields { name } } }']) {
      const result = await stack.graphql(query, {}, { token: KEY });
      // Introspection refused is a validation failure: a GraphQL request error answered as application/json: HTTP 200 (GraphQL over HTTP; 400 as application/graphql-response+json).
      expect(result.status).toBe(200);
      expect(result.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.body.errors?.[0].message).toMatch(/introspection/i);
    }
  });

  it('still answers __typename, and keeps serving', async () => {
    const result = await stack.graphql('{ __typename opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEY });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });

  it('serves no explorer', async () => {
    const response = await explorerPage(stack, KEY);
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/<html/i);
  });

  it('does not suggest field names in validation errors', async () => {
    const result = await stack.graphql('{ opportunitie(first: 1) { edges { node { id } } } }', {}, { token: KEY });
    expect(result.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors?.[0].message).not.toMatch(/Did you mean/);
  });
});

describe('sandbox mode default (introspection on)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.stop());

  it('answers the introspection query (codegen, the explorer) and serves the explorer', async () => {
    const result = await stack.graphql<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery());
    expect(result.status).toBe(200);
    expect(result.body.data?.__schema.queryType.name).toBe('Query');
    const page = await explorerPage(stack);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});
