/**
 * Each recipe of Stigg's "Provisioning from Salesforce" guide (the seeded
 * opportunities of the README's table) through the GraphQL
 * API against the sandbox: what the run says, what Stigg holds afterwards (the
 * emulator's store) and what Salesforce holds (read through jsforce).
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  ACCOUNT, Json, OPP, PREVIEW, balanceOf, customersOfAccount, growthDeal, provision, resetCounters, salesforce, sandboxPost,
  stiggState, subscription, writesCounted, writtenBack,
} from '../helpers/provisioning-helpers';

let stack: TestStack;
let conn: jsforce.Connection;

beforeAll(async () => {
  stack = await startTestStack();
  conn = salesforce(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const stepStatuses = (run: Json) => Object.fromEntries(run.steps.map((s: Json) => [s.name, s.status]));

describe('Provisioning custom subscriptions with entitlements (#1 Acme, billing outside Stigg)', () => {
  it('creates the customer and a custom subscription whose quantities are usage limits, and writes the ids back', async () => {
    const run = await provision(stack, { opportunityId: OPP.acme });

    expect(run).toMatchObject({
      kind: 'SUBSCRIPTION', opportunityId: OPP.acme, status: 'SUCCEEDED', error: null, checkoutUrl: null,
      customerId: ACCOUNT.acme, subscriptionId: `sub-${OPP.acme}`, requestedBy: 'sandbox',
    });
    expect(stepStatuses(run)).toEqual({ HOOK: 'SKIPPED', CUSTOMER: 'SUCCEEDED', SUBSCRIPTION: 'SUCCEEDED', WRITE_BACK: 'SUCCEEDED' });
    expect(run.plan).toMatchObject({
      planId: 'plan-enterprise', paymentCollectionMethod: 'NONE', billingPeriod: null, isTrial: false,
      billingEmail: 'alice@acme.example', priceOverrides: [], billableFeatures: [], creditEntitlements: [], warnings: [],
      entitlements: [
        { featureId: 'feature-api-calls', usageLimit: 100000, hasUnlimitedUsage: false },
        { featureId: 'feature-seats', usageLimit: 25, hasUnlimitedUsage: false },
        { featureId: 'feature-sso', usageLimit: null, hasUnlimitedUsage: false },
      ],
    });

    // Stigg: one customer for the account, one subscription for the opportunity, with those entitlements.
    const customers = customersOfAccount(stack, ACCOUNT.acme);
    expect(customers.map((c) => [c.customerId, c.name, c.email])).toEqual([[ACCOUNT.acme, 'Acme Corp', 'alice@acme.example']]);
    const { subscriptions } = stiggState(stack, OPP.acme);
    expect(subscriptions).toHaveLength(1);
    const sub = subscriptions[0];
    expect(sub).toMatchObject({
      subscriptionId: `sub-${OPP.acme}`, customerId: ACCOUNT.acme, planRefId: 'plan-enterprise', status: 'ACTIVE',
      paymentCollectionMethod: 'NONE', priceOverrides: [], latestInvoice: null,
    });
    expect(sub.featureEntitlements.map((e) => [e.featureRefId, e.usageLimit])).toEqual([
      ['feature-api-calls', 100000], ['feature-seats', 25], ['feature-sso', null],
    ]);

    expect(await writtenBack(conn, OPP.acme)).toEqual({ subscriptionId: `sub-${OPP.acme}`, status: 'Provisioned', customerId: ACCOUNT.acme });
  });

  it('with billing outside Stigg every non-zero sales price is a warning and no price is sent (#2 Globex, no payment collection)', async () => {
    const result = await stack.graphql<Json>(PREVIEW, { input: { opportunityId: OPP.globex } });
    const plan = result.body.data.previewProvisioning;
    expect(plan).toMatchObject({ paymentCollectionMethod: 'NONE', priceOverrides: [], billingPeriod: 'MONTHLY' });
    expect(plan.warnings).toEqual([
      "Sales price 450 USD on 'Growth plan' was not sent: billing is handled outside Stigg.",
      "Sales price 99 USD on 'API calls' was not sent: billing is handled outside Stigg.",
      "Sales price 16.2 USD on 'Seats' was not sent: billing is handled outside Stigg.",
      "Sales price 150 USD on 'SSO add-on' was not sent: billing is handled outside Stigg.",
    ]);
  });
});

describe('Provisioning paid subscriptions, price overrides, and invoices (#2 Globex)', () => {
  it('sends the per-unit sales prices (after discount) as overrides, invoices, and comes back PAYMENT_PENDING', async () => {
    const run = await provision(stack, { opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', customerId: ACCOUNT.globex, subscriptionId: `sub-${OPP.globex}` });
    expect(run.plan).toMatchObject({
      planId: 'plan-growth', paymentCollectionMethod: 'INVOICE', billingPeriod: 'MONTHLY', billingEmail: 'billing@globex.example',
      addons: [{ addonId: 'addon-sso', quantity: 1 }],
      billableFeatures: [{ featureId: 'feature-seats', quantity: 20 }],
      // API calls are priced by usage: the quantity is the usage limit, the sales price a flat fee.
      entitlements: [{ featureId: 'feature-api-calls', usageLimit: 1, hasUnlimitedUsage: false }],
      priceOverrides: [
        { baseCharge: true, featureId: null, addonId: null, price: { amount: 450, currency: 'USD' } },
        { baseCharge: false, featureId: null, addonId: 'addon-sso', price: { amount: 150, currency: 'USD' } },
        { baseCharge: false, featureId: 'feature-api-calls', addonId: null, price: { amount: 99, currency: 'USD' } },
        // 18 USD with a 10% discount
        { baseCharge: false, featureId: 'feature-seats', addonId: null, price: { amount: 16.2, currency: 'USD' } },
      ],
      warnings: [],
    });

    const sub = await subscription(stack, `sub-${OPP.globex}`);
    expect(sub).toMatchObject({ status: 'PAYMENT_PENDING', paymentCollectionMethod: 'INVOICE', salesforceId: OPP.globex, isTrial: false });
    expect(sub.checkoutUrl).toBe(`${stack.sandbox.stigg.url}/invoices/sub-${OPP.globex}`);
    const stored = stiggState(stack, OPP.globex).subscriptions[0];
    expect(stored.latestInvoice).toMatchObject({ status: 'OPEN' });
    expect(stored.priceOverrides).toHaveLength(4);
    // The billing email is on the Stigg customer (invoices go there) and is a Contact of the account.
    expect(customersOfAccount(stack, ACCOUNT.globex).map((c) => c.email)).toEqual(['billing@globex.example']);
    // The run SUCCEEDED: the opportunity reads Provisioned although the invoice is still open.
    expect(await writtenBack(conn, OPP.globex)).toEqual({ subscriptionId: `sub-${OPP.globex}`, status: 'Provisioned', customerId: ACCOUNT.globex });
  });

  it('reads ACTIVE once the billing provider settles the invoice', async () => {
    await sandboxPost(stack.sandbox.stigg.url, `/__sandbox/invoices/sub-${OPP.globex}/pay`);
    expect(await subscription(stack, `sub-${OPP.globex}`)).toMatchObject({ status: 'ACTIVE', checkoutUrl: null });
  });
});

describe('Provisioning paid subscriptions with credit charges (#3 Initech, card on file)', () => {
  it('charges the card on file for a subscription with a priced credit entitlement', async () => {
    resetCounters(stack);
    const run = await provision(stack, { opportunityId: OPP.initech, paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', customerId: 'customer-initech', subscriptionId: `sub-${OPP.initech}` });
    expect(run.plan).toMatchObject({
      paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE', billingEmail: 'finance@initech.example',
      billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }],
      // 5,000 API credits a month at 0.05 USD: the line's total price is the credit price.
      creditEntitlements: [{ currencyId: 'currency-api-credits', amount: 5000, cadence: 'MONTH', price: { amount: 250, currency: 'USD' } }],
    });
    // Stigg takes no price on a credit entitlement: the price goes as the override of Growth's credits charge, per credit.
    expect(run.plan.priceOverrides).toContainEqual(
      { baseCharge: false, featureId: null, addonId: null, currencyId: 'currency-api-credits', price: { amount: 0.05, currency: 'USD' } });
    expect(stiggState(stack, OPP.initech).subscriptions[0].priceOverrides).toContainEqual(
      expect.objectContaining({ currencyId: 'currency-api-credits', price: { amount: 0.05, currency: 'USD' } }));
    // The customer existed (Stigg_Customer_Id__c): it is not created again.
    expect(writesCounted(stack)['stigg.provisionCustomer']).toBeUndefined();

    const sub = await subscription(stack, `sub-${OPP.initech}`);
    expect(sub).toMatchObject({
      status: 'ACTIVE', paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE',
      creditEntitlements: [{ currencyId: 'currency-api-credits', amount: 5000, cadence: 'MONTH', price: { amount: 250, currency: 'USD' } }],
    });
    expect(stiggState(stack, OPP.initech).subscriptions[0].latestInvoice).toMatchObject({ status: 'PAID' });
    // The entitlement's credits are granted with the active subscription.
    expect(balanceOf(stack, 'customer-initech', 'currency-api-credits')).toBe(5000);
    expect(await writtenBack(conn, OPP.initech)).toEqual({ subscriptionId: `sub-${OPP.initech}`, status: 'Provisioned', customerId: 'customer-initech' });
  });
});

describe('Provisioning custom plans with credit entitlements (#4 Umbrella)', () => {
  it('provisions feature and credit entitlements; an input credit entitlement replaces the line item one for its currency', async () => {
    const run = await provision(stack, {
      opportunityId: OPP.umbrella,
      creditEntitlements: [{ customCurrencyId: 'currency-api-credits', amount: 240000, cadence: 'YEAR' }],
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.plan).toMatchObject({
      planId: 'plan-enterprise', paymentCollectionMethod: 'NONE',
      entitlements: [{ featureId: 'feature-seats', usageLimit: 50 }],
      creditEntitlements: [
        { currencyId: 'cred-type-test', amount: 1000, cadence: 'MONTH', price: null },
        // the line item said 20,000 a month; the input says 240,000 a year
        { currencyId: 'currency-api-credits', amount: 240000, cadence: 'YEAR', price: null },
      ],
    });
    const stored = stiggState(stack, OPP.umbrella).subscriptions;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'ACTIVE', paymentCollectionMethod: 'NONE' });
    expect(stored[0].creditEntitlements.map((c) => [c.currencyId, c.amount, c.cadence])).toEqual([
      ['cred-type-test', 1000, 'MONTH'],
      ['currency-api-credits', 240000, 'YEAR'],
    ]);
    expect(await writtenBack(conn, OPP.umbrella)).toMatchObject({ subscriptionId: `sub-${OPP.umbrella}`, status: 'Provisioned' });
  });
});

describe('CHARGE without a payment method: ACTION_REQUIRED with the checkout URL', () => {
  it('#8 Hooli: the run asks for a payment method; after the checkout is completed, asking again finishes it', async () => {
    const input = { opportunityId: OPP.hooli, paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' };
    const first = await provision(stack, input);
    expect(first).toMatchObject({
      status: 'ACTION_REQUIRED', subscriptionId: null, customerId: ACCOUNT.hooli,
      error: { code: 'PAYMENT_REQUIRED', step: 'SUBSCRIPTION' },
    });
    expect(first.checkoutUrl).toMatch(new RegExp(`^${stack.sandbox.stigg.url}/checkout/cs_sandbox_`));
    expect(stepStatuses(first)).toMatchObject({ CUSTOMER: 'SUCCEEDED', SUBSCRIPTION: 'FAILED', WRITE_BACK: 'PENDING' });
    expect(stiggState(stack, OPP.hooli).subscriptions).toEqual([]);
    expect((await writtenBack(conn, OPP.hooli)).status).toBe('Action required');

    // The customer pays at the checkout URL: Stigg creates the subscription (with our id) itself.
    await sandboxPost(stack.sandbox.stigg.url, `/__sandbox/checkouts/${first.checkoutUrl.split('/').pop()}/complete`);
    resetCounters(stack);
    const second = await provision(stack, input);
    expect(second).toMatchObject({ id: first.id, status: 'SUCCEEDED', subscriptionId: `sub-${OPP.hooli}`, checkoutUrl: null, error: null });
    // adopted, not provisioned a second time
    expect(writesCounted(stack)['stigg.provisionSubscriptionV2']).toBeUndefined();
    expect(stiggState(stack, OPP.hooli).live.map((s) => s.status)).toEqual(['ACTIVE']);
    expect(await writtenBack(conn, OPP.hooli)).toMatchObject({ subscriptionId: `sub-${OPP.hooli}`, status: 'Provisioned' });
  });

  it('a new deal: after a payment method is added to the customer, asking again provisions the subscription', async () => {
    const deal = await growthDeal(conn, 'Cyberdyne');
    const input = { opportunityId: deal.opportunityId, paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' };
    const first = await provision(stack, input);
    expect(first.status).toBe('ACTION_REQUIRED');

    // Asked again without a payment method: still ACTION_REQUIRED, nothing created.
    const again = await provision(stack, input);
    expect(again).toMatchObject({ id: first.id, status: 'ACTION_REQUIRED' });
    expect(stiggState(stack, deal.opportunityId).subscriptions).toEqual([]);

    await sandboxPost(stack.sandbox.stigg.url, `/__sandbox/customers/${deal.accountId}/payment-method`);
    const done = await provision(stack, input);
    expect(done).toMatchObject({ id: first.id, status: 'SUCCEEDED', subscriptionId: `sub-${deal.opportunityId}` });
    expect(stiggState(stack, deal.opportunityId).live.map((s) => [s.status, s.latestInvoice?.status])).toEqual([['ACTIVE', 'PAID']]);
  });
});

describe('provisioning runs are readable', () => {
  it('by id, on the opportunity, and listed with filters (15-character ids accepted)', async () => {
    const run = await provision(stack, { opportunityId: OPP.acme });
    const byId = await stack.graphql<Json>(`query($id: ID!) { provisioningRun(id: $id) { id status subscription { id status } opportunity { id } } }`, { id: run.id });
    expect(byId.body.data.provisioningRun).toEqual({
      id: run.id, status: 'SUCCEEDED', subscription: { id: `sub-${OPP.acme}`, status: 'ACTIVE' }, opportunity: { id: OPP.acme },
    });
    const onOpp = await stack.graphql<Json>(`query($id: ID!) { opportunity(id: $id) { stiggSubscriptionId provisioningStatus provisioningRuns { id kind status } } }`, { id: OPP.acme });
    expect(onOpp.body.data.opportunity).toEqual({
      stiggSubscriptionId: `sub-${OPP.acme}`, provisioningStatus: 'Provisioned', provisioningRuns: [{ id: run.id, kind: 'SUBSCRIPTION', status: 'SUCCEEDED' }],
    });
    const listed = await stack.graphql<Json>(`query($f: ProvisioningRunFilter) { provisioningRuns(filter: $f, first: 5) { edges { node { id } } hasNextPage } }`,
      { f: { opportunityId: OPP.acme.slice(0, 15), status: 'SUCCEEDED' } });
    expect(listed.body.data.provisioningRuns).toEqual({ edges: [{ node: { id: run.id } }], hasNextPage: false });
    const actionRequired = await stack.graphql<Json>(`{ provisioningRuns(filter: { status: ACTION_REQUIRED }) { edges { node { opportunityId } } } }`);
    expect(actionRequired.body.data.provisioningRuns.edges).toEqual([]);
  });
});
