import {
  BillingPeriod,
  Currency,
  PaymentCollectionMethod,
  ProvisionSubscriptionStatus,
  SubscriptionStatus,
  TrialEndBehavior,
} from '@stigg/node-server-sdk';
import {
  pickSubscriptions,
  PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS,
  ProvisionSubscriptionWithEntitlementsInput,
  ProvisionSubscriptionWithEntitlementsResult,
  StiggOperationError,
  StiggSubscriptionNode,
  SUBSCRIPTION_CREDIT_ENTITLEMENTS,
  SubscriptionCreditEntitlementsResult,
  SUBSCRIPTIONS_BY_IDS,
  SUBSCRIPTIONS_OF_CUSTOMERS,
  SubscriptionsByIdsResult,
  subscriptionsByIdsVariables,
  subscriptionsBySalesforceIdsVariables,
  SubscriptionsOfCustomersResult,
  subscriptionsOfCustomersVariables,
} from '../../src/services/stigg/operations';
import { caught, newCustomer, rawGraphQL, startStiggHarness, StiggHarness, uniqueId } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

const DAY = 86_400_000;

async function subscriptionById(subscriptionId: string): Promise<StiggSubscriptionNode | undefined> {
  const result = await h.ops.execute<SubscriptionsByIdsResult>(SUBSCRIPTIONS_BY_IDS, { ...subscriptionsByIdsVariables([subscriptionId]) });
  return pickSubscriptions(result, { subscriptionIds: [subscriptionId] })[0];
}

async function provisionWithEntitlements(input: ProvisionSubscriptionWithEntitlementsInput) {
  const r = await h.ops.execute<ProvisionSubscriptionWithEntitlementsResult>(PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS, { input });
  return r.provisionSubscriptionV2;
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
    expect(node!.prices!.find((p) => p.price?.feature?.refId === 'feature-seats')).toMatchObject({ usageLimit: 10, price: { price: { amount: 15 } } });
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
      subscriptionEntitlements: [{ feature: { refId: 'feature-seats' }, usageLimit: 250 }],
      totalPrice: { total: { amount: 90_000, currency: 'USD' } },
      latestInvoice: { status: 'OPEN', total: 90_000 },
    });
  });

  test('credit entitlements, which the SDK drops, are accepted in the documented input shape (Stigg docs: Provision Subscription, entitlements.credit)', async () => {
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
        { credit: { customCurrencyId: 'cred-type-test', amount: 60_000, cadence: 'YEAR', price: { amount: 1200, currency: 'USD' } } },
      ],
    });
    expect(r.subscription).toMatchObject({ subscriptionId, status: 'ACTIVE' });
    const { getSubscription } = await h.ops.execute<SubscriptionCreditEntitlementsResult>(SUBSCRIPTION_CREDIT_ENTITLEMENTS, {
      input: { subscriptionId },
    });
    expect(getSubscription.creditEntitlements).toEqual([
      { customCurrencyId: 'currency-api-credits', amount: 5000, cadence: 'MONTH', price: null },
      { customCurrencyId: 'cred-type-test', amount: 60_000, cadence: 'YEAR', price: { amount: 1200, currency: 'USD' } },
    ]);
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
    expect(err).toMatchObject({ code: 'CustomCurrencyNotFound', status: 200, retryable: false });
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
  test('a new subscription to the same product replaces the old one (upgrade, downgrade): the old one becomes CANCELED (Stigg docs: Provisioning subscriptions, upgrade/downgrade)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const free = await h.client.provisionSubscription({ customerId, planId: 'plan-free' });
    const growth = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
    expect((await h.client.getSubscription({ subscriptionId: free.subscription!.id })).status).toBe(SubscriptionStatus.Canceled);
    const down = await h.client.provisionSubscription({ customerId, planId: 'plan-free' });
    const old = await h.client.getSubscription({ subscriptionId: growth.subscription!.id });
    expect(old.status).toBe(SubscriptionStatus.Canceled);
    expect(old.cancellationDate).toBeInstanceOf(Date);
    const live = await h.client.getSubscriptions({ customerId, status: [SubscriptionStatus.Active, SubscriptionStatus.InTrial] });
    expect(live.data.map((s) => s.subscriptionId)).toEqual([down.subscription!.id]);
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
    const bySf = await h.ops.execute<SubscriptionsByIdsResult>(SUBSCRIPTIONS_BY_IDS, { ...subscriptionsBySalesforceIdsVariables(['006Dn00000000XYZAA']) });
    expect(pickSubscriptions(bySf, { salesforceIds: ['006Dn00000000XYZAA'] })).toEqual([
      expect.objectContaining({ subscriptionId: id, salesforceId: '006Dn00000000XYZAA', customer: { customerId }, additionalMetaData: { runId: 'r1' } }),
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

  test('subscriptions of many customers come back in ONE request (customerId "in", status "in") (Stigg docs: GraphQL API overview, filtering)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const c = await newCustomer(h.client);
    await h.client.provisionSubscription({ customerId: a, planId: 'plan-free' });
    await h.client.provisionSubscription({ customerId: b, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
    await h.client.provisionSubscription({ customerId: c, planId: 'plan-free' });
    await h.client.provisionSubscription({ customerId: c, planId: 'plan-enterprise' });
    h.emulator.counters.reset();
    const all = await h.ops.execute<SubscriptionsOfCustomersResult>(SUBSCRIPTIONS_OF_CUSTOMERS, { ...subscriptionsOfCustomersVariables([a, b, c]) });
    expect(all.subscriptions.edges.map((e) => [e.node.customer.customerId, e.node.plan.refId, e.node.status])).toEqual([
      [a, 'plan-free', 'ACTIVE'],
      [b, 'plan-growth', 'IN_TRIAL'],
      [c, 'plan-free', 'CANCELED'],
      [c, 'plan-enterprise', 'ACTIVE'],
    ]);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, subscriptions: 1 });
    const live = await h.ops.execute<SubscriptionsOfCustomersResult>(SUBSCRIPTIONS_OF_CUSTOMERS, {
      ...subscriptionsOfCustomersVariables([a, b, c], { statuses: ['ACTIVE', 'IN_TRIAL'] }),
    });
    expect(live.subscriptions.edges).toHaveLength(3);
    const trial = live.subscriptions.edges.find((e) => e.node.status === 'IN_TRIAL')!.node;
    expect(trial).toMatchObject({ trialConfiguration: { trialEndBehavior: 'CONVERT_TO_PAID' }, pricingType: 'PAID' });
    expect(trial.trialEndDate).not.toBeNull();
  });

  test('subscriptions by a list of ids come back in ONE request through the customers filter (assumption: which route; Stigg docs: CustomerFilter.subscriptions)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const sa = await h.client.provisionSubscription({ customerId: a, planId: 'plan-free' });
    const sb = await h.client.provisionSubscription({ customerId: b, planId: 'plan-enterprise' });
    await h.client.provisionSubscription({ customerId: b, planId: 'plan-workspace', resourceId: 'ws' });
    h.emulator.counters.reset();
    const ids = [sa.subscription!.id, sb.subscription!.id, 'sub-unknown'];
    const result = await h.ops.execute<SubscriptionsByIdsResult>(SUBSCRIPTIONS_BY_IDS, { ...subscriptionsByIdsVariables(ids) });
    expect(pickSubscriptions(result, { subscriptionIds: ids }).map((s) => s.subscriptionId).sort()).toEqual([sa.subscription!.id, sb.subscription!.id].sort());
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, customers: 1 });
  });
});
