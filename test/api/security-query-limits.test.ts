import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * Abusive documents refused before execution, with the exact code and the
 * limit and measured value: depth (QUERY_TOO_DEEP), aliases (TOO_MANY_ALIASES,
 * also hidden in fragments), estimated cost (QUERY_TOO_COMPLEX, list fields
 * weighted by `first`) and operations per document. Nothing reaches the
 * upstreams, and the gateway keeps serving.
 */
const KEY = 'test-query-limits-key-0000000001';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:read` });
});
afterAll(() => stack?.stop());

function upstreamRequests(): number {
  return [stack.sandbox.salesforce.counters.snapshot(), stack.sandbox.stigg.counters.snapshot()]
    .flatMap((c) => Object.values(c)).reduce((a, b) => a + b, 0);
}

async function expectRefused(query: string, code: string): Promise<Record<string, unknown>> {
  const before = upstreamRequests();
  const result = await stack.graphql(query, {}, { token: KEY });
  // A GraphQL request error answered as application/json: HTTP 200 (GraphQL over HTTP; 400 as application/graphql-response+json).
  expect(result.status).toBe(200);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors?.[0].extensions?.code).toBe(code);
  expect(upstreamRequests()).toBe(before);
  const ok = await stack.graphql('{ opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEY });
  expect(ok.status).toBe(200);
  expect(ok.body.errors).toBeUndefined();
  return result.body.errors![0].extensions!;
}

/** opportunity -> account -> opportunities -> ... -> id: `levels` levels of fields. */
function nested(levels: number): string {
  let inner = 'id';
  for (let i = levels - 2; i >= 1; i--) inner = `${i % 2 === 1 ? 'account' : 'opportunities'} { ${inner} }`;
  return `{ opportunity(id: "006Dn0000000001IAA") { ${inner} } }`;
}

describe('query depth', () => {
  it('allows the default depth of 12', async () => {
    const result = await stack.graphql(nested(12), {}, { token: KEY });
    expect(result.body.errors).toBeUndefined();
  });

  it('refuses a deeper query: QUERY_TOO_DEEP with the limit and the depth', async () => {
    const extensions = await expectRefused(nested(13), 'QUERY_TOO_DEEP');
    expect(extensions).toMatchObject({ limit: 12, measured: 13 });
    await expectRefused(nested(200), 'QUERY_TOO_DEEP');
  });

  it('follows fragments (they add no depth of their own, but their fields do)', async () => {
    const query = `query { opportunity(id: "006Dn0000000001IAA") { ...A } }
      fragment A on Opportunity { account { opportunities { ...B } } }
      fragment B on Opportunity { account { opportunities { account { opportunities { account { opportunities { account { opportunities { account { opportunities { id } } } } } } } } } } }`;
    await expectRefused(query, 'QUERY_TOO_DEEP');
  });

  it('refuses a fragment cycle without hanging', async () => {
    const result = await stack.graphql('query { opportunity(id: "x") { ...A } } fragment A on Opportunity { account { opportunities { ...A } } }', {}, { token: KEY });
    expect(result.status).toBe(200); // a validation failure, answered as application/json
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors?.length).toBeGreaterThan(0);
  });
});

describe('aliases', () => {
  it('refuses an alias bomb: TOO_MANY_ALIASES', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: opportunity(id: "006Dn0000000001IAA") { id }`).join(' ');
    const extensions = await expectRefused(`{ ${aliases} }`, 'TOO_MANY_ALIASES');
    expect(extensions).toMatchObject({ limit: 30, measured: 31 });
  });

  it('counts aliases hidden in a fragment every time it is spread', async () => {
    const fragment = `fragment F on Query { ${Array.from({ length: 8 }, (_, i) => `f${i}: __typename`).join(' ')} }`;
    await expectRefused(`query { ...F ...F ...F ...F } ${fragment}`, 'TOO_MANY_ALIASES');
  });

  it('allows 30 aliases', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ');
    const result = await stack.graphql(`{ ${aliases} }`, {}, { token: KEY });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });
});

describe('cost', () => {
  const costly = `{ opportunities(first: 200) { edges { node { account { opportunities { account { opportunities {
    lineItems { product { name } } } } } } } } } }`;

  it('refuses a query whose lists multiply past the limit: QUERY_TOO_COMPLEX', async () => {
    const extensions = await expectRefused(costly, 'QUERY_TOO_COMPLEX');
    expect(extensions.limit).toBe(250_000);
    expect(extensions.measured as number).toBeGreaterThan(250_000);
  });

  it('prices a variable `first` at the largest page', async () => {
    const result = await stack.graphql(costly.replace('first: 200', 'first: $n').replace('{', 'query Q($n: Int) {'), { n: 1 }, { token: KEY });
    expect(result.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('lets the same shape through with a small page', async () => {
    const result = await stack.graphql(costly.replace('first: 200', 'first: 2'), {}, { token: KEY });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
  });
});

describe('operations per document', () => {
  it('refuses a document of many operations: QUERY_TOO_COMPLEX', async () => {
    const operations = Array.from({ length: 6 }, (_, i) => `query Q${i} { __typename }`).join('\n');
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: operations, operationName: 'Q0' }),
    });
    expect(response.status).toBe(200); // a validation failure, answered as application/json
    const body = await response.json() as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 5, measured: 6 });
  });
});
