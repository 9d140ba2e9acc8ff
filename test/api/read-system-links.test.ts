/**
 * How the two systems link (README): Stigg's `salesforceId` on a customer (an Account id) or a
 * subscription (an Opportunity id) wins; the Salesforce field (Stigg_Customer_Id__c,
 * Stigg_Subscription_Id__c) is the fallback, used only for a Stigg record that no Salesforce
 * record is claimed by otherwise; when they disagree the field is reported stale
 * (`Account.customerIdStale`, `Opportunity.subscriptionIdStale`). Each case sets the two sides
 * up through the real Stigg SDK and jsforce.
 */
import { Stigg } from '@stigg/node-server-sdk';
import { Connection } from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { salesforceConnection } from '../helpers/read-salesforce';
import { createStiggCustomer, stiggClient } from '../helpers/read-stigg';
import { provisionThroughGateway } from '../helpers/read-deals';

let stack: TestStack;
let stigg: Stigg;
let conn: Connection;

const ACCOUNT = { globex: '001Dn0000000002IAA', initech: '001Dn0000000003IAA', umbrella: '001Dn0000000004IAA', hooli: '001Dn0000000005IAA', stark: '001Dn0000000006IAA', wayne: '001Dn0000000007IAA' };

beforeAll(async () => {
  stack = await startTestStack();
  stigg = await stiggClient(stack);
  conn = salesforceConnection(stack);
});
afterAll(async () => {
  await stigg?.close();
  await stack?.stop();
});

async function setAccountCustomerId(accountId: string, customerId: string | null): Promise<void> {
  await conn.sobject('Account').update({ Id: accountId, Stigg_Customer_Id__c: customerId } as never);
}

async function setOpportunitySubscriptionId(opportunityId: string, subscriptionId: string | null): Promise<void> {
  await conn.sobject('Opportunity').update({ Id: opportunityId, Stigg_Subscription_Id__c: subscriptionId } as never);
}

async function accountLink(id: string): Promise<{ stiggCustomerId: string | null; customer: { id: string } | null; customerIdStale: boolean }> {
  const res = await stack.graphql<{ account: any }>('query($id: ID!) { account(id: $id) { stiggCustomerId customer { id } customerIdStale } }', { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.account;
}

async function opportunityLink(id: string): Promise<{ stiggSubscriptionId: string | null; subscription: { id: string } | null; subscriptionIdStale: boolean }> {
  const res = await stack.graphql<{ opportunity: any }>(
    'query($id: ID!) { opportunity(id: $id) { stiggSubscriptionId subscription { id } subscriptionIdStale } }', { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.opportunity;
}

describe('Account <-> Stigg customer', () => {
  test('both sides agree (seeded Initech): linked, not stale', async () => {
    expect(await accountLink(ACCOUNT.initech)).toEqual({ stiggCustomerId: 'customer-initech', customer: { id: 'customer-initech' }, customerIdStale: false });
  });

  test("Stigg's salesforceId wins over a field naming another customer; the field is stale", async () => {
    await createStiggCustomer(stigg, { customerId: 'hooli-main', salesforceId: ACCOUNT.hooli });
    await createStiggCustomer(stigg, { customerId: 'hooli-old' }); // no salesforceId
    await setAccountCustomerId(ACCOUNT.hooli, 'hooli-old');
    expect(await accountLink(ACCOUNT.hooli)).toEqual({ stiggCustomerId: 'hooli-old', customer: { id: 'hooli-main' }, customerIdStale: true });
    const res = await stack.graphql<any>('{ customer(id: "hooli-main") { salesforceAccountId account { id } } }');
    expect(res.body.data.customer).toEqual({ salesforceAccountId: ACCOUNT.hooli, account: { id: ACCOUNT.hooli } });
  });

  test('a customer that claims an account whose field is empty: linked, and the field is stale (not written back)', async () => {
    await createStiggCustomer(stigg, { customerId: 'globex-direct', salesforceId: ACCOUNT.globex });
    expect(await accountLink(ACCOUNT.globex)).toEqual({ stiggCustomerId: null, customer: { id: 'globex-direct' }, customerIdStale: true });
  });

  test('the field is the fallback for a customer without salesforceId, both ways', async () => {
    await createStiggCustomer(stigg, { customerId: 'stark-legacy', name: 'Stark (legacy billing)' });
    await setAccountCustomerId(ACCOUNT.stark, 'stark-legacy');
    expect(await accountLink(ACCOUNT.stark)).toEqual({ stiggCustomerId: 'stark-legacy', customer: { id: 'stark-legacy' }, customerIdStale: false });
    const res = await stack.graphql<any>('{ customer(id: "stark-legacy") { salesforceAccountId account { id name } } }');
    expect(res.body.data.customer).toEqual({ salesforceAccountId: null, account: { id: ACCOUNT.stark, name: 'Stark Industries' } });
  });

  test("a field naming a customer that belongs to another account links nothing and is stale; that customer keeps its own account", async () => {
    // hooli-main's salesforceId is Hooli (Stigg_Customer_Id__c is unique, so Hooli's field holds another id)
    await setAccountCustomerId(ACCOUNT.wayne, 'hooli-main');
    expect(await accountLink(ACCOUNT.wayne)).toEqual({ stiggCustomerId: 'hooli-main', customer: null, customerIdStale: true });
    const res = await stack.graphql<any>('{ customer(id: "hooli-main") { account { id } } }');
    expect(res.body.data.customer).toEqual({ account: { id: ACCOUNT.hooli } });
  });

  test("a salesforceId Stigg holds in the 15-character form (another integration's write) links too, answered as 18", async () => {
    const [accountId] = (await conn.sobject('Account').create([{ Name: 'Fifteen Ltd' }] as never[], { allOrNone: true }) as Array<{ id: string }>).map((r) => r.id);
    await createStiggCustomer(stigg, { customerId: 'fifteen', salesforceId: accountId.slice(0, 15) });
    // the account's field is empty: only Stigg's salesforceId can link them
    expect(await accountLink(accountId)).toEqual({ stiggCustomerId: null, customer: { id: 'fifteen' }, customerIdStale: true });
    const res = await stack.graphql<any>('{ customer(id: "fifteen") { salesforceAccountId account { id } } }');
    expect(res.body.data.customer).toEqual({ salesforceAccountId: accountId, account: { id: accountId } });
  });

  test('a field naming a customer Stigg does not have is stale', async () => {
    await setAccountCustomerId(ACCOUNT.umbrella, 'customer-deleted-long-ago');
    expect(await accountLink(ACCOUNT.umbrella)).toEqual({ stiggCustomerId: 'customer-deleted-long-ago', customer: null, customerIdStale: true });
  });
});

describe('Opportunity <-> Stigg subscription', () => {
  const ACME_DEAL = '006Dn0000000001IAA';

  beforeAll(async () => {
    // The gateway writes sub-<opportunityId> back and sends it with salesforceId = the opportunity.
    await provisionThroughGateway(stack, { opportunityId: ACME_DEAL, paymentCollectionMethod: 'NONE' });
  });

  test('provisioned through the gateway: both sides agree', async () => {
    expect(await opportunityLink(ACME_DEAL)).toEqual({ stiggSubscriptionId: `sub-${ACME_DEAL}`, subscription: { id: `sub-${ACME_DEAL}` }, subscriptionIdStale: false });
  });

  test("Stigg's salesforceId wins over a field edited to another id; the field is stale", async () => {
    await setOpportunitySubscriptionId(ACME_DEAL, 'sub-typo');
    expect(await opportunityLink(ACME_DEAL)).toEqual({ stiggSubscriptionId: 'sub-typo', subscription: { id: `sub-${ACME_DEAL}` }, subscriptionIdStale: true });
    await setOpportunitySubscriptionId(ACME_DEAL, null);
    expect(await opportunityLink(ACME_DEAL)).toEqual({ stiggSubscriptionId: null, subscription: { id: `sub-${ACME_DEAL}` }, subscriptionIdStale: true });
    await setOpportunitySubscriptionId(ACME_DEAL, `sub-${ACME_DEAL}`);
  });

  test('the field is the fallback for a subscription without salesforceId, both ways', async () => {
    await stigg.provisionSubscription({ customerId: 'stark-legacy', planId: 'plan-free', id: 'sub-stark-manual' } as never);
    const starkDeal = '006Dn0000000009IAA';
    await setOpportunitySubscriptionId(starkDeal, 'sub-stark-manual');
    expect(await opportunityLink(starkDeal)).toEqual({ stiggSubscriptionId: 'sub-stark-manual', subscription: { id: 'sub-stark-manual' }, subscriptionIdStale: false });
    const res = await stack.graphql<any>('{ subscription(id: "sub-stark-manual") { salesforceId opportunity { id name } customer { id account { id } } } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.subscription).toEqual({
      salesforceId: null,
      opportunity: { id: starkDeal, name: 'Stark — Unknown SKU' },
      customer: { id: 'stark-legacy', account: { id: ACCOUNT.stark } },
    });
  });

  test("a field naming another opportunity's subscription links nothing and is stale", async () => {
    const twoPlans = '006Dn0000000011IAA';
    await setOpportunitySubscriptionId(twoPlans, `sub-${ACME_DEAL}`);
    expect(await opportunityLink(twoPlans)).toEqual({ stiggSubscriptionId: `sub-${ACME_DEAL}`, subscription: null, subscriptionIdStale: true });
    const res = await stack.graphql<any>(`{ subscription(id: "sub-${ACME_DEAL}") { opportunity { id } } }`);
    expect(res.body.data.subscription).toEqual({ opportunity: { id: ACME_DEAL } });
  });

  test('an opportunity with nothing on either side: no subscription, not stale', async () => {
    expect(await opportunityLink('006Dn0000000006IAA')).toEqual({ stiggSubscriptionId: null, subscription: null, subscriptionIdStale: false });
  });

  test('links in a list are resolved per row (one batch per level)', async () => {
    const res = await stack.graphql<any>(`{ opportunities(filter: { accountId: "${ACCOUNT.stark}" }) { edges { node { id subscription { id } subscriptionIdStale account { customer { id } customerIdStale } } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.opportunities.edges.map((e: any) => e.node)).toEqual([
      { id: '006Dn0000000007IAA', subscription: null, subscriptionIdStale: false, account: { customer: { id: 'stark-legacy' }, customerIdStale: false } },
      { id: '006Dn0000000009IAA', subscription: { id: 'sub-stark-manual' }, subscriptionIdStale: false, account: { customer: { id: 'stark-legacy' }, customerIdStale: false } },
    ]);
  });
});
