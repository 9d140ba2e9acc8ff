/**
 * Read errors (docs/design.md, Errors): an unknown id is null; a malformed Salesforce id is
 * BAD_USER_INPUT naming the argument, before any upstream call; 15-character ids work and are
 * answered as 18; a Stigg failure in one branch leaves the Salesforce data in place, with
 * UPSTREAM_UNAVAILABLE / UPSTREAM_RATE_LIMITED and `extensions.service: 'stigg'` on the branch.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { countUpstreamRequests } from '../helpers/read-counts';
import { provisionThroughGateway } from '../helpers/read-deals';

let stack: TestStack;

const GLOBEX_DEAL = '006Dn0000000002IAA';
const GLOBEX = '001Dn0000000002IAA';

beforeAll(async () => {
  stack = await startTestStack();
  await provisionThroughGateway(stack, { opportunityId: GLOBEX_DEAL, paymentCollectionMethod: 'INVOICE' });
});
afterEach(() => {
  stack.sandbox.stigg.faults.clear();
  stack.sandbox.salesforce.faults.clear();
});
afterAll(async () => {
  await stack?.stop();
});

describe('unknown ids', () => {
  test('are null, each on its own field', async () => {
    const res = await stack.graphql(`{
      opportunity(id: "006Dn0000000999IAA") { id }
      account(id: "001Dn0000000999IAA") { id }
      customer(id: "customer-nobody") { id }
      subscription(id: "sub-nothing") { id }
    }`);
    expect(res.body).toEqual({ data: { opportunity: null, account: null, customer: null, subscription: null } });
  });
});

describe('malformed Salesforce ids', () => {
  const cases: Array<[string, string, string]> = [
    ['too short', '006Dn00000000', 'Salesforce ids are 15 or 18 letters and digits'],
    ['16 characters', '006Dn0000000002IA', 'Salesforce ids are 15 or 18 letters and digits'],
    ['not letters and digits', '006Dn-000000002IAA', 'Salesforce ids are 15 or 18 letters and digits'],
    ['empty', '', 'Salesforce ids are 15 or 18 letters and digits'],
    ['a checksum that does not match', '006Dn0000000002XYZ', 'its last 3 characters do not match the rest'],
    ['another object\'s id', '001Dn0000000002IAA', 'Opportunity ids start with 006'],
  ];

  test.each(cases)('opportunity(id): %s is BAD_USER_INPUT on "id", with no upstream call', async (_what, id, reason) => {
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql('query($id: ID!) { opportunity(id: $id) { id name } }', { id }));
    expect(result.body.data).toEqual({ opportunity: null });
    expect(result.body.errors).toEqual([expect.objectContaining({ path: ['opportunity'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } })]);
    expect(result.body.errors![0].message).toContain(reason);
    expect(counts).toEqual({ salesforce: {}, stigg: {} });
  });

  test('account(id) and filter.accountId are checked the same way, naming their field', async () => {
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql(`{
      account(id: "006Dn0000000002IAA") { id }
      opportunities(filter: { accountId: "001Dn0000000002XYZ" }) { edges { node { id } } }
    }`));
    expect(result.body.data).toBeNull(); // opportunities is non-null: its error nulls the response
    expect(result.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: ['account'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } }),
      expect.objectContaining({ path: ['opportunities'], extensions: { code: 'BAD_USER_INPUT', field: 'filter.accountId' } }),
    ]));
    expect(counts).toEqual({ salesforce: {}, stigg: {} });
  });

  test('a bad id in one field does not stop the others', async () => {
    const res = await stack.graphql(`{ bad: opportunity(id: "nope") { id } good: opportunity(id: "${GLOBEX_DEAL}") { id } }`);
    expect(res.body.data).toEqual({ bad: null, good: { id: GLOBEX_DEAL } });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['bad'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } })]);
  });
});

describe('15-character ids', () => {
  test('work everywhere an id is taken, and are answered as 18 characters', async () => {
    const res = await stack.graphql<any>(`{
      opportunity(id: "006Dn0000000002") { id account { id } }
      account(id: "001Dn0000000002") { id opportunities { id } }
      opportunities(filter: { accountId: "001Dn0000000002" }) { edges { node { id } } }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      opportunity: { id: GLOBEX_DEAL, account: { id: GLOBEX } },
      account: { id: GLOBEX, opportunities: [{ id: GLOBEX_DEAL }, { id: '006Dn0000000010IAA' }, { id: '006Dn0000000016IAA' }] },
      opportunities: { edges: [{ node: { id: GLOBEX_DEAL } }, { node: { id: '006Dn0000000010IAA' } }, { node: { id: '006Dn0000000016IAA' } }] },
    });
  });

  test('an 18-character id with its suffix in another letter case is the same id', async () => {
    const res = await stack.graphql<any>('{ opportunity(id: "006Dn0000000002iaa") { id } }');
    expect(res.body).toEqual({ data: { opportunity: { id: GLOBEX_DEAL } } });
  });
});

describe('a read whose connection to Stigg fails before any answer', () => {
  test('is sent again once (reads change nothing): the answer is complete, and Stigg saw the lookup twice', async () => {
    stack.sandbox.stigg.counters.reset();
    stack.sandbox.stigg.faults.add({ operation: 'customers', failure: 'DROP_CONNECTION', times: 1 });
    const res = await stack.graphql<any>('query($id: ID!) { opportunity(id: $id) { id account { customer { id } customerIdStale } } }', { id: GLOBEX_DEAL });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.opportunity).toMatchObject({ id: GLOBEX_DEAL, account: { customerIdStale: false } });
    expect(stack.sandbox.stigg.counters.snapshot().customers).toBe(2);
    stack.sandbox.stigg.faults.clear();
  });
});

describe('a failing Stigg branch', () => {
  const QUERY = `query($id: ID!) { opportunity(id: $id) {
    id name amount { amount } lineItems { product { name } }
    subscription { id status } subscriptionIdStale
    account { name contacts { email } customer { id } customerIdStale }
  } }`;

  test('503 on the customer/subscription lookup: the Salesforce data comes back, each Stigg field is null with UPSTREAM_UNAVAILABLE', async () => {
    stack.sandbox.stigg.faults.add({ operation: 'customers', failure: 'SERVICE_UNAVAILABLE', times: 3 });
    const res = await stack.graphql<any>(QUERY, { id: GLOBEX_DEAL });
    expect(res.status).toBe(200);
    expect(res.body.data.opportunity).toEqual({
      id: GLOBEX_DEAL,
      name: 'Globex — Growth, invoiced with price overrides',
      amount: { amount: 1023 },
      lineItems: [{ product: { name: 'Growth plan' } }, { product: { name: 'Seats' } }, { product: { name: 'API calls' } }, { product: { name: 'SSO add-on' } }],
      subscription: null,
      subscriptionIdStale: null,
      account: { name: 'Globex', contacts: [{ email: 'billing@globex.example' }], customer: null, customerIdStale: null },
    });
    const unavailable = expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg' });
    expect(res.body.errors!.map((e) => [e.path!.join('.'), e.extensions])).toEqual(expect.arrayContaining([
      ['opportunity.subscription', unavailable],
      ['opportunity.subscriptionIdStale', unavailable],
      ['opportunity.account.customer', unavailable],
      ['opportunity.account.customerIdStale', unavailable],
    ]));
    expect(res.body.errors).toHaveLength(4);
    expect(res.body.errors![0].message).toBe('Stigg is unavailable (HTTP_503).');
  });

  test('429 from Stigg is UPSTREAM_RATE_LIMITED on the branch', async () => {
    stack.sandbox.stigg.faults.add({ operation: 'subscriptions', failure: 'RATE_LIMITED', times: 3 });
    const res = await stack.graphql<any>(`query($id: ID!) { opportunity(id: $id) { name subscription { id } } }`, { id: GLOBEX_DEAL });
    expect(res.body.data).toEqual({ opportunity: { name: 'Globex — Growth, invoiced with price overrides', subscription: null } });
    expect(res.body.errors).toEqual([expect.objectContaining({
      path: ['opportunity', 'subscription'],
      extensions: expect.objectContaining({ code: 'UPSTREAM_RATE_LIMITED', service: 'stigg' }),
    })]);
  });

  test('a failure one level down (balances) keeps the levels above it', async () => {
    stack.sandbox.stigg.faults.add({ operation: 'entitlementV2', failure: 'SERVER_ERROR', times: 3 });
    const res = await stack.graphql<any>(`{ opportunity(id: "${GLOBEX_DEAL}") {
      name subscription { id } account { name customer { id creditBalances { currentBalance } } } } }`);
    // creditBalances is a non-null list: its error nulls the nearest nullable field, the account's customer
    expect(res.body.data).toEqual({
      opportunity: { name: 'Globex — Growth, invoiced with price overrides', subscription: { id: `sub-${GLOBEX_DEAL}` }, account: { name: 'Globex', customer: null } },
    });
    expect(res.body.errors).toEqual([expect.objectContaining({
      path: ['opportunity', 'account', 'customer', 'creditBalances'],
      extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg', operation: 'entitlementV2' }),
    })]);
  });

  test('an unreadable catalog nulls the mappings only', async () => {
    stack.gateway.services.stigg.reader.invalidateCatalog();
    stack.sandbox.stigg.faults.add({ operation: 'plans', failure: 'BAD_GATEWAY', times: 1 });
    const res = await stack.graphql<any>(`{ opportunity(id: "${GLOBEX_DEAL}") { lineItems { totalPrice { amount } mapping { status } } } }`);
    expect(res.body.data.opportunity.lineItems).toEqual([
      { totalPrice: { amount: 450 }, mapping: null }, { totalPrice: { amount: 324 }, mapping: null },
      { totalPrice: { amount: 99 }, mapping: null }, { totalPrice: { amount: 150 }, mapping: null },
    ]);
    expect(res.body.errors).toHaveLength(4);
    for (const e of res.body.errors!) expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg' });
  });

  test('once Stigg answers again, the same query is whole (failures are not cached, the breaker stayed closed)', async () => {
    const res = await stack.graphql<any>(QUERY, { id: GLOBEX_DEAL });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.opportunity).toMatchObject({
      subscription: { id: `sub-${GLOBEX_DEAL}`, status: 'PAYMENT_PENDING' }, subscriptionIdStale: false,
      account: { customer: { id: GLOBEX }, customerIdStale: false },
    });
    expect(stack.gateway.services.policies.stigg.state()).toBe('closed');
  });
});
