import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { formatError } from '../../src/server/format-error';
import { queryLimitRules } from '../../src/server/limits/query-limit-rules';

const schema = buildSchema(`
  type Query { account(id: ID!): Account products(first: Int): [Product!]! }
  type Account { id: ID! name: String parent: Account }
  type Product { id: ID! name: String }
`);

describe('query limit codes through a real Apollo Server', () => {
  let server: ApolloServer;

  beforeAll(async () => {
    server = new ApolloServer({
      schema,
      validationRules: queryLimitRules({ maxDepth: 4, maxCost: 100, maxAliases: 3 }),
      formatError,
      rootValue: { account: ({ id }: { id: string }) => ({ id }), products: () => [{ id: 'p1' }] },
    });
    await server.start();
  });
  afterAll(() => server.stop());

  async function errorsOf(query: string) {
    const response = await server.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status, errors: response.body.singleResult.errors ?? [] };
  }

  it('restores QUERY_TOO_DEEP (Apollo says GRAPHQL_VALIDATION_FAILED) with the limit and the measured depth', async () => {
    const { status, errors } = await errorsOf('{ account(id: "1") { parent { parent { parent { id } } } } }');
    expect(status).toBe(400);
    expect(errors).toEqual([{
      message: 'The query is 5 levels deep; the limit is 4.',
      locations: [{ line: 1, column: 1 }],
      extensions: { code: 'QUERY_TOO_DEEP', limit: 4, measured: 5 },
    }]);
  });

  it('restores QUERY_TOO_COMPLEX and TOO_MANY_ALIASES', async () => {
    const complex = await errorsOf('{ products(first: 100) { id } }');
    expect(complex.errors.map((e) => e.extensions)).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 100, measured: 101 }]);
    const aliases = await errorsOf('{ a: account(id: "1") { id } b: account(id: "2") { id } c: account(id: "3") { id } d: account(id: "4") { id } }');
    expect(aliases.errors.map((e) => e.extensions)).toEqual([{ code: 'TOO_MANY_ALIASES', limit: 3, measured: 4 }]);
  });

  it('leaves graphql-js\'s own validation errors as GRAPHQL_VALIDATION_FAILED', async () => {
    const { errors } = await errorsOf('{ account(id: "1") { nope } }');
    expect(errors.map((e) => e.extensions)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED' }]);
  });

  it('lets a query within every limit run', async () => {
    const response = await server.executeOperation({ query: '{ account(id: "1") { id } products(first: 5) { id } }' });
    expect(response.body.kind === 'single' && response.body.singleResult).toEqual({ data: { account: { id: '1' }, products: [{ id: 'p1' }] } });
  });
});
