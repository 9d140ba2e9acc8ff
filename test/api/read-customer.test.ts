/**
 * `customer(id)` and its fields: the account, subscriptions (history included: live ones first,
 * then ended ones, newest first), credit grants (with the currencyId argument) and credit
 * balances, read through the gateway's batched documents (never the SDK's cached balance reads).
 * Stigg state is made through the gateway's provisionOpportunity / startTrial, the real Stigg
 * SDK and the Stigg emulator's sandbox endpoints.
 */
import { Stigg } from '@stigg/node-server-sdk';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { provisionThroughGateway } from '../helpers/read-deals';
import { grantPromotionalCredits, stiggClient } from '../helpers/read-stigg';

let stack: TestStack;
let stigg: Stigg;

const CUSTOMER = `id name email salesforceAccountId hasPaymentMethod account { id name stiggCustomerId }
  subscriptions { id status planId }
  creditGrants { id customerId currencyId grantType displayName amount effectiveAt expiresAt priority resourceId comment status cost { amount currency } }
  testGrants: creditGrants(currencyId: "cred-type-test") { id amount }
  creditBalances { currencyId currentBalance totalGranted totalConsumed }`;

async function customer(id: string): Promise<any> {
  const res = await stack.graphql<{ customer: any }>(`query($id: ID!) { customer(id: $id) { ${CUSTOMER} } }`, { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.customer;
}

beforeAll(async () => {
  stack = await startTestStack();
  stigg = await stiggClient(stack);
});
afterAll(async () => {
  await stigg?.close();
  await stack?.stop();
});

describe('customer(id)', () => {
  test('the seeded Initech customer before any deal: its fields and account, nothing else yet', async () => {
    expect(await customer('customer-initech')).toEqual({
      id: 'customer-initech',
      name: 'Initech',
      email: 'finance@initech.example',
      salesforceAccountId: '001Dn0000000003IAA',
      hasPaymentMethod: true,
      account: { id: '001Dn0000000003IAA', name: 'Initech', stiggCustomerId: 'customer-initech' },
      subscriptions: [],
      creditGrants: [],
      testGrants: [],
      creditBalances: [],
    });
  });

  test('after the Initech deal (card on file) and a promotional grant: its subscription, both grants, a balance per currency', async () => {
    await provisionThroughGateway(stack, { opportunityId: '006Dn0000000003IAA', paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' });
    const expireAt = new Date('2027-01-31T00:00:00.000Z');
    const promoId = await grantPromotionalCredits(stigg, {
      customerId: 'customer-initech', currencyId: 'cred-type-test', amount: 300, displayName: 'Welcome credits', comment: 'onboarding', priority: 2, expireAt,
    });

    const got = await customer('customer-initech');
    expect(got.subscriptions).toEqual([{ id: 'sub-006Dn0000000003IAA', status: 'ACTIVE', planId: 'plan-growth' }]);
    // The deal's 5,000 API credits (5,000 x 0.05 USD = 250 USD) are the subscription's RECURRING grant; the SDK's grant is PROMOTIONAL.
    expect(got.creditGrants).toHaveLength(2);
    expect(got.creditGrants).toEqual(expect.arrayContaining([
      expect.objectContaining({
        customerId: 'customer-initech', currencyId: 'currency-api-credits', grantType: 'RECURRING', amount: 5000, status: 'ACTIVE',
        cost: { amount: 250, currency: 'USD' }, resourceId: null,
      }),
      {
        id: promoId, customerId: 'customer-initech', currencyId: 'cred-type-test', grantType: 'PROMOTIONAL', displayName: 'Welcome credits',
        amount: 300, effectiveAt: expect.any(String), expiresAt: expireAt.toISOString(), priority: 2, resourceId: null, comment: 'onboarding',
        status: 'ACTIVE', cost: expect.objectContaining({ amount: 0 }),
      },
    ]));
    expect(got.testGrants).toEqual([{ id: promoId, amount: 300 }]);
    expect(got.creditBalances).toEqual(expect.arrayContaining([
      { currencyId: 'currency-api-credits', currentBalance: 5000, totalGranted: 5000, totalConsumed: 0 },
      { currencyId: 'cred-type-test', currentBalance: 300, totalGranted: 300, totalConsumed: 0 },
    ]));
    expect(got.creditBalances).toHaveLength(2);
  });

  test('balances are read fresh on every request (no in-process cache): a new grant shows at once', async () => {
    await grantPromotionalCredits(stigg, { customerId: 'customer-initech', currencyId: 'cred-type-test', amount: 50 });
    const got = await customer('customer-initech');
    expect(got.creditBalances).toEqual(expect.arrayContaining([{ currencyId: 'cred-type-test', currentBalance: 350, totalGranted: 350, totalConsumed: 0 }]));
  });

  test('a customer provisioned from a deal is named by the account id and points back at its account', async () => {
    await provisionThroughGateway(stack, { opportunityId: '006Dn0000000002IAA', paymentCollectionMethod: 'INVOICE' });
    expect(await customer('001Dn0000000002IAA')).toEqual({
      id: '001Dn0000000002IAA',
      name: 'Globex',
      email: 'billing@globex.example',
      salesforceAccountId: '001Dn0000000002IAA',
      hasPaymentMethod: false,
      // provisioning wrote the customer id back to the account
      account: { id: '001Dn0000000002IAA', name: 'Globex', stiggCustomerId: '001Dn0000000002IAA' },
      subscriptions: [{ id: 'sub-006Dn0000000002IAA', status: 'PAYMENT_PENDING', planId: 'plan-growth' }],
      creditGrants: [],
      testGrants: [],
      creditBalances: [],
    });
  });

  test('several customers in one query are each answered', async () => {
    const res = await stack.graphql<any>(`{
      a: customer(id: "customer-initech") { id subscriptions { id } }
      b: customer(id: "001Dn0000000002IAA") { id subscriptions { id } }
      c: customer(id: "no-such-customer") { id }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      a: { id: 'customer-initech', subscriptions: [{ id: 'sub-006Dn0000000003IAA' }] },
      b: { id: '001Dn0000000002IAA', subscriptions: [{ id: 'sub-006Dn0000000002IAA' }] },
      c: null,
    });
  });

  test("Wayne's history: an expired trial, a paid subscription replaced by another plan, and the live one; live first, then the ended ones newest first", async () => {
    const WAYNE = '001Dn0000000007IAA';
    const trial = await stack.graphql<any>('mutation { startTrial(input: { opportunityId: "006Dn0000000005IAA", trialEndBehavior: CANCEL_SUBSCRIPTION }) { status subscriptionId } }');
    expect(trial.body.data.startTrial).toEqual({ status: 'SUCCEEDED', subscriptionId: 'sub-006Dn0000000005IAA-trial' });
    // The trial period is over; with CANCEL_SUBSCRIPTION the subscription expires.
    const ended = await fetch(`${stack.sandbox.stigg.url}/__sandbox/subscriptions/sub-006Dn0000000005IAA-trial/end-trial`, { method: 'POST' });
    expect(ended.status).toBeLessThan(300);
    await provisionThroughGateway(stack, { opportunityId: '006Dn0000000005IAA', paymentCollectionMethod: 'NONE' });
    // Another plan of the same product, made in Stigg directly, replaces the paid subscription (CANCELED).
    const enterprise = await stigg.provisionSubscription({ customerId: WAYNE, planId: 'plan-enterprise' } as never);
    const enterpriseId = enterprise.subscription!.id;

    const got = await stack.graphql<any>('query($id: ID!) { customer(id: $id) { subscriptions { id status planId startDate endDate } } }', { id: WAYNE });
    expect(got.body.errors).toBeUndefined();
    const subs = got.body.data.customer.subscriptions;
    expect(subs.map((s: any) => [s.id, s.status, s.planId])).toEqual([
      [enterpriseId, 'ACTIVE', 'plan-enterprise'],
      ['sub-006Dn0000000005IAA', 'CANCELED', 'plan-growth'],
      ['sub-006Dn0000000005IAA-trial', 'EXPIRED', 'plan-growth'],
    ]);
    expect(subs[0].endDate).toBeNull();
    // Each ended one has its endDate; the paid one ended after the trial.
    for (const s of subs.slice(1)) expect(Date.parse(s.endDate)).toBeGreaterThanOrEqual(Date.parse(s.startDate));
    expect(Date.parse(subs[1].endDate)).toBeGreaterThanOrEqual(Date.parse(subs[2].endDate));
  });
});
