import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * GATEWAY_TRUSTED_DOCUMENTS=examples/operations: the codegen'd operations run
 * (whatever their formatting); any other document is refused with
 * DOCUMENT_NOT_TRUSTED before execution.
 */
const KEY = 'test-trusted-docs-key-0000000001';
const OPERATIONS = join(__dirname, '../../examples/operations');
let stack: TestStack;

const portal = readFileSync(join(OPERATIONS, 'portal-opportunities.graphql'), 'utf8');
const mappings = readFileSync(join(OPERATIONS, 'product-mappings.graphql'), 'utf8');

beforeAll(async () => {
  stack = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:read`, GATEWAY_TRUSTED_DOCUMENTS: OPERATIONS });
});
afterAll(() => stack?.stop());

function upstreamRequests(): number {
  return [stack.sandbox.salesforce.counters.snapshot(), stack.sandbox.stigg.counters.snapshot()]
    .flatMap((c) => Object.values(c)).reduce((a, b) => a + b, 0);
}

async function expectUntrusted(query: string, variables: Record<string, unknown> = {}): Promise<void> {
  const before = upstreamRequests();
  const result = await stack.graphql(query, variables, { token: KEY });
  // A GraphQL request error answered as application/json: HTTP 200 (GraphQL over HTTP; 400 as application/graphql-response+json).
  expect(result.status).toBe(200);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors?.map((e) => e.extensions?.code)).toContain('DOCUMENT_NOT_TRUSTED');
  expect(upstreamRequests()).toBe(before);
}

describe('trusted documents', () => {
  it('runs PortalOpportunities and ProductMappings as shipped', async () => {
    const result = await stack.graphql<{ opportunities: { edges: unknown[] } }>(portal, { first: 3, filter: { isWon: true } }, { token: KEY });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.opportunities.edges.length).toBeGreaterThan(0);
    const products = await stack.graphql(mappings, {}, { token: KEY });
    expect(products.body.errors).toBeUndefined();
  });

  it('runs them reformatted (comments, whitespace)', async () => {
    const compact = print(parse(portal)).replace(/\s+/g, ' ');
    const result = await stack.graphql(`# sent by the portal\n${compact}`, { first: 1 }, { token: KEY });
    expect(result.body.errors).toBeUndefined();
  });

  it('refuses any other document: DOCUMENT_NOT_TRUSTED', async () => {
    await expectUntrusted('{ opportunities(first: 1) { edges { node { id } } } }');
    await expectUntrusted('query PortalOpportunities { opportunities(first: 1) { edges { node { id } } } }'); // a trusted name is not enough
    await expectUntrusted(portal.replace('stageName', 'stageName\n        account { opportunities { id } }')); // one field more
    await expectUntrusted(`${mappings}\nquery Extra { __typename }`, {}); // a trusted operation beside an untrusted one
  });

  it('refuses untrusted mutations before any upstream call', async () => {
    await expectUntrusted('mutation { provisionOpportunity(input: { opportunityId: "006Dn0000000001IAA" }) { id } }');
  });

  it('keeps serving trusted documents afterwards', async () => {
    const result = await stack.graphql(mappings, {}, { token: KEY });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });
});
