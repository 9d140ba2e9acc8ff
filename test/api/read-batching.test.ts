/**
 * Batching: the same deep query over 5, 100 and 200 opportunities costs the same upstream
 * requests, operation by operation, on both emulators (their counters, reset before each run).
 * Per level (src/context/request-loaders.ts explains it):
 *
 *   Salesforce  query x3: the page of opportunities (rows carry their Account), the line items of
 *               all of them (rows carry their Product2), the contacts of all their accounts.
 *   Stigg       one document for every customer/subscription lookup (aliased `customers` and
 *               `subscriptions`; a subscription brings its credit entitlements and its customer),
 *               then ONE document for the customers' balances (`entitlementV2`, an alias per
 *               customer and custom currency): graphql x2 — the ideal, one request per level.
 *               The catalog, read once a minute, adds one document (`plans`, `addons`,
 *               `features`, `products` and `customCurrencies`) when it is not cached.
 */
import { Stigg } from '@stigg/node-server-sdk';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { createDealSet, DealSet, provisionThroughGateway } from '../helpers/read-deals';
import { countUpstreamRequests, UpstreamCounts } from '../helpers/read-counts';
import { grantPromotionalCredits, stiggClient } from '../helpers/read-stigg';

let stack: TestStack;
let stigg: Stigg;
let deals: DealSet;

const ACCOUNTS = 20;
const DEALS = 200;
const PROVISIONED = 10;

const DEEP = `query Deep($first: Int!, $filter: OpportunityFilter) {
  opportunities(first: $first, filter: $filter) {
    edges { node {
      id name amount { amount currency } subscriptionIdStale
      lineItems {
        id quantity salesPrice { amount } listPrice { amount } totalPrice { amount currency }
        product { id name isActive mapping { status } }
        mapping { stiggType stiggId status problem }
      }
      account { id name contacts { id name email } customer { id creditBalances { currencyId currentBalance } } customerIdStale }
      subscription {
        id status planId billingPeriod billableFeatures { featureId quantity } entitlements { featureId usageLimit }
        creditEntitlements { currencyId amount cadence } priceOverrides { featureId price { amount } }
        customer { id name email creditBalances { currencyId currentBalance totalGranted totalConsumed } }
      }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
// Exactly the 200 deals created below (the seed's close in 2026).
const FILTER = { isWon: true, closedAfter: '2030-12-31' };

async function deepQuery(first: number): Promise<{ nodes: any[]; counts: UpstreamCounts }> {
  const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql<any>(DEEP, { first, filter: FILTER }));
  expect(result.status).toBe(200);
  expect(result.body.errors).toBeUndefined();
  return { nodes: result.body.data.opportunities.edges.map((e: any) => e.node), counts };
}

beforeAll(async () => {
  stack = await startTestStack();
  stigg = await stiggClient(stack);
  // 200 closed-won deals spread round-robin over 20 dedicated accounts (2 contacts each), 3 lines each,
  // created through jsforce's sObject Collections.
  deals = await createDealSet(stack, {
    label: 'Batch', accounts: ACCOUNTS, opportunities: DEALS, closeDate: (i) => `2031-${String(1 + (i % 12)).padStart(2, '0')}-15`,
  });
  // The first 10 deals (accounts 0..9) provisioned through the gateway: a subscription with 1,000 API
  // credits a month each, and a Stigg customer per account; accounts 0..4 also get promotional credits.
  for (let i = 0; i < PROVISIONED; i++) {
    await provisionThroughGateway(stack, { opportunityId: deals.opportunityIds[i], paymentCollectionMethod: 'NONE', billingPeriod: 'MONTHLY' });
  }
  for (let a = 0; a < 5; a++) {
    await grantPromotionalCredits(stigg, { customerId: deals.accountIds[a], currencyId: 'cred-type-test', amount: 100 * (a + 1) });
  }
}, 30_000);
afterAll(async () => {
  await stigg?.close();
  await stack?.stop();
});

describe('the deep query costs the same upstream requests for 5, 100 and 200 opportunities', () => {
  test('with the catalog cached: Salesforce query x3, Stigg graphql x2', async () => {
    await deepQuery(1); // warm the process-wide caches (Opportunity describe, catalog) first
    const runs = [];
    for (const first of [5, 100, 200, 5]) runs.push({ first, ...(await deepQuery(first)) });
    expect(runs.map((r) => r.nodes.length)).toEqual([5, 100, 200, 5]);
    const expected: UpstreamCounts = {
      salesforce: { query: 3 },
      stigg: { customers: 1, entitlementV2: 1, graphql: 2, subscriptions: 1 },
    };
    for (const run of runs) expect({ first: run.first, counts: run.counts }).toEqual({ first: run.first, counts: expected });
  });

  test('with the catalog read in the request: the same for 5 and 200, plus the one catalog document', async () => {
    const cold = async (first: number) => {
      stack.gateway.services.stigg.reader.invalidateCatalog();
      return (await deepQuery(first)).counts;
    };
    const five = await cold(5);
    const twoHundred = await cold(200);
    expect(twoHundred).toEqual(five);
    expect(five).toEqual({
      salesforce: { query: 3 },
      stigg: {
        addons: 1, customCurrencies: 1, customers: 1, entitlementV2: 1, features: 1, graphql: 3, plans: 1, products: 1, subscriptions: 1,
      },
    });
  });

  test('the 200 rows come back complete and correct', async () => {
    const { nodes } = await deepQuery(200);
    expect(nodes.map((n) => n.id)).toEqual(deals.opportunityIds);
    for (const [i, node] of nodes.entries()) {
      const a = i % ACCOUNTS;
      // 500 + 5 x 20 x (1 - 10%) + 1,000 x 0.05
      expect(node.amount).toEqual({ amount: 640, currency: 'USD' });
      expect(node.lineItems.map((l: any) => [l.product.name, l.quantity, l.totalPrice.amount, l.mapping.status])).toEqual([
        ['Growth plan', 1, 500, 'VALID'], ['Seats', 5, 90, 'VALID'], ['API credits', 1000, 50, 'VALID'],
      ]);
      expect(node.account.id).toBe(deals.accountIds[a]);
      expect(node.account.contacts.map((c: any) => c.email)).toEqual(deals.contactEmails[a]);
      expect(node.account.customer?.id ?? null).toBe(a < PROVISIONED ? deals.accountIds[a] : null);
      expect(node.account.customerIdStale).toBe(false);
      expect(node.subscriptionIdStale).toBe(false);
      if (i < PROVISIONED) {
        expect(node.subscription).toMatchObject({
          id: `sub-${node.id}`, status: 'ACTIVE', planId: 'plan-growth', billingPeriod: 'MONTHLY',
          billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }],
          creditEntitlements: [{ currencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH' }],
          customer: { id: deals.accountIds[a], name: `Batch account ${a}` },
        });
        const balances = [{ currencyId: 'currency-api-credits', currentBalance: 1000, totalGranted: 1000, totalConsumed: 0 }];
        if (a < 5) balances.push({ currencyId: 'cred-type-test', currentBalance: 100 * (a + 1), totalGranted: 100 * (a + 1), totalConsumed: 0 });
        expect(node.subscription.customer.creditBalances).toEqual(expect.arrayContaining(balances));
        expect(node.subscription.customer.creditBalances).toHaveLength(balances.length);
        expect(node.account.customer.creditBalances).toHaveLength(balances.length);
      } else {
        expect(node.subscription).toBeNull();
      }
    }
  });

  test('an account-rooted deep query is batched the same way: account -> opportunities -> line items, customer -> subscriptions', async () => {
    const query = `query($id: ID!) { account(id: $id) { name contacts { email } opportunities { id lineItems { product { name } mapping { status } } subscription { id } }
      customer { id subscriptions { id creditEntitlements { amount } } creditBalances { currentBalance } creditGrants { amount } } } }`;
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql<any>(query, { id: deals.accountIds[0] }));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.account.opportunities).toHaveLength(DEALS / ACCOUNTS);
    expect(result.body.data.account.customer.subscriptions).toEqual([{ id: `sub-${deals.opportunityIds[0]}`, creditEntitlements: [{ amount: 1000 }] }]);
    // Salesforce: the account; its contacts and its opportunities; their line items (4 SOQL queries).
    // Stigg: the account's customer; then, each once its parent is back, the customer's subscriptions
    // and the opportunities' subscriptions (they wait on different upstreams, so they are two lookups);
    // the customer's balances and grants (5 requests). Credit entitlements come with the subscriptions.
    expect(counts.salesforce).toEqual({ query: 4 });
    expect(counts.stigg).toEqual({ creditGrants: 1, customers: 1, entitlementV2: 1, graphql: 5, subscriptions: 2 });
  });
});
