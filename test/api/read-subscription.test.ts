/**
 * `subscription(id)` and every field of it, for each recipe of the seed provisioned through the
 * gateway's provisionOpportunity / startTrial: quantities, add-ons, billable features, feature
 * and credit entitlements, price overrides (the sales prices after discount), payment state,
 * trial, and the links back to the customer and the opportunity. Then the history: a trial
 * replaced by its paid subscription (CANCELED in Stigg) is still read by id, with its endDate.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { provisionThroughGateway } from '../helpers/read-deals';

let stack: TestStack;

const SUBSCRIPTION = `id customerId planId status billingPeriod paymentCollectionMethod isTrial trialEndDate trialEndBehavior startDate
  resourceId unitQuantity salesforceId checkoutUrl
  addons { addonId quantity }
  billableFeatures { featureId quantity }
  entitlements { featureId usageLimit hasUnlimitedUsage }
  creditEntitlements { currencyId amount cadence price { amount currency } }
  priceOverrides { featureId addonId baseCharge currencyId price { amount currency } }
  cancellationDate endDate scheduledChanges { effectiveAt description }
  customer { id name salesforceAccountId }
  opportunity { id name subscriptionIdStale }`;

async function subscription(id: string): Promise<any> {
  const res = await stack.graphql<{ subscription: any }>(`query($id: ID!) { subscription(id: $id) { ${SUBSCRIPTION} } }`, { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.subscription;
}

const NO_TRIAL = { isTrial: false, trialEndDate: null, trialEndBehavior: null, resourceId: null, unitQuantity: null };

beforeAll(async () => {
  stack = await startTestStack();
  await provisionThroughGateway(stack, { opportunityId: '006Dn0000000001IAA', paymentCollectionMethod: 'NONE' });
  await provisionThroughGateway(stack, { opportunityId: '006Dn0000000002IAA', paymentCollectionMethod: 'INVOICE' });
  await provisionThroughGateway(stack, { opportunityId: '006Dn0000000003IAA', paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' });
  await provisionThroughGateway(stack, { opportunityId: '006Dn0000000004IAA', paymentCollectionMethod: 'NONE' });
  const trial = await stack.graphql<any>('mutation { startTrial(input: { opportunityId: "006Dn0000000005IAA" }) { status subscriptionId } }');
  expect(trial.body.data.startTrial).toEqual({ status: 'SUCCEEDED', subscriptionId: 'sub-006Dn0000000005IAA-trial' });
});
afterAll(async () => {
  await stack?.stop();
});

describe('subscription(id)', () => {
  test('Globex, invoiced: Growth with 20 seats and SSO; the discounted sales prices are overrides; payment pending on an open invoice', async () => {
    const sub = await subscription('sub-006Dn0000000002IAA');
    expect(sub).toEqual({
      id: 'sub-006Dn0000000002IAA',
      customerId: '001Dn0000000002IAA',
      planId: 'plan-growth',
      status: 'PAYMENT_PENDING',
      billingPeriod: 'MONTHLY',
      paymentCollectionMethod: 'INVOICE',
      ...NO_TRIAL,
      startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      salesforceId: '006Dn0000000002IAA',
      checkoutUrl: `${stack.sandbox.stigg.url}/invoices/sub-006Dn0000000002IAA`,
      addons: [{ addonId: 'addon-sso', quantity: 1 }],
      billableFeatures: [{ featureId: 'feature-seats', quantity: 20 }],
      // API calls are priced by usage in Growth: the line's quantity is the usage limit
      entitlements: [{ featureId: 'feature-api-calls', usageLimit: 1, hasUnlimitedUsage: false }],
      creditEntitlements: [],
      priceOverrides: [
        { featureId: null, addonId: null, baseCharge: true, currencyId: null, price: { amount: 450, currency: 'USD' } }, // list 500
        { featureId: 'feature-seats', addonId: null, baseCharge: false, currencyId: null, price: { amount: 16.2, currency: 'USD' } }, // 18 less 10%, list 20
        { featureId: 'feature-api-calls', addonId: null, baseCharge: false, currencyId: null, price: { amount: 99, currency: 'USD' } }, // a flat fee Growth does not list
      ],
      cancellationDate: null,
      endDate: null,
      scheduledChanges: [],
      customer: { id: '001Dn0000000002IAA', name: 'Globex', salesforceAccountId: '001Dn0000000002IAA' },
      opportunity: { id: '006Dn0000000002IAA', name: 'Globex — Growth, invoiced with price overrides', subscriptionIdStale: false },
    });
  });

  test('once the invoice is paid the subscription is ACTIVE and has no checkout URL', async () => {
    const paid = await fetch(`${stack.sandbox.stigg.url}/__sandbox/invoices/sub-006Dn0000000002IAA/pay`, { method: 'POST' });
    expect(paid.status).toBeLessThan(300);
    expect(await subscription('sub-006Dn0000000002IAA')).toMatchObject({ status: 'ACTIVE', checkoutUrl: null });
  });

  test("Initech, card on file: list prices but for the credits, 5 seats, and 5,000 API credits a month priced 250 USD (0.05 a credit over the plan's 0.01)", async () => {
    expect(await subscription('sub-006Dn0000000003IAA')).toEqual(expect.objectContaining({
      customerId: 'customer-initech',
      planId: 'plan-growth',
      status: 'ACTIVE',
      billingPeriod: 'MONTHLY',
      paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE',
      ...NO_TRIAL,
      checkoutUrl: null,
      addons: [],
      billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }],
      entitlements: [],
      creditEntitlements: [{ currencyId: 'currency-api-credits', amount: 5000, cadence: 'MONTH', price: { amount: 250, currency: 'USD' } }],
      priceOverrides: [{ featureId: null, addonId: null, baseCharge: false, currencyId: 'currency-api-credits', price: { amount: 0.05, currency: 'USD' } }],
      cancellationDate: null,
      scheduledChanges: [],
      customer: { id: 'customer-initech', name: 'Initech', salesforceAccountId: '001Dn0000000003IAA' },
      opportunity: { id: '006Dn0000000003IAA', name: 'Initech — Growth with API credits, card on file', subscriptionIdStale: false },
    }));
  });

  test('Umbrella, custom Enterprise billed outside Stigg: 50 seats and two credit entitlements without a price', async () => {
    expect(await subscription('sub-006Dn0000000004IAA')).toEqual(expect.objectContaining({
      planId: 'plan-enterprise',
      status: 'ACTIVE',
      billingPeriod: null,
      paymentCollectionMethod: 'NONE',
      ...NO_TRIAL,
      billableFeatures: [],
      entitlements: [{ featureId: 'feature-seats', usageLimit: 50, hasUnlimitedUsage: false }],
      creditEntitlements: [
        { currencyId: 'cred-type-test', amount: 1000, cadence: 'MONTH', price: null },
        { currencyId: 'currency-api-credits', amount: 20000, cadence: 'MONTH', price: null },
      ],
      priceOverrides: [],
      customer: { id: '001Dn0000000004IAA', name: 'Umbrella', salesforceAccountId: '001Dn0000000004IAA' },
    }));
  });

  test('Acme, entitlements only: the line quantities become usage limits', async () => {
    const sub = await subscription('sub-006Dn0000000001IAA');
    expect(sub).toMatchObject({ planId: 'plan-enterprise', status: 'ACTIVE', paymentCollectionMethod: 'NONE', billableFeatures: [], creditEntitlements: [], priceOverrides: [] });
    expect(sub.entitlements).toEqual(expect.arrayContaining([
      { featureId: 'feature-seats', usageLimit: 25, hasUnlimitedUsage: false },
      { featureId: 'feature-api-calls', usageLimit: 100000, hasUnlimitedUsage: false },
      { featureId: 'feature-sso', usageLimit: null, hasUnlimitedUsage: false },
    ]));
    expect(sub.entitlements).toHaveLength(3);
  });

  test('Wayne, trial: IN_TRIAL for the plan\'s 14 days, converting to paid', async () => {
    const sub = await subscription('sub-006Dn0000000005IAA-trial');
    expect(sub).toMatchObject({
      customerId: '001Dn0000000007IAA',
      planId: 'plan-growth',
      status: 'IN_TRIAL',
      isTrial: true,
      trialEndBehavior: 'CONVERT_TO_PAID',
      billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }],
      salesforceId: '006Dn0000000005IAA',
      opportunity: { id: '006Dn0000000005IAA', subscriptionIdStale: false },
    });
    const days = (Date.parse(sub.trialEndDate) - Date.parse(sub.startDate)) / 86_400_000;
    expect(Math.round(days)).toBe(14);
  });

  test('each provisioned opportunity answers its subscription; unknown ids are null', async () => {
    const res = await stack.graphql<any>(`{
      acme: opportunity(id: "006Dn0000000001IAA") { stiggSubscriptionId provisioningStatus subscription { id } provisioningRuns { kind status subscriptionId } }
      wayne: opportunity(id: "006Dn0000000005IAA") { subscription { id isTrial } }
      expansion: opportunity(id: "006Dn0000000006IAA") { subscription { id } subscriptionIdStale }
      unknown: subscription(id: "sub-nothing") { id }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      acme: {
        stiggSubscriptionId: 'sub-006Dn0000000001IAA', provisioningStatus: 'Provisioned', subscription: { id: 'sub-006Dn0000000001IAA' },
        provisioningRuns: [{ kind: 'SUBSCRIPTION', status: 'SUCCEEDED', subscriptionId: 'sub-006Dn0000000001IAA' }],
      },
      wayne: { subscription: { id: 'sub-006Dn0000000005IAA-trial', isTrial: true } },
      expansion: { subscription: null, subscriptionIdStale: false },
      unknown: null,
    });
  });
});

describe('history: ended subscriptions stay readable', () => {
  const TRIAL = 'sub-006Dn0000000005IAA-trial';
  const PAID = 'sub-006Dn0000000005IAA';

  test("Wayne's trial, once converted (the paid subscription replaces it), is read by id: CANCELED, with its endDate", async () => {
    const before = await subscription(TRIAL);
    expect(before).toMatchObject({ status: 'IN_TRIAL', endDate: null });
    const convertedAt = Date.now();
    await provisionThroughGateway(stack, { opportunityId: '006Dn0000000005IAA', paymentCollectionMethod: 'NONE' });

    const trial = await subscription(TRIAL);
    expect(trial).toMatchObject({
      id: TRIAL,
      customerId: '001Dn0000000007IAA',
      planId: 'plan-growth',
      status: 'CANCELED',
      startDate: before.startDate,
      trialEndBehavior: 'CONVERT_TO_PAID',
      billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }],
      salesforceId: '006Dn0000000005IAA',
      customer: { id: '001Dn0000000007IAA' },
      opportunity: { id: '006Dn0000000005IAA' },
    });
    // It ended when the paid subscription replaced it.
    expect(trial.endDate).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(Date.parse(trial.endDate)).toBeGreaterThanOrEqual(convertedAt - 1000);
    expect(Date.parse(trial.endDate)).toBeLessThanOrEqual(Date.now());

    expect(await subscription(PAID)).toMatchObject({ status: 'ACTIVE', isTrial: false, endDate: null, cancellationDate: null });
  });

  test('the opportunity links the live (paid) subscription; the customer lists it first, then the ended trial; both runs are listed', async () => {
    const res = await stack.graphql<any>(`{
      opportunity(id: "006Dn0000000005IAA") { subscription { id status } provisioningRuns { kind status subscriptionId } }
      customer(id: "001Dn0000000007IAA") { subscriptions { id status endDate } }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.opportunity.subscription).toEqual({ id: PAID, status: 'ACTIVE' });
    expect(res.body.data.opportunity.provisioningRuns).toEqual([
      { kind: 'SUBSCRIPTION', status: 'SUCCEEDED', subscriptionId: PAID },
      { kind: 'TRIAL', status: 'SUCCEEDED', subscriptionId: TRIAL },
    ]);
    expect(res.body.data.customer.subscriptions).toEqual([
      { id: PAID, status: 'ACTIVE', endDate: null },
      { id: TRIAL, status: 'CANCELED', endDate: expect.any(String) },
    ]);
  });
});
