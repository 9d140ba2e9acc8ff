import {
  BillingPeriod,
  Currency,
  PaymentCollectionMethod,
  ProvisionSubscriptionStatus,
  SubscriptionStatus,
  TrialEndBehavior,
} from '@stigg/node-server-sdk';
import { StiggOperationError } from '../../src/services/stigg/operations';
import { StiggBatchReader } from '../../src/services/stigg/stigg-batch-reader';
import {
  caught,
  GATEWAY_GET_SUBSCRIPTION,
  GATEWAY_PROVISION_SUBSCRIPTION,
  gql,
  lookupsDocument,
  newCustomer,
  rawGraphQL,
  startStiggHarness,
  StiggHarness,
  uniqueId,
} from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

const DAY = 86_400_000;

type Node = Record<string, any>;

/** A subscription as the gateway reads it (subscriptions(filter: { subscriptionId: { in } })). */
async function subscriptionById(subscriptionId: string): Promise<Node | undefined> {
  const q = lookupsDocument({ subscriptionsById: [subscriptionId] });
  const data = await h.ops.execute<Node>(q.document, q.variables);
  return data.subscriptionsById.edges[0]?.node;
}

/** provisionSubscriptionV2 as the gateway sends it (through the gateway's sender: no retries). */
async function provisionWithEntitlements(input: Record<string, unknown>): Promise<Node> {
  const r = await h.ops.execute<Node>(GATEWAY_PROVISION_SUBSCRIPTION, { input });
  return r.provisionSubscriptionV2;
}

async function getSubscription(subscriptionId: string): Promise<Node> {
  return (await gql(h.emulator, GATEWAY_GET_SUBSCRIPTION, { input: { subscriptionId } })).getSubscription;
}

describe('provisionSubscription: trials', () => {
  test('a plan with a default trial starts an IN_TRIAL subscription ending after the default duration (Stigg docs: Provisioning subscriptions, free trial)', async () => {
    const customerId = await newCustomer(h.client);
    const before = Date.now();
    const r = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
    expect(r.provisionStatus).toBe(ProvisionSubscriptionStatus.Success);
    expect(r.subscription!.status).toBe(SubscriptionStatus.InTrial);
    const full = await h.client.getSubscription({ subscriptionId: r.subscription!.id });
    const trialEnd = full.trialEndDate!.getTime();
    expect(trialEnd - before).toBeGreaterThanOrEqual(14 * DAY - 5_000);
    expect(trialEnd - before).toBeLessThanOrEqual(14 * DAY + 5_000);
    const { data } = await h.client.getSubscriptions({ customerId });
    expect(data[0].trialConfiguration).toMatchObject({ trialEndBehavior: 'CONVERT_TO_PAID' });
  });

  test('skipTrial provisions the paid subscription at once, charged to the payment method on file (Stigg docs: Provisioning subscriptions)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const r = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
    expect(r.subscription).toMatchObject({ status: SubscriptionStatus.Active, paymentCollection: 'NOT_REQUIRED' });
    expect(r.subscription!.latestInvoice).toMatchObject({ status: 'PAID', total: 500, currency: 'USD' });
  });

  test('trialOverrideConfiguration sets the trial end date and end behaviour (Stigg docs: Provision Subscription, trialOverrideConfiguration)', async () => {
    const customerId = await newCustomer(h.client);
    const trialEndDate = new Date(Date.now() + 30 * DAY);
    const r = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      trialOverrideConfiguration: { isTrial: true, trialEndDate, trialEndBehavior: TrialEndBehavior.CancelSubscription },
    });
    expect(r.subscription!.status).toBe(SubscriptionStatus.InTrial);
    const node = await subscriptionById(r.subscription!.id);
    expect(node).toMatchObject({ status: 'IN_TRIAL', trialEndDate: trialEndDate.toISOString(), trialConfiguration: { trialEndBehavior: 'CANCEL_SUBSCRIPTION' } });
  });

  test('a trial of a custom plan needs no default trial when the end date is given; without one it is refused (assumption)', async () => {
    const customerId = await newCustomer(h.client);
    const err = await caught(
      h.client.provisionSubscription({ customerId, planId: 'plan-enterprise', trialOverrideConfiguration: { isTrial: true } }),
    );
    expect(err.errorCode).toBe('InvalidArgumentError');
    const r = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-enterprise',
      trialOverrideConfiguration: { isTrial: true, trialEndDate: new Date(Date.now() + 7 * DAY) },
    });
    expect(r.subscription!.status).toBe(SubscriptionStatus.InTrial);
  });

  test('trialOverrideConfiguration isTrial=false skips the default trial (Stigg docs: Provision Subscription, trialOverrideConfiguration)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const r = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      trialOverrideConfiguration: { isTrial: false },
    });
    expect(r.subscription!.status).toBe(SubscriptionStatus.Active);
  });

  test('the default trial is given once per product: a customer who trialed is not eligible again (assumption from Customer.eligibleForTrial)', async () => {
    const customerId = await newCustomer(h.client);
    await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
    const c = await h.client.getCustomer(customerId);
    expect(c.alreadyTrialPlans).toEqual([{ planId: 'plan-growth', productId: 'product-main' }]);
    await h.client.updateCustomer({ customerId, billingInfo: { paymentMethodId: 'pm_card_visa' } });
    const again = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Annually });
    expect(again.subscription!.status).toBe(SubscriptionStatus.Active);
  });

  test('trial end behaviour applies when the trial ends: CONVERT_TO_PAID → ACTIVE, CANCEL_SUBSCRIPTION → EXPIRED (Stigg docs: trial webhooks; sandbox control)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const convert = await h.client.provisionSubscription({ customerId: a, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
    const cancel = await h.client.provisionSubscription({
      customerId: b,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      trialOverrideConfiguration: { isTrial: true, trialEndDate: new Date(Date.now() + DAY), trialEndBehavior: TrialEndBehavior.CancelSubscription },
    });
    for (const id of [convert.subscription!.id, cancel.subscription!.id]) {
      const res = await fetch(`${h.emulator.url}/__sandbox/subscriptions/${id}/end-trial`, { method: 'POST' });
      expect(res.status).toBe(200);
    }
    expect((await h.client.getSubscription({ subscriptionId: convert.subscription!.id })).status).toBe(SubscriptionStatus.Active);
    expect((await h.client.getSubscription({ subscriptionId: cancel.subscription!.id })).status).toBe(SubscriptionStatus.Expired);
  });
});

describe('provisionSubscription: payment collection', () => {
  test('CHARGE for a customer with no payment method answers PAYMENT_REQUIRED with a checkout URL and creates no subscription (Stigg docs: Provisioning subscriptions)', async () => {
    const customerId = await newCustomer(h.client);
    const r = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      skipTrial: true,
      paymentCollectionMethod: PaymentCollectionMethod.Charge,
    });
    expect(r.provisionStatus).toBe(ProvisionSubscriptionStatus.PaymentRequired);
    expect(r.subscription).toBeUndefined();
    expect(r.checkoutUrl).toMatch(new RegExp(`^${h.emulator.url}/checkout/cs_sandbox_`));
    expect((await h.client.getSubscriptions({ customerId })).data).toEqual([]);

    const page = await fetch(r.checkoutUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('plan-growth');
    // the customer completes the checkout (a card is attached): the subscription is created
    const checkoutId = r.checkoutUrl!.split('/').pop()!;
    const done = await fetch(`${h.emulator.url}/__sandbox/checkouts/${checkoutId}/complete`, { method: 'POST' });
    expect(done.status).toBe(200);
    const summary = await done.json();
    expect(summary).toMatchObject({ customerId, planId: 'plan-growth', status: 'ACTIVE' });
    expect((await h.client.getCustomer(customerId)).hasPaymentMethod).toBe(true);
  });

  test('CHARGE (the default) with a payment method on file activates the subscription (Stigg docs: Provisioning subscriptions)', async () => {
    const r = await h.client.provisionSubscription({
      customerId: await newCustomer(h.client, { withPaymentMethod: true }),
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Annually,
      skipTrial: true,
      billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }],
    });
    expect(r.provisionStatus).toBe(ProvisionSubscriptionStatus.Success);
    expect(r.subscription!.status).toBe(SubscriptionStatus.Active);
    expect(r.subscription!.totalPrice!.total.amount).toBe(5000 + 3 * 200);
  });

  test('INVOICE needs a customer email: without one it is refused with CustomerHasNoEmailAddress (assumption from the Salesforce provisioning reference)', async () => {
    const customerId = await newCustomer(h.client, { email: null });
    const err = await caught(
      h.client.provisionSubscription({
        customerId,
        planId: 'plan-growth',
        billingPeriod: BillingPeriod.Monthly,
        skipTrial: true,
        paymentCollectionMethod: PaymentCollectionMethod.Invoice,
      }),
    );
    expect(err.errorCode).toBe('CustomerHasNoEmailAddress');
    expect((await h.client.getSubscriptions({ customerId })).data).toEqual([]);
  });

  test('INVOICE subscriptions are PAYMENT_PENDING with an open invoice until it is paid, then ACTIVE (Stigg docs: Salesforce provisioning, invoices)', async () => {
    const customerId = await newCustomer(h.client);
    const r = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      skipTrial: true,
      paymentCollectionMethod: PaymentCollectionMethod.Invoice,
      billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }],
    });
    const id = r.subscription!.id;
    expect(r.subscription).toMatchObject({ status: SubscriptionStatus.PaymentPending, paymentCollection: 'ACTION_REQUIRED' });
    expect(r.subscription!.latestInvoice).toMatchObject({ status: 'OPEN', total: 700, amountDue: 700 });
    expect(r.subscription!.latestInvoice!.paymentUrl).toBe(`${h.emulator.url}/invoices/${id}`);
    expect((await subscriptionById(id))!.paymentCollectionMethod).toBe('INVOICE');

    const paid = await fetch(`${h.emulator.url}/__sandbox/invoices/${id}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ subscriptionId: id, status: 'ACTIVE', paymentCollection: 'NOT_REQUIRED' });
    const after = await h.client.getSubscription({ subscriptionId: id });
    expect(after.status).toBe(SubscriptionStatus.Active);
    expect(after.latestInvoice).toMatchObject({ status: 'PAID', amountDue: 0 });
    const again = await fetch(`${h.emulator.url}/__sandbox/invoices/${id}/pay`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await fetch(`${h.emulator.url}/__sandbox/invoices/no-such-sub/pay`, { method: 'POST' })).status).toBe(404);
  });

  test('NONE activates a paid plan with no payment method and no invoice (Stigg docs: Provisioning subscriptions, "Don\'t use Stigg for payments")', async () => {
    const r = await h.client.provisionSubscription({
      customerId: await newCustomer(h.client),
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      skipTrial: true,
      paymentCollectionMethod: PaymentCollectionMethod.None,
    });
    expect(r.subscription!.status).toBe(SubscriptionStatus.Active);
    expect(r.subscription!.latestInvoice).toBeUndefined();
  });

  test('a paid plan without a billing period is refused with BillingPeriodMissingError (Stigg docs: Subscription management, "billing period required for paid subscriptions")', async () => {
    const err = await caught(h.client.provisionSubscription({ customerId: 'customer-initech', planId: 'plan-growth', skipTrial: true }));
    expect(err.errorCode).toBe('BillingPeriodMissingError');
  });
});

describe('provisionSubscription: plans, add-ons, features, prices', () => {
  test('price overrides (base charge, per-unit feature, usage feature as flat fee, add-on) change the prices and the total (Stigg docs: Salesforce provisioning, price overrides)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const r = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      skipTrial: true,
      billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }],
      addons: [{ addonId: 'addon-sso', quantity: 1 }],
      priceOverrides: [
        { baseCharge: true, price: { amount: 400, currency: Currency.Usd } },
        { featureId: 'feature-seats', price: { amount: 15, currency: Currency.Usd } },
        { featureId: 'feature-api-calls', price: { amount: 100, currency: Currency.Usd } },
        { addonId: 'addon-sso', price: { amount: 120, currency: Currency.Usd } },
      ],
    });
    const full = await h.client.getSubscription({ subscriptionId: r.subscription!.id });
    const byModel = full.prices.map((p) => [p.pricingModel, p.feature?.featureId ?? null, p.amount, p.feature?.unitQuantity ?? null]);
    expect(byModel).toEqual([
      ['FLAT_FEE', null, 400, null],
      ['PER_UNIT', 'feature-seats', 15, 10],
      ['FLAT_FEE', 'feature-api-calls', 100, null],
    ]);
    expect(full.totalPrice!.total).toMatchObject({ amount: 400 + 150 + 100 + 120, currency: 'USD' });
    expect(full.addons.map((a) => [a.addon.id, a.quantity])).toEqual([['addon-sso', 1]]);
    const node = await subscriptionById(r.subscription!.id);
    expect(node!.prices!.find((p: Node) => p.price?.feature?.refId === 'feature-seats')).toMatchObject({ usageLimit: 10, price: { price: { amount: 15 } } });
  });

  test('custom plan: feature entitlements and price overrides define the subscription (Stigg docs: Provision Subscription, custom plan with entitlements)', async () => {
    const customerId = await newCustomer(h.client);
    const r = await provisionWithEntitlements({
      customerId,
      planId: 'plan-enterprise',
      billingPeriod: 'ANNUALLY',
      paymentCollectionMethod: 'INVOICE',
      entitlements: [{ feature: { featureId: 'feature-seats', usageLimit: 250 } }],
      priceOverrides: [{ baseCharge: true, price: { amount: 90_000, currency: 'USD' } }],
    });
    expect(r.status).toBe('SUCCESS');
    expect(r.subscription).toMatchObject({
      status: 'PAYMENT_PENDING',
      pricingType: 'CUSTOM',
      entitlements: [{ __typename: 'SubscriptionFeatureEntitlement', feature: { refId: 'feature-seats' }, usageLimit: 250, hasUnlimitedUsage: false }],
      totalPrice: { total: { amount: 90_000, currency: 'USD' } },
      latestInvoice: { status: 'OPEN', total: 90_000 },
    });
  });

  test('credit entitlements, which the SDK drops, are accepted in the documented input shape and read back as SubscriptionCreditEntitlement members of entitlements (docs: SubscriptionEntitlementInputV2, SubscriptionEntitlementUnion)', async () => {
    const customerId = await newCustomer(h.client);
    const subscriptionId = uniqueId('sub');
    const r = await provisionWithEntitlements({
      customerId,
      subscriptionId,
      planId: 'plan-enterprise',
      paymentCollectionMethod: 'NONE',
      entitlements: [
        { feature: { featureId: 'feature-api-calls', hasUnlimitedUsage: true } },
        { credit: { customCurrencyId: 'currency-api-credits', amount: 5000, cadence: 'MONTH' } },
        { credit: { customCurrencyId: 'cred-type-test', amount: 60_000, cadence: 'YEAR', hasSoftLimit: true } },
      ],
    });
    expect(r.subscription).toMatchObject({ subscriptionId, status: 'ACTIVE' });
    const expected = [
      { __typename: 'SubscriptionFeatureEntitlement', usageLimit: null, hasUnlimitedUsage: true, feature: { refId: 'feature-api-calls' } },
      { __typename: 'SubscriptionCreditEntitlement', customCurrencyId: 'currency-api-credits', amount: 5000, cadence: 'MONTH' },
      { __typename: 'SubscriptionCreditEntitlement', customCurrencyId: 'cred-type-test', amount: 60_000, cadence: 'YEAR' },
    ];
    expect((await getSubscription(subscriptionId)).entitlements).toEqual(expected);
    expect((await subscriptionById(subscriptionId))!.entitlements).toEqual(expected);
    const raw = await rawGraphQL(h.emulator, `{ getSubscription(input: { subscriptionId: "${subscriptionId}" }) {
      entitlements { ... on SubscriptionCreditEntitlement { customCurrency { currencyId displayName } hasSoftLimit subscriptionId } } } }`);
    expect(raw.json.data.getSubscription.entitlements[2]).toEqual({ customCurrency: { currencyId: 'cred-type-test', displayName: 'Test credits' }, hasSoftLimit: true, subscriptionId });
    // assumption: the credits of the current period are granted while the subscription is live
    const balance = await h.client.getCreditBalance({ customerId, currencyId: 'currency-api-credits' });
    expect(balance.balances[0]).toMatchObject({ currentBalance: 5000, totalGranted: 5000 });
  });

  test('a credit entitlement in an unknown currency is refused with CustomCurrencyNotFound (Stigg error codes)', async () => {
    const err = await caught(
      provisionWithEntitlements({
        customerId: await newCustomer(h.client),
        planId: 'plan-enterprise',
        entitlements: [{ credit: { customCurrencyId: 'currency-nope', amount: 10, cadence: 'MONTH' } }],
      }),
    );
    expect(err).toBeInstanceOf(StiggOperationError);
    expect(err).toMatchObject({ code: 'CustomCurrencyNotFound', status: 200 });
  });

  test.each([
    ['unknown plan', 'PlanNotFound', { planId: 'plan-nope' }],
    ['unknown customer', 'CustomerNotFound', { customerId: 'customer-nope' }],
    ['unknown add-on', 'AddonNotFound', { addons: [{ addonId: 'addon-nope' }] }],
    ['unknown billable feature', 'FeatureNotFound', { billableFeatures: [{ featureId: 'feature-nope', quantity: 1 }] }],
    ['unknown feature in a price override', 'FeatureNotFound', { priceOverrides: [{ featureId: 'feature-nope', price: { amount: 1 } }] }],
    ['add-on not compatible with the plan', 'IncompatibleSubscriptionAddon', { planId: 'plan-free', billingPeriod: undefined, addons: [{ addonId: 'addon-sso' }] }],
    ['add-on over its max quantity', 'AddonQuantityExceedsLimitError', { addons: [{ addonId: 'addon-sso', quantity: 2 }] }],
  ])('%s is refused with %s (Stigg error codes)', async (_name, code, patch) => {
    const err = await caught(
      h.client.provisionSubscription({
        customerId: 'customer-initech',
        planId: 'plan-growth',
        billingPeriod: BillingPeriod.Monthly,
        skipTrial: true,
        ...(patch as object),
      } as never),
    );
    expect(err.errorCode).toBe(code);
  });

  test('the provisioning result lists the entitlements the subscription grants (Stigg docs: Provision Subscription, return type)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const raw = await rawGraphQL(
      h.emulator,
      `mutation($input: ProvisionSubscriptionInput!) {
        provisionSubscriptionV2(input: $input) { status entitlements { isGranted usageLimit hasUnlimitedUsage feature { refId } } }
      }`,
      {
        input: {
          customerId,
          planId: 'plan-growth',
          billingPeriod: 'MONTHLY',
          skipTrial: true,
          billableFeatures: [{ featureId: 'feature-seats', quantity: 12 }],
          addons: [{ addonId: 'addon-sso' }],
        },
      },
    );
    const ents = raw.json.data.provisionSubscriptionV2.entitlements;
    expect(ents).toEqual(
      expect.arrayContaining([
        { isGranted: true, usageLimit: 12, hasUnlimitedUsage: false, feature: { refId: 'feature-seats' } },
        { isGranted: true, usageLimit: null, hasUnlimitedUsage: true, feature: { refId: 'feature-api-calls' } },
        { isGranted: true, usageLimit: null, hasUnlimitedUsage: false, feature: { refId: 'feature-sso' } },
      ]),
    );
  });
});

describe('provisionSubscription: replacing, multiple subscriptions, ids', () => {
  test('an upgrade to a plan of the same product replaces the old subscription at once: the old one becomes CANCELED (Stigg docs: Provisioning subscriptions, upgrade/downgrade)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const free = await h.client.provisionSubscription({ customerId, planId: 'plan-free' });
    const growth = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
    const old = await h.client.getSubscription({ subscriptionId: free.subscription!.id });
    expect(old.status).toBe(SubscriptionStatus.Canceled);
    expect(old.cancellationDate).toBeInstanceOf(Date);
    const live = await h.client.getSubscriptions({ customerId, status: [SubscriptionStatus.Active, SubscriptionStatus.InTrial] });
    expect(live.data.map((s) => s.subscriptionId)).toEqual([growth.subscription!.id]);
  });

  test('a trial converts to paid by provisioning the paid subscription: the trial is canceled (Stigg docs: Provision Subscription, trial conversion)', async () => {
    const customerId = await newCustomer(h.client);
    const trial = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
    const paid = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      skipTrial: true,
      paymentCollectionMethod: PaymentCollectionMethod.Invoice,
    });
    expect((await h.client.getSubscription({ subscriptionId: trial.subscription!.id })).status).toBe(SubscriptionStatus.Canceled);
    expect(paid.subscription!.status).toBe(SubscriptionStatus.PaymentPending);
  });

  test('PAYMENT_REQUIRED replaces nothing: the live subscription stays (Stigg docs: Provisioning subscriptions)', async () => {
    const customerId = await newCustomer(h.client);
    const free = await h.client.provisionSubscription({ customerId, planId: 'plan-free' });
    const r = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
    expect(r.provisionStatus).toBe(ProvisionSubscriptionStatus.PaymentRequired);
    expect((await h.client.getSubscription({ subscriptionId: free.subscription!.id })).status).toBe(SubscriptionStatus.Active);
  });

  test('a product allowing multiple subscriptions needs a resourceId; same customer + resource replaces, other resources coexist (Stigg docs: Provisioning subscriptions, resource ID)', async () => {
    const customerId = await newCustomer(h.client);
    const missing = await caught(h.client.provisionSubscription({ customerId, planId: 'plan-workspace' }));
    expect(missing.errorCode).toBe('InvalidArgumentError'); // assumption: the code
    const w1 = await h.client.provisionSubscription({ customerId, planId: 'plan-workspace', resourceId: 'ws-1' });
    const w2 = await h.client.provisionSubscription({ customerId, planId: 'plan-workspace', resourceId: 'ws-2' });
    const w1b = await h.client.provisionSubscription({ customerId, planId: 'plan-workspace', resourceId: 'ws-1' });
    expect(w1b.subscription!.resource).toEqual({ id: 'ws-1' });
    const statuses = await h.client.getSubscriptions({ customerId });
    const byId = Object.fromEntries(statuses.data.map((s) => [s.subscriptionId, [s.status, s.resource?.resourceId]]));
    expect(byId).toEqual({
      [w1.subscription!.id]: ['CANCELED', 'ws-1'],
      [w2.subscription!.id]: ['ACTIVE', 'ws-2'],
      [w1b.subscription!.id]: ['ACTIVE', 'ws-1'],
    });
    // a workspace subscription does not replace the customer's main-product subscription
    const main = await h.client.provisionSubscription({ customerId, planId: 'plan-free' });
    await h.client.provisionSubscription({ customerId, planId: 'plan-workspace', resourceId: 'ws-3' });
    expect((await h.client.getSubscription({ subscriptionId: main.subscription!.id })).status).toBe(SubscriptionStatus.Active);
    const onlyWs2 = await h.client.getSubscriptions({ customerId, resourceId: 'ws-2' });
    expect(onlyWs2.data.map((s) => s.subscriptionId)).toEqual([w2.subscription!.id]);
  });

  test('the subscription id (SDK "id", sent as refId), resourceId and salesforceId are kept (Stigg docs: Provision Subscription)', async () => {
    const customerId = await newCustomer(h.client);
    const id = `sub-${uniqueId('006Dn')}`;
    const r = await h.client.provisionSubscription({ id, customerId, planId: 'plan-free', salesforceId: '006Dn00000000XYZAA', metadata: { runId: 'r1' } });
    expect(r.subscription).toMatchObject({ id, metadata: { runId: 'r1' } });
    const q = lookupsDocument({ subscriptionsBySalesforceId: ['006Dn00000000XYZAA'] });
    const bySf = await h.ops.execute<Node>(q.document, q.variables);
    expect(bySf.subscriptionsBySalesforceId.edges.map((e: Node) => e.node)).toEqual([
      expect.objectContaining({ subscriptionId: id, salesforceId: '006Dn00000000XYZAA', customer: expect.objectContaining({ customerId }), additionalMetaData: { runId: 'r1' } }),
    ]);
  });

  test('a subscription id that already exists is refused with DuplicatedEntityNotAllowed, also on a replay (Stigg error codes; assumption: refused, not updated)', async () => {
    const customerId = await newCustomer(h.client);
    const id = uniqueId('sub-dup');
    await h.client.provisionSubscription({ id, customerId, planId: 'plan-free' });
    const err = await caught(h.client.provisionSubscription({ id, customerId, planId: 'plan-free' }));
    expect(err.errorCode).toBe('DuplicatedEntityNotAllowed');
    const viaOps = await caught(provisionWithEntitlements({ subscriptionId: id, customerId, planId: 'plan-free' }));
    expect(viaOps).toMatchObject({ code: 'DuplicatedEntityNotAllowed' });
  });

  test('a future start date gives a NOT_STARTED subscription (Stigg docs: Provisioning subscriptions, start date)', async () => {
    const r = await h.client.provisionSubscription({
      customerId: await newCustomer(h.client),
      planId: 'plan-free',
      startDate: new Date(Date.now() + 10 * DAY),
    });
    expect(r.subscription!.status).toBe(SubscriptionStatus.NotStarted);
  });
});

describe('provisionSubscription: scheduled downgrades', () => {
  async function liveGrowth(customerId: string) {
    return provisionWithEntitlements({ customerId, subscriptionId: uniqueId('sub-growth'), planId: 'plan-growth', billingPeriod: 'MONTHLY', skipTrial: true, paymentCollectionMethod: 'NONE' });
  }

  test('a downgrade of a live paid subscription is scheduled for the end of its billing period: isScheduled, the current subscription unchanged with a Downgrade scheduled update (docs: provisionSubscriptionV2 isScheduled, SubscriptionScheduledUpdate; assumption: a free plan, or a lower base price, is a downgrade)', async () => {
    const customerId = await newCustomer(h.client);
    const current = (await liveGrowth(customerId)).subscription;
    const requested = uniqueId('sub-free');
    const r = await provisionWithEntitlements({ customerId, subscriptionId: requested, planId: 'plan-free' });
    expect(r).toMatchObject({ status: 'SUCCESS', isScheduled: true, checkoutUrl: null });
    expect(r.subscription).toMatchObject({ subscriptionId: current.subscriptionId, status: 'ACTIVE', plan: { refId: 'plan-growth' } });
    expect(r.subscription.scheduledUpdates).toEqual([
      { subscriptionScheduleType: 'Downgrade', scheduleStatus: 'Scheduled', scheduledExecutionTime: current.currentBillingPeriodEnd, targetPackage: { refId: 'plan-free' } },
    ]);
    const raw = await rawGraphQL(h.emulator, `{ getSubscription(input: { subscriptionId: "${current.subscriptionId}" }) {
      scheduledUpdates { scheduleVariables { __typename ... on DowngradeChangeVariables { downgradePlanRefId } } }
      futureUpdates { subscriptionScheduleType } } }`);
    expect(raw.json.data.getSubscription).toEqual({
      scheduledUpdates: [{ scheduleVariables: { __typename: 'DowngradeChangeVariables', downgradePlanRefId: 'plan-free' } }],
      futureUpdates: [{ subscriptionScheduleType: 'Downgrade' }],
    });
    expect(await subscriptionById(requested)).toBeUndefined();
    expect((await h.client.getSubscription({ subscriptionId: current.subscriptionId })).status).toBe(SubscriptionStatus.Active);

    // time passes: the schedule runs, the requested subscription is created, the old one ends
    const ran = await fetch(`${h.emulator.url}/__sandbox/subscriptions/${current.subscriptionId}/run-schedules`, { method: 'POST' });
    expect(ran.status).toBe(200);
    expect(await ran.json()).toMatchObject({ subscriptionId: current.subscriptionId, status: 'CANCELED', applied: [{ type: 'Downgrade', status: 'Done', subscriptionId: requested }] });
    expect(await subscriptionById(requested)).toMatchObject({ status: 'ACTIVE', plan: { refId: 'plan-free' } });
    expect((await getSubscription(current.subscriptionId)).scheduledUpdates[0].scheduleStatus).toBe('Done');
  });

  test('run-schedules with "due" applies only due updates (none before the period ends) (sandbox control)', async () => {
    const customerId = await newCustomer(h.client);
    const current = (await liveGrowth(customerId)).subscription;
    await provisionWithEntitlements({ customerId, planId: 'plan-free' });
    const ran = await fetch(`${h.emulator.url}/__sandbox/subscriptions/${current.subscriptionId}/run-schedules?due=true`, { method: 'POST' });
    expect(await ran.json()).toMatchObject({ status: 'ACTIVE', applied: [] });
    expect((await fetch(`${h.emulator.url}/__sandbox/subscriptions/sub-nope/run-schedules`, { method: 'POST' })).status).toBe(404);
  });

  test('scheduleStrategy IMMEDIATE applies a downgrade at once (docs: ScheduleStrategy)', async () => {
    const customerId = await newCustomer(h.client);
    const current = (await liveGrowth(customerId)).subscription;
    const r = await provisionWithEntitlements({ customerId, planId: 'plan-free', scheduleStrategy: 'IMMEDIATE' });
    expect(r).toMatchObject({ isScheduled: false, subscription: { status: 'ACTIVE', plan: { refId: 'plan-free' } } });
    expect((await getSubscription(current.subscriptionId)).status).toBe('CANCELED');
  });

  test('a later upgrade replaces the subscription at once and cancels its scheduled downgrade (assumption)', async () => {
    const customerId = await newCustomer(h.client);
    const current = (await liveGrowth(customerId)).subscription;
    await provisionWithEntitlements({ customerId, planId: 'plan-free' });
    const up = await provisionWithEntitlements({ customerId, planId: 'plan-enterprise', paymentCollectionMethod: 'NONE' });
    expect(up.isScheduled).toBe(false);
    const old = await getSubscription(current.subscriptionId);
    expect(old).toMatchObject({ status: 'CANCELED', scheduledUpdates: [{ scheduleStatus: 'Canceled' }] });
  });

  test('leaving a trial or a free plan is never scheduled (assumption: only a live paid subscription is downgraded)', async () => {
    const customerId = await newCustomer(h.client);
    const trial = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
    const free = await provisionWithEntitlements({ customerId, planId: 'plan-free' });
    expect(free.isScheduled).toBe(false);
    expect((await getSubscription(trial.subscription!.id)).status).toBe('CANCELED');
  });
});

describe('provisionSubscription: the credits charge', () => {
  test('the seed\'s paid plan sells recurring credits: a price with customCurrency and creditGrantCadence (docs: Credits charge; seed assumption: CREDIT_BASED, per credit)', async () => {
    const raw = await gql(h.emulator, `{ plans(filter: { refId: { eq: "plan-growth" } }) { edges { node { prices { billingModel billingPeriod price { amount currency } customCurrency { currencyId } creditGrantCadence } } } } }`);
    const credits = raw.plans.edges[0].node.prices.filter((p: Node) => p.customCurrency);
    expect(credits).toEqual([
      { billingModel: 'CREDIT_BASED', billingPeriod: 'MONTHLY', price: { amount: 0.01, currency: 'USD' }, customCurrency: { currencyId: 'currency-api-credits' }, creditGrantCadence: 'BEGINNING_OF_BILLING_PERIOD' },
      { billingModel: 'CREDIT_BASED', billingPeriod: 'ANNUALLY', price: { amount: 0.01, currency: 'USD' }, customCurrency: { currencyId: 'currency-api-credits' }, creditGrantCadence: 'BEGINNING_OF_BILLING_PERIOD' },
    ]);
  });

  test('a price override with currencyId overrides the plan\'s credits charge of that currency; credits are granted as RECURRING at that cost (docs: PriceOverrideInput.currencyId; assumption: the override is the price of one credit)', async () => {
    const customerId = await newCustomer(h.client);
    const r = await provisionWithEntitlements({
      customerId,
      planId: 'plan-growth',
      billingPeriod: 'MONTHLY',
      skipTrial: true,
      paymentCollectionMethod: 'INVOICE',
      entitlements: [{ credit: { customCurrencyId: 'currency-api-credits', amount: 10_000, cadence: 'MONTH' } }],
      priceOverrides: [{ currencyId: 'currency-api-credits', price: { amount: 0.005, currency: 'USD' } }],
    });
    const charge = r.subscription.prices.find((p: Node) => p.price.customCurrency);
    expect(charge).toMatchObject({ usageLimit: 10_000, price: { billingModel: 'CREDIT_BASED', price: { amount: 0.005 }, customCurrency: { currencyId: 'currency-api-credits' } } });
    expect(r.subscription.totalPrice.total).toEqual({ amount: 500 + 50, currency: 'USD' });
    expect(r.subscription).toMatchObject({ status: 'PAYMENT_PENDING', latestInvoice: { total: 550 } });
    // the credits come when the invoice is paid
    await fetch(`${h.emulator.url}/__sandbox/invoices/${r.subscription.subscriptionId}/pay`, { method: 'POST' });
    const grants = await gql(h.emulator, 'query($i: GetCreditGrantsInput!) { creditGrants(input: $i) { edges { node { grantType amount cost { amount currency } } } } }', { i: { customerId } });
    expect(grants.creditGrants.edges.map((e: Node) => e.node)).toEqual([{ grantType: 'RECURRING', amount: 10_000, cost: { amount: 50, currency: 'USD' } }]);
  });

  test('a credits price override for a currency the plan does not sell is refused with PriceNotFound (assumption: the code)', async () => {
    const err = await caught(
      provisionWithEntitlements({
        customerId: await newCustomer(h.client),
        planId: 'plan-growth',
        billingPeriod: 'MONTHLY',
        skipTrial: true,
        paymentCollectionMethod: 'NONE',
        priceOverrides: [{ currencyId: 'cred-type-test', price: { amount: 1, currency: 'USD' } }],
      }),
    );
    expect(err).toMatchObject({ code: 'PriceNotFound' });
  });

  test('a money amount in a currency Stigg does not know fails variable coercion before anything runs (docs: Currency)', async () => {
    const r = await rawGraphQL(h.emulator, GATEWAY_PROVISION_SUBSCRIPTION, {
      input: { customerId: 'customer-initech', planId: 'plan-enterprise', priceOverrides: [{ baseCharge: true, price: { amount: 1, currency: 'HUF' } }] },
    });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('reading subscriptions', () => {
  test('getSubscription of an unknown id fails with SubscriptionNotFound (Stigg docs: GraphQL API overview, error codes)', async () => {
    const err = await caught(h.client.getSubscription({ subscriptionId: 'sub-nope' }));
    expect(err.errorCode).toBe('SubscriptionNotFound');
  });

  test('getSubscription returns the plan, add-ons, prices and dates (Stigg docs: Get Subscription)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const r = await h.client.provisionSubscription({
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Monthly,
      skipTrial: true,
      addons: [{ addonId: 'addon-sso', quantity: 1 }],
      billableFeatures: [{ featureId: 'feature-seats', quantity: 4 }],
    });
    const s = await h.client.getSubscription({ subscriptionId: r.subscription!.id });
    expect(s).toMatchObject({ id: r.subscription!.id, status: 'ACTIVE', pricingType: 'PAID', paymentCollectionMethod: 'CHARGE' });
    expect(s.plan).toMatchObject({ id: 'plan-growth', product: { id: 'product-main' }, defaultTrialConfig: { duration: 14, units: 'DAY' } });
    expect(s.addons[0]).toMatchObject({ quantity: 1, addon: { id: 'addon-sso' } });
    expect(s.totalPrice!.total.amount).toBe(500 + 4 * 20 + 150);
    expect(s.startDate).toBeInstanceOf(Date);
    expect(s.currentBillingPeriodEnd!.getTime()).toBeGreaterThan(s.startDate.getTime());
  });

  test('getSubscriptions filters by customer (eq) and status (eq / in), as the SDK sends them (Stigg docs: Get Subscriptions)', async () => {
    const customerId = await newCustomer(h.client);
    const w1 = await h.client.provisionSubscription({ customerId, planId: 'plan-workspace', resourceId: 'r1' });
    await h.client.provisionSubscription({ customerId, planId: 'plan-workspace', resourceId: 'r1' });
    const all = await h.client.getSubscriptions({ customerId });
    expect(all.data).toHaveLength(2);
    const canceled = await h.client.getSubscriptions({ customerId, status: SubscriptionStatus.Canceled });
    expect(canceled.data.map((s) => s.subscriptionId)).toEqual([w1.subscription!.id]);
    const page = await h.client.getSubscriptions({ customerId, pagination: { limit: 1 } });
    expect(page.data).toHaveLength(1);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  test('subscriptions of many customers come back in ONE request (customer.customerId "in"), newest first (docs: queries/subscriptions, SubscriptionQueryFilter; sorting default createdAt DESC)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const c = await newCustomer(h.client);
    await h.client.provisionSubscription({ customerId: a, planId: 'plan-free' });
    await h.client.provisionSubscription({ customerId: b, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
    await h.client.provisionSubscription({ customerId: c, planId: 'plan-free' });
    await h.client.provisionSubscription({ customerId: c, planId: 'plan-enterprise' });
    h.emulator.counters.reset();
    const everything = await gql(h.emulator, 'query($ids: [String!]) { subscriptions(filter: { customer: { customerId: { in: $ids } } }) { edges { node { customer { customerId } plan { refId } status } } } }', { ids: [a, b, c] });
    expect(everything.subscriptions.edges.map((e: Node) => [e.node.customer.customerId, e.node.plan.refId, e.node.status])).toEqual([
      [c, 'plan-enterprise', 'ACTIVE'],
      [c, 'plan-free', 'CANCELED'],
      [b, 'plan-growth', 'IN_TRIAL'],
      [a, 'plan-free', 'ACTIVE'],
    ]);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, subscriptions: 1 });
    // The gateway's lookup asks no status: ended subscriptions (the history) come too.
    const q = lookupsDocument({ subscriptionsOfCustomers: [a, b, c] });
    const ofCustomers = (await h.ops.execute<Node>(q.document, q.variables)).subscriptionsOfCustomers;
    expect(ofCustomers.edges.map((e: Node) => e.node.status)).toEqual(['ACTIVE', 'CANCELED', 'IN_TRIAL', 'ACTIVE']);
    expect(ofCustomers.edges[1].node.endDate).not.toBeNull();
    const trial = ofCustomers.edges.find((e: Node) => e.node.status === 'IN_TRIAL')!.node;
    expect(trial).toMatchObject({ trialConfiguration: { trialEndBehavior: 'CONVERT_TO_PAID' }, pricingType: 'PAID', billingPeriod: 'MONTHLY' });
    expect(trial.trialEndDate).not.toBeNull();
  });

  test('subscriptions by ids and by Opportunity (salesforce) ids with and/or, eq/in (docs: SubscriptionQueryFilter)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const sa = await h.client.provisionSubscription({ customerId: a, planId: 'plan-free', salesforceId: '006Dn00000000ORAAA' });
    const sb = await h.client.provisionSubscription({ customerId: b, planId: 'plan-enterprise' });
    await h.client.provisionSubscription({ customerId: b, planId: 'plan-workspace', resourceId: 'ws' });
    h.emulator.counters.reset();
    const ids = [sa.subscription!.id, sb.subscription!.id, 'sub-unknown'];
    const q = lookupsDocument({ subscriptionsById: ids, subscriptionsBySalesforceId: ['006Dn00000000ORAAA'] });
    const result = await h.ops.execute<Node>(q.document, q.variables);
    // by id or by salesforceId in one field (or): sa answers both and comes once
    expect(result.subscriptionsByIdOrSalesforceId.edges.map((e: Node) => e.node.subscriptionId).sort()).toEqual([sa.subscription!.id, sb.subscription!.id].sort());
    const bySalesforceId = lookupsDocument({ subscriptionsBySalesforceId: ['006Dn00000000ORAAA'] });
    const onlyBySalesforceId = await h.ops.execute<Node>(bySalesforceId.document, bySalesforceId.variables);
    expect(onlyBySalesforceId.subscriptionsBySalesforceId.edges.map((e: Node) => e.node.subscriptionId)).toEqual([sa.subscription!.id]);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 2, subscriptions: 2 });
    const or = await gql(
      h.emulator,
      `query($a: String, $b: String) { subscriptions(filter: { or: [{ subscriptionId: { eq: $a } }, { and: [{ customer: { customerId: { eq: $b } } }, { status: { eq: ACTIVE } }] }] }) {
        edges { node { subscriptionId } } } }`,
      { a: sa.subscription!.id, b },
    );
    expect(or.subscriptions.edges).toHaveLength(3);
  });

  test('subscriptions page by first/after with cursors and pageInfo; without paging, 10 a page (docs: queries/subscriptions, paging = {first: 10})', async () => {
    const customerId = await newCustomer(h.client);
    for (let i = 0; i < 12; i++) await h.client.provisionSubscription({ customerId, planId: 'plan-workspace', resourceId: `ws-${i}` });
    const doc = 'query($f: SubscriptionQueryFilter, $p: CursorPaging) { subscriptions(filter: $f, paging: $p) { totalCount edges { cursor node { resource { resourceId } } } pageInfo { hasNextPage hasPreviousPage endCursor } } }';
    const f = { customer: { customerId: { eq: customerId } } };
    const dflt = (await gql(h.emulator, doc, { f })).subscriptions;
    expect(dflt).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect(dflt.edges).toHaveLength(10);
    const rest = (await gql(h.emulator, doc, { f, p: { first: 10, after: dflt.pageInfo.endCursor } })).subscriptions;
    expect(rest.edges.map((e: Node) => e.node.resource.resourceId)).toEqual(['ws-1', 'ws-0']);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});

describe('the gateway\'s batch reader over the emulator', () => {
  test('subscriptions by id and by opportunity in one field: a subscription that answers both comes once, each kind keeps its own, and a long answer is walked page by page', async () => {
    const opportunityId = '006Dn00000000PGIAY';
    const claimed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const customerId = await newCustomer(h.client);
      claimed.push((await h.client.provisionSubscription({ customerId, planId: 'plan-free', salesforceId: opportunityId })).subscription!.id);
    }
    const other = (await h.client.provisionSubscription({ customerId: await newCustomer(h.client), planId: 'plan-free' })).subscription!.id;
    const reader = new StiggBatchReader(h.ops, null, undefined, null, 4);
    h.emulator.counters.reset();
    const found = await reader.lookup({ subscriptionsById: [claimed[0], other], subscriptionsBySalesforceId: [opportunityId] });
    expect(found.subscriptionsById.map((s) => s.id).sort()).toEqual([claimed[0], other].sort());
    expect(found.subscriptionsBySalesforceId.map((s) => s.id).sort()).toEqual([...claimed].sort());
    // one subscriptions field a request; first page: 2 ids + the opportunity's 2 forms (18 and 15 characters), 3 items each = 12 of the 13; then the next page
    expect(h.emulator.counters.snapshot().subscriptions).toBe(2);
  });
});
