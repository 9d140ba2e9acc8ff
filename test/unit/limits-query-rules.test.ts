import { GraphQLError, buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { QueryLimitOptions, queryLimitRules } from '../../src/server/limits/query-limit-rules';

const schema = buildSchema(`
  type Query {
    opportunity(id: ID!): Opportunity
    opportunities(first: Int, after: String): OpportunityConnection!
    products(first: Int): [Product!]!
    node(id: ID!): Node
  }
  interface Node { id: ID! }
  type OpportunityConnection { edges: [OpportunityEdge!]! pageInfo: PageInfo! }
  type OpportunityEdge { cursor: String! node: Opportunity! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Opportunity implements Node {
    id: ID!
    name: String!
    account: Account
    lineItems: [LineItem!]!
  }
  type Account implements Node { id: ID! name: String! parent: Account opportunities: [Opportunity!]! }
  type LineItem { id: ID! quantity: Int! product: Product }
  type Product implements Node { id: ID! name: String! }
`);

function limitErrors(query: string, options: QueryLimitOptions = {}): GraphQLError[] {
  return validate(schema, parse(query), [...specifiedRules, ...queryLimitRules(options)])
    .filter((error) => ['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES'].includes(error.extensions.code as string));
}

function onlyError(query: string, options: QueryLimitOptions = {}): GraphQLError {
  const errors = limitErrors(query, options);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('query depth', () => {
  const nested = (levels: number) => `{ opportunity(id: "1") { ${'account { parent { '.repeat(levels)} id ${'} } '.repeat(levels)} } }`;

  it('counts the root field as 1 and accepts a query at the limit', () => {
    // opportunity(1) account(2) parent(3) id(4)
    expect(limitErrors(nested(1), { maxDepth: 4 })).toEqual([]);
    const error = onlyError(nested(1), { maxDepth: 3 });
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 3, measured: 4 });
    expect(error.message).toBe('The query is 4 levels deep; the limit is 3.');
  });

  it('follows fragment spreads and inline fragments without counting them as levels', () => {
    const query = `
      query Deep { opportunity(id: "1") { ...OnOpportunity } }
      fragment OnOpportunity on Opportunity { account { ... on Account { parent { ...OnAccount } } } }
      fragment OnAccount on Account { parent { parent { id } } }`;
    // opportunity account parent parent parent id = 6
    expect(onlyError(query, { maxDepth: 5 }).extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', measured: 6 });
    expect(limitErrors(query, { maxDepth: 6 })).toEqual([]);
  });

  it('applies to each operation of a document', () => {
    const query = `query A { opportunity(id: "1") { id } } query B ${nested(5)}`;
    expect(onlyError(query, { maxDepth: 6 }).extensions).toMatchObject({ measured: 12 });
  });

  it('does not recurse for ever on fragment cycles (reported by graphql-js itself)', () => {
    const query = `{ opportunity(id: "1") { account { ...A } } } fragment A on Account { parent { ...B } } fragment B on Account { parent { ...A } }`;
    const errors = validate(schema, parse(query), [...specifiedRules, ...queryLimitRules()]);
    expect(errors.map((e) => e.message).join()).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('does not exempt introspection, but gives it its own limit that the standard introspection query fits', () => {
    expect(limitErrors(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }))).toEqual([]);
    const deepIntrospection = `{ __schema { types { fields { type { ${'ofType { '.repeat(12)} name ${'} '.repeat(12)} } } } } }`;
    expect(onlyError(deepIntrospection).extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 15, measured: 17 });
    expect(onlyError(`{ __type(name: "Account") { fields { type { ofType { name } } } } }`, { maxIntrospectionDepth: 4 }).extensions)
      .toEqual({ code: 'QUERY_TOO_DEEP', limit: 4, measured: 5 });
  });
});

describe('query cost', () => {
  it('counts each field as 1', () => {
    // opportunity 1 + (id 1 + name 1 + account (1 + id 1))
    expect(onlyError(`{ opportunity(id: "1") { id name account { id } } }`, { maxCost: 4 }).extensions)
      .toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 4, measured: 5 });
    expect(limitErrors(`{ opportunity(id: "1") { id name account { id } } }`, { maxCost: 5 })).toEqual([]);
  });

  it('multiplies a list by its literal first, or by defaultListSize without one', () => {
    expect(onlyError(`{ products(first: 10) { id name } }`, { maxCost: 1 }).extensions).toMatchObject({ measured: 1 + 10 * 2 });
    expect(onlyError(`{ products { id name } }`, { maxCost: 1 }).extensions).toMatchObject({ measured: 1 + 50 * 2 });
    expect(onlyError(`{ products { id name } }`, { maxCost: 1, defaultListSize: 7 }).extensions).toMatchObject({ measured: 1 + 7 * 2 });
    // a list field that takes no first: lineItems x defaultListSize, or unpaginatedListSize when given
    expect(onlyError(`{ opportunity(id: "1") { lineItems { id quantity } } }`, { maxCost: 1 }).extensions)
      .toMatchObject({ measured: 1 + (1 + 50 * 2) });
    expect(onlyError(`{ opportunity(id: "1") { lineItems { id quantity } } }`, { maxCost: 1, unpaginatedListSize: 5 }).extensions)
      .toMatchObject({ measured: 1 + (1 + 5 * 2) });
  });

  it('prices a variable first at the largest page (validation never sees variable values)', () => {
    const query = `query Products($n: Int = 5) { products(first: $n) { id } }`;
    expect(onlyError(query, { maxCost: 1 }).extensions).toMatchObject({ measured: 1 + 200 });
    expect(onlyError(query, { maxCost: 1, maxPageSize: 100 }).extensions).toMatchObject({ measured: 1 + 100 });
  });

  it('multiplies a connection once: its edges carry the page size, its pageInfo counts once', () => {
    const query = `{ opportunities(first: 20) { edges { cursor node { id name } } pageInfo { hasNextPage } } }`;
    // opportunities 1 + edges (1 + 20 * (cursor 1 + node (1 + 2))) + pageInfo (1 + 1)
    expect(onlyError(query, { maxCost: 1 }).extensions).toMatchObject({ measured: 1 + (1 + 20 * 4) + 2 });
    const withoutFirst = `{ opportunities { edges { node { id } } } }`;
    expect(onlyError(withoutFirst, { maxCost: 1 }).extensions).toMatchObject({ measured: 1 + (1 + 50 * 2) });
  });

  it('multiplies nested lists', () => {
    const query = `{ opportunities(first: 10) { edges { node { lineItems { product { name } } } } } }`;
    // node = 1 + lineItems (1 + 50 * product (1 + 1)) = 102; edges = 1 + 10 * 102
    expect(onlyError(query, { maxCost: 1 }).extensions).toMatchObject({ measured: 1 + 1 + 10 * 102 });
  });

  it('prices fragments where they are spread, and leaves introspection and __typename free', () => {
    const query = `
      { a: products(first: 3) { ...P } b: products(first: 4) { ...P __typename } __schema { types { name } } __typename }
      fragment P on Product { id name }`;
    expect(onlyError(query, { maxCost: 1 }).extensions).toMatchObject({ measured: (1 + 3 * 2) + (1 + 4 * 2) });
  });

  it('rejects the alias-and-list bomb the default limits are for', () => {
    const bomb = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: products(first: 200) { id name }`).join(' ')} }`;
    expect(onlyError(bomb).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 5000, measured: 20 * (1 + 200 * 2) });
  });
});

describe('aliases', () => {
  const aliased = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ');

  it('counts aliased fields in an operation', () => {
    expect(limitErrors(`{ opportunity(id: "1") { ${aliased(30)} } }`)).toEqual([]);
    const error = onlyError(`{ opportunity(id: "1") { ${aliased(31)} } }`);
    expect(error.extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 30, measured: 31 });
  });

  it('counts a fragment\'s aliases every time it is spread', () => {
    const query = `{ x: opportunity(id: "1") { ...F } y: opportunity(id: "2") { ...F } } fragment F on Opportunity { ${aliased(10)} }`;
    expect(onlyError(query, { maxAliases: 20 }).extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 20, measured: 22 });
  });
});

describe('operations per document', () => {
  const operations = (n: number) => Array.from({ length: n }, (_, i) => `query Q${i} { opportunity(id: "1") { id } }`).join('\n');

  it('allows five operations and refuses six as QUERY_TOO_COMPLEX', () => {
    expect(limitErrors(operations(5))).toEqual([]);
    expect(onlyError(operations(6)).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 5, measured: 6 });
  });
});
