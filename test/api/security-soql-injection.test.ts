import {
  GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLSchema, getNamedType, getNullableType,
  isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, isCompositeType,
} from 'graphql';
import { buildGatewaySchema } from '../../src/schema/build-gateway-schema';
import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * SOQL (and GraphQL, JSON, LIKE) injection strings in every String and ID
 * argument of the schema, walked from the schema itself (root fields, input
 * objects, lists, and the arguments of the fields below each root field):
 * never a 500, never INTERNAL_SERVER_ERROR, never a SOQL syntax error from
 * Salesforce, never another record's data; the gateway keeps serving.
 */
const KEY = 'test-injection-key-000000000001';
const PAYLOADS = [
  "' OR Id != null OR Name = '",
  "006Dn0000000001IAA' OR IsWon = true OR Id = '",
  "\\' OR 1=1 --",
  "%' OR Name LIKE '%",
  '%_%',
  '\\',
  "'; DELETE FROM Opportunity; --",
  '") { id } } mutation { provisionOpportunity(input: {opportunityId: "006Dn0000000001IAA"}) { id } } #',
  "x\u0000y\n\r\t\b\f'\"",
  "' AND Id IN (SELECT AccountId FROM Contact) AND Name != '",
  'a'.repeat(20_000),
];
/** Valid values for required arguments that are not the one under attack. */
const VALID: Record<string, unknown> = {
  opportunityId: '006Dn0000000001IAA',
  customerId: 'customer-initech',
  currencyId: 'currency-api-credits',
  customCurrencyId: 'currency-api-credits',
  displayName: 'injection test',
  currency: 'USD',
};
const ROOT_IDS: Record<string, string> = {
  account: '001Dn0000000001IAA',
  customer: 'customer-initech',
  opportunity: '006Dn0000000001IAA',
};

interface Case { label: string; query: string; variables: Record<string, unknown> }

/** Paths (argument name, then input field names) to every String/ID leaf below an input type. */
function stringLeaves(type: GraphQLInputType, path: string[], depth = 0): string[][] {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === 'String' || named.name === 'ID' ? [path] : [];
  if (!isInputObjectType(named) || depth > 3) return [];
  return Object.values(named.getFields()).flatMap((f) => stringLeaves(f.type, [...path, f.name], depth + 1));
}

/** A valid value for an input type: required fields filled, optional ones left out. */
function validValue(type: GraphQLInputType, name: string): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return [validValue(nullable.ofType, name)];
  const named = getNamedType(type) as GraphQLNamedType;
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = validValue(field.type, field.name);
    }
    return value;
  }
  switch (named.name) {
    case 'Int': return 1;
    case 'Float': return 1;
    case 'Boolean': return true;
    case 'DateTime': return '2030-01-01T00:00:00.000Z';
    case 'Date': return '2024-01-01';
    default: return VALID[name] ?? 'x';
  }
}

/** The arguments' value with `payload` at `path` (creating objects and lists on the way). */
function withPayload(arg: GraphQLArgument, path: string[], payload: string): unknown {
  const set = (type: GraphQLInputType, rest: string[], name: string): unknown => {
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) return [set(nullable.ofType, rest, name)];
    if (rest.length === 0) return payload;
    const named = getNamedType(type);
    if (!isInputObjectType(named)) return payload;
    const value = validValue(type, name) as Record<string, unknown>;
    const field = named.getFields()[rest[0]];
    value[rest[0]] = set(field.type, rest.slice(1), rest[0]);
    return value;
  };
  return set(arg.type, path.slice(1), arg.name);
}

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  return isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
}

function casesOf(schema: GraphQLSchema): Case[] {
  const cases: Case[] = [];
  for (const [kind, root] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
    for (const field of Object.values(root.getFields())) {
      const argDefs = (args: readonly GraphQLArgument[], prefix: string) => args.map((a) => `$${prefix}${a.name}: ${String(a.type)}`);
      const argUses = (args: readonly GraphQLArgument[], prefix: string) => args.map((a) => `${a.name}: $${prefix}${a.name}`);
      const requiredRoot = (target: GraphQLArgument) => Object.fromEntries(field.args
        .filter((a) => a !== target && isNonNullType(a.type))
        .map((a) => [a.name, ROOT_IDS[field.name] && a.name === 'id' ? ROOT_IDS[field.name] : validValue(a.type, a.name)]));
      // Arguments of the root field itself.
      for (const arg of field.args) {
        for (const path of stringLeaves(arg.type, [arg.name])) {
          for (const payload of PAYLOADS) {
            cases.push({
              label: `${field.name}(${path.join('.')})`,
              query: `${kind} Injection(${argDefs(field.args, '').join(', ')}) { ${field.name}(${argUses(field.args, '').join(', ')})${selectionOf(field)} }`,
              variables: { ...requiredRoot(arg), [arg.name]: withPayload(arg, path, payload) },
            });
          }
        }
      }
      // Arguments of the fields one level below (e.g. Customer.creditGrants(currencyId)), under a real root record.
      const below = getNamedType(field.type);
      if (kind === 'query' && ROOT_IDS[field.name] && 'getFields' in below) {
        for (const child of Object.values((below as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields())) {
          for (const arg of child.args) {
            for (const path of stringLeaves(arg.type, [arg.name])) {
              for (const payload of PAYLOADS) {
                cases.push({
                  label: `${field.name}.${child.name}(${path.join('.')})`,
                  query: `query Injection($c${arg.name}: ${String(arg.type)}) { ${field.name}(id: "${ROOT_IDS[field.name]}") { ${child.name}(${arg.name}: $c${arg.name})${selectionOf(child)} } }`,
                  variables: { [`c${arg.name}`]: withPayload(arg, path, payload) },
                });
              }
            }
          }
        }
      }
    }
  }
  return cases;
}

let stack: TestStack;
let cases: Case[];

beforeAll(async () => {
  stack = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:admin`, GATEWAY_RATE_LIMIT_PER_SECOND: '100000', GATEWAY_RATE_LIMIT_BURST: '100000' });
  cases = casesOf(await buildGatewaySchema());
});
afterAll(() => stack?.stop());

describe('SOQL injection in every string argument', () => {
  it('covers every String/ID argument of the schema', () => {
    const covered = new Set(cases.map((c) => c.label));
    for (const expected of ['opportunity(id)', 'opportunities(filter.stageName)', 'opportunities(filter.accountId)', 'opportunities(after)',
      'account(id)', 'customer(id)', 'subscription(id)', 'provisioningRun(id)', 'provisioningRuns(filter.opportunityId)',
      'previewProvisioning(input.billingEmail)', 'provisionOpportunity(input.opportunityId)', 'startTrial(input.billingEmail)',
      'grantCredits(input.customerId)', 'voidCreditGrant(grantId)', 'customer.creditGrants(currencyId)']) {
      expect(covered).toContain(expected);
    }
  });

  it('never answers 500 or INTERNAL_SERVER_ERROR, and never sends Salesforce broken SOQL', async () => {
    const problems: string[] = [];
    const codes = new Map<string, number>();
    for (let i = 0; i < cases.length; i += 16) {
      const batch = cases.slice(i, i + 16);
      const results = await Promise.all(batch.map((c) => stack.graphql(c.query, c.variables, { token: KEY })));
      results.forEach((result, j) => {
        const c = batch[j];
        if (result.status >= 500) problems.push(`${c.label}: HTTP ${result.status}`);
        for (const error of result.body.errors ?? []) {
          const code = String(error.extensions?.code);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          const upstreamCode = String(error.extensions?.upstreamCode ?? '');
          if (code === 'INTERNAL_SERVER_ERROR' || /MALFORMED_QUERY|INVALID_QUERY|INVALID_FIELD|NUMBER_OUTSIDE/.test(upstreamCode)) {
            problems.push(`${c.label} with ${JSON.stringify(c.variables).slice(0, 80)}: ${code} ${upstreamCode} ${error.message}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
    expect(codes.has('BAD_USER_INPUT')).toBe(true); // ids are validated before any query
  });

  it('an injected filter matches nothing rather than everything', async () => {
    for (const stageName of ["' OR Id != null OR StageName = '", "%' OR StageName LIKE '%", "Closed Won' OR IsWon = false OR StageName = '"]) {
      const result = await stack.graphql<{ opportunities: { edges: unknown[] } }>(
        'query Q($s: String) { opportunities(first: 50, filter: { stageName: $s }) { edges { node { id } } } }', { s: stageName }, { token: KEY });
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.opportunities.edges).toEqual([]);
    }
  });

  it('keeps serving, with nothing logged as a failed request', async () => {
    const ok = await stack.graphql<{ opportunities: { edges: unknown[] } }>('{ opportunities(first: 3) { edges { node { id } } } }', {}, { token: KEY });
    expect(ok.status).toBe(200);
    expect(ok.body.data?.opportunities.edges).toHaveLength(3);
    expect(stack.logs.filter((line) => JSON.parse(line).msg === 'request failed')).toEqual([]);
  });
});
