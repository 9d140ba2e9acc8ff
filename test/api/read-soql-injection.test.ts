/**
 * Every string that reaches SOQL goes through the gateway's own quoting (docs/design.md): quotes,
 * backslashes, `%`, `_` and `' OR Name != '` in each argument either fail as BAD_USER_INPUT
 * before any upstream call (ids, cursors, dates) or are matched literally (stage names, and Stigg
 * ids the gateway looks up in Salesforce fields) — never other rows, never a 500.
 */
import { Stigg } from '@stigg/node-server-sdk';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { countUpstreamRequests } from '../helpers/read-counts';
import { salesforceConnection } from '../helpers/read-salesforce';
import { createStiggCustomer, stiggClient } from '../helpers/read-stigg';

let stack: TestStack;
let stigg: Stigg;

const PAYLOADS = ["'", '\\', '%', '_', "' OR Name != '", "\\' OR Name != \\'", "%' OR Name LIKE '%", "006Dn0000000002IAA' OR Id != '"];
const NO_CALLS = { salesforce: {}, stigg: {} };

beforeAll(async () => {
  stack = await startTestStack();
  stigg = await stiggClient(stack);
});
afterAll(async () => {
  await stigg?.close();
  await stack?.stop();
});

describe.each(PAYLOADS)('payload %j', (payload) => {
  test('in opportunity(id) / account(id): BAD_USER_INPUT on "id", nothing sent', async () => {
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql(
      'query($id: ID!) { opportunity(id: $id) { id } account(id: $id) { id } }', { id: payload }));
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ opportunity: null, account: null });
    expect(result.body.errors!.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'id' }, { code: 'BAD_USER_INPUT', field: 'id' }]);
    expect(counts).toEqual(NO_CALLS);
  });

  test('in filter.accountId: BAD_USER_INPUT on "filter.accountId", nothing sent', async () => {
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql(
      'query($f: OpportunityFilter) { opportunities(filter: $f) { edges { node { id } } } }', { f: { accountId: `001Dn0000000001IAA${payload}` } }));
    expect(result.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.accountId' } })]);
    expect(counts).toEqual(NO_CALLS);
  });

  test('in filter.stageName: matched literally, so nothing matches', async () => {
    for (const stageName of [payload, `Closed Won${payload}`, `${payload}Closed Won`]) {
      const res = await stack.graphql<any>('query($f: OpportunityFilter) { opportunities(filter: $f, first: 200) { edges { node { id } } } }', { f: { stageName } });
      expect({ stageName, status: res.status, body: res.body }).toEqual({ stageName, status: 200, body: { data: { opportunities: { edges: [] } } } });
    }
  });

  test('in filter.closedAfter: not a date, refused before execution', async () => {
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql(
      'query($f: OpportunityFilter) { opportunities(filter: $f) { edges { node { id } } } }', { f: { closedAfter: `2026-01-01${payload}` } }));
    expect(result.status).toBe(200); // a variable that cannot be coerced: a request error, answered as application/json
    expect(result.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(counts).toEqual(NO_CALLS);
  });

  test('in the after cursor, raw or dressed as a cursor: BAD_USER_INPUT on "after", nothing sent', async () => {
    for (const after of [payload, Buffer.from(`opp:${payload}`).toString('base64url'), Buffer.from(`opp:006Dn0000000001IAA${payload}`).toString('base64url')]) {
      const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql(
        'query($after: String) { opportunities(after: $after) { edges { node { id } } } }', { after }));
      expect(result.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } })]);
      expect(counts).toEqual(NO_CALLS);
    }
  });

  test('in customer(id) / subscription(id) (Stigg ids, sent as GraphQL variables): null', async () => {
    const res = await stack.graphql('query($id: ID!) { customer(id: $id) { id } subscription(id: $id) { id } }', { id: payload });
    expect(res.body).toEqual({ data: { customer: null, subscription: null } });
  });
});

describe('Stigg ids holding SOQL syntax are looked up in Salesforce fields literally', () => {
  const NASTY = "it's \\ 100% _the_ one' OR Name != '";

  test('a customer id: only the account whose Stigg_Customer_Id__c holds exactly it', async () => {
    await createStiggCustomer(stigg, { customerId: NASTY, name: 'Nasty Co' }); // no salesforceId: the field is the link
    const lookalike = `${NASTY.slice(0, -1)}x`;
    const conn = salesforceConnection(stack);
    await conn.sobject('Account').update({ Id: '001Dn0000000006IAA', Stigg_Customer_Id__c: NASTY } as never);
    await conn.sobject('Account').update({ Id: '001Dn0000000005IAA', Stigg_Customer_Id__c: lookalike } as never);

    const res = await stack.graphql<any>('query($id: ID!) { customer(id: $id) { id name account { id name stiggCustomerId } } }', { id: NASTY });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customer).toEqual({ id: NASTY, name: 'Nasty Co', account: { id: '001Dn0000000006IAA', name: 'Stark Industries', stiggCustomerId: NASTY } });
  });

  test('a subscription id: only the opportunity whose Stigg_Subscription_Id__c holds exactly it', async () => {
    const subscriptionId = "sub-' OR Name != '\\%_";
    await stigg.provisionSubscription({ customerId: NASTY, planId: 'plan-free', id: subscriptionId } as never); // no salesforceId
    await salesforceConnection(stack).sobject('Opportunity').update({ Id: '006Dn0000000007IAA', Stigg_Subscription_Id__c: subscriptionId } as never);

    const res = await stack.graphql<any>('query($id: ID!) { subscription(id: $id) { id opportunity { id name } } }', { id: subscriptionId });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.subscription).toEqual({ id: subscriptionId, opportunity: { id: '006Dn0000000007IAA', name: 'Stark — Lost deal' } });
  });
});
