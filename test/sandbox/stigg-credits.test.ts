import { CreditGrantType, Currency, PaymentCollectionMethod } from '@stigg/node-server-sdk';
import {
  caught,
  creditEntitlementsDocument,
  creditGrantsDocument,
  GATEWAY_CREATE_CREDIT_GRANT,
  GATEWAY_PROVISION_SUBSCRIPTION,
  GATEWAY_VOID_CREDIT_GRANT,
  gql,
  newCustomer,
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

const BALANCES = `query($input: CreditBalanceSummaryInput!) {
  creditBalanceSummary(input: $input) { balances { customerId resourceId currency { currencyId displayName } currentBalance totalGranted totalConsumed } }
}`;

/** Balances read with a raw document (the SDK caches its reads). */
async function balances(customerId: string, options: { currencyId?: string; resourceId?: string } = {}) {
  const data = await gql(h.emulator, BALANCES, { input: { customerId, ...options } });
  return data.creditBalanceSummary.balances as Array<Record<string, any>>;
}

async function grants(customerId: string, options: { currencyId?: string; resourceId?: string } = {}) {
  const q = creditGrantsDocument([customerId], options);
  const data = await gql(h.emulator, q.document, q.variables);
  return data.c0.edges.map((e: { node: unknown }) => e.node) as Array<Record<string, any>>;
}

/** The credit entitlement of a customer in a currency, as the gateway reads balances (entitlementV2). */
async function creditEntitlement(customerId: string, currencyId: string) {
  const q = creditEntitlementsDocument([customerId], [currencyId]);
  return (await gql(h.emulator, q.document, q.variables)).b0_0;
}

const promo = (customerId: string, amount: number, extra: Record<string, unknown> = {}) =>
  h.client.grantCredits({
    customerId,
    currencyId: 'cred-type-test',
    amount,
    displayName: 'Welcome credits',
    grantType: CreditGrantType.Promotional,
    ...extra,
  } as never);

describe('credit grants', () => {
  test('a PROMOTIONAL grant adds to the balance of its currency (Stigg docs: Salesforce provisioning, granting credits; Create Credit Grant)', async () => {
    const customerId = await newCustomer(h.client);
    const g = await promo(customerId, 250, { comment: 'onboarding', priority: 1, additionalMetaData: { idempotencyKey: 'run-1:grant' } });
    expect(g).toMatchObject({
      customerId,
      currencyId: 'cred-type-test',
      amount: 250,
      consumedAmount: 0,
      grantType: 'PROMOTIONAL',
      displayName: 'Welcome credits',
      comment: 'onboarding',
      priority: 1,
      additionalMetaData: { idempotencyKey: 'run-1:grant' },
      cost: { amount: 0 },
    });
    expect(g!.grantId).toMatch(/^grant-/);
    expect(await balances(customerId)).toEqual([
      {
        customerId,
        resourceId: null,
        currency: { currencyId: 'cred-type-test', displayName: 'Test credits' },
        currentBalance: 250,
        totalGranted: 250,
        totalConsumed: 0,
      },
    ]);
  });

  test('a PAID grant carries its cost and payment collection; CHARGE needs a payment method on file (Stigg docs: Salesforce provisioning, credit grant fields; assumption: the error)', async () => {
    const withCard = await newCustomer(h.client, { withPaymentMethod: true });
    const paid = await h.client.grantCredits({
      customerId: withCard,
      currencyId: 'currency-api-credits',
      amount: 10_000,
      displayName: 'API credits top-up',
      grantType: CreditGrantType.Paid,
      cost: { amount: 100, currency: Currency.Usd },
      paymentCollectionMethod: PaymentCollectionMethod.Charge,
    });
    expect(paid).toMatchObject({ grantType: 'PAID', cost: { amount: 100, currency: 'USD' } });
    expect((await grants(withCard))[0]).toMatchObject({ grantType: 'PAID', status: 'ACTIVE', cost: { amount: 100, currency: 'USD' } });
    expect((await balances(withCard, { currencyId: 'currency-api-credits' }))[0].currentBalance).toBe(10_000);

    const noCard = await newCustomer(h.client);
    const err = await caught(
      h.client.grantCredits({
        customerId: noCard,
        currencyId: 'currency-api-credits',
        amount: 10,
        displayName: 'x',
        grantType: CreditGrantType.Paid,
        cost: { amount: 1, currency: Currency.Usd },
      }),
    );
    expect(err.errorCode).toBe('PaymentMethodNotFoundError');
  });

  test('a PAID grant by INVOICE needs a customer email (assumption: the code) and is PAYMENT_PENDING, in no balance, until its invoice is paid (docs: CreditGrantStatus PAYMENT_PENDING; CreditGrantInput.awaitPaymentConfirmation)', async () => {
    const noEmail = await newCustomer(h.client, { email: null });
    const err = await caught(
      h.client.grantCredits({
        customerId: noEmail,
        currencyId: 'currency-api-credits',
        amount: 10,
        displayName: 'x',
        grantType: CreditGrantType.Paid,
        cost: { amount: 1, currency: Currency.Usd },
        paymentCollectionMethod: PaymentCollectionMethod.Invoice,
      }),
    );
    expect(err.errorCode).toBe('CustomerHasNoEmailAddress');
    const customerId = await newCustomer(h.client);
    await h.client.grantCredits({
      customerId,
      currencyId: 'currency-api-credits',
      amount: 10,
      displayName: 'x',
      grantType: CreditGrantType.Paid,
      cost: { amount: 1, currency: Currency.Usd },
      paymentCollectionMethod: PaymentCollectionMethod.Invoice,
    });
    const [pending] = await grants(customerId);
    // assumption: paymentCollection reads ACTION_REQUIRED while the invoice is open
    expect(pending).toMatchObject({ grantType: 'PAID', status: 'PAYMENT_PENDING', paymentCollection: 'ACTION_REQUIRED' });
    expect(await balances(customerId)).toEqual([expect.objectContaining({ currentBalance: 0, totalGranted: 0 })]);
    expect(await creditEntitlement(customerId, 'currency-api-credits')).toMatchObject({ usageLimit: 0, isGranted: false });

    // the billing provider settles the invoice: the grant enters the balance
    const paid = await fetch(`${h.emulator.url}/__sandbox/credit-grants/${pending.grantId}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ grantId: pending.grantId, status: 'ACTIVE', paymentCollection: 'NOT_REQUIRED' });
    expect((await grants(customerId))[0]).toMatchObject({ status: 'ACTIVE', paymentCollection: 'NOT_REQUIRED' });
    expect((await balances(customerId))[0].currentBalance).toBe(10);
    expect(await creditEntitlement(customerId, 'currency-api-credits')).toMatchObject({ usageLimit: 10, currentUsage: 0, isGranted: true });
    expect((await fetch(`${h.emulator.url}/__sandbox/credit-grants/${pending.grantId}/pay`, { method: 'POST' })).status).toBe(409);
    expect((await fetch(`${h.emulator.url}/__sandbox/credit-grants/grant-nope/pay`, { method: 'POST' })).status).toBe(404);
  });

  test('createCreditGrant as the gateway sends it: PAID by INVOICE with awaitPaymentConfirmation false answers at once PAYMENT_PENDING (assumption: the same with true; an invoice is paid out of band)', async () => {
    const customerId = await newCustomer(h.client);
    for (const awaitPaymentConfirmation of [false, true]) {
      const { createCreditGrant: g } = await gql(h.emulator, GATEWAY_CREATE_CREDIT_GRANT, {
        input: {
          customerId, currencyId: 'cred-type-test', grantType: 'PAID', displayName: 'Top-up', amount: 500, cost: { amount: 50, currency: 'USD' },
          paymentCollectionMethod: 'INVOICE', awaitPaymentConfirmation, comment: 'deal', additionalMetaData: { idempotencyKey: `k-${awaitPaymentConfirmation}` },
        },
      });
      expect(g).toMatchObject({ grantType: 'PAID', status: 'PAYMENT_PENDING', paymentCollection: 'ACTION_REQUIRED', cost: { amount: 50, currency: 'USD' }, amount: 500 });
    }
    const { voidCreditGrant: v } = await gql(h.emulator, GATEWAY_VOID_CREDIT_GRANT, { input: { id: (await grants(customerId))[0].grantId } });
    expect(v.status).toBe('VOIDED');
  });

  test('a PAID grant by CHARGE is ACTIVE at once whether or not the call awaits the payment (docs: CreditGrantInput.awaitPaymentConfirmation; assumption: the sandbox charge settles at once)', async () => {
    const customerId = await newCustomer(h.client, { withPaymentMethod: true });
    const { createCreditGrant: g } = await gql(h.emulator, GATEWAY_CREATE_CREDIT_GRANT, {
      input: { customerId, currencyId: 'cred-type-test', grantType: 'PAID', displayName: 'x', amount: 5, cost: { amount: 1, currency: 'USD' }, awaitPaymentConfirmation: false },
    });
    expect(g).toMatchObject({ status: 'ACTIVE', paymentCollection: 'NOT_REQUIRED' });
  });

  test('a grant\'s priority defaults to 50 (docs: CreditGrantInput.priority)', async () => {
    const customerId = await newCustomer(h.client);
    const { createCreditGrant: g } = await gql(h.emulator, GATEWAY_CREATE_CREDIT_GRANT, {
      input: { customerId, currencyId: 'cred-type-test', grantType: 'PROMOTIONAL', displayName: 'x', amount: 5 },
    });
    expect(g.priority).toBe(50);
  });

  test('a PAID grant without a cost is refused (assumption)', async () => {
    const err = await caught(
      h.client.grantCredits({ customerId: 'customer-initech', currencyId: 'cred-type-test', amount: 5, displayName: 'x', grantType: CreditGrantType.Paid }),
    );
    expect(err.errorCode).toBe('InvalidArgumentError');
  });

  test('effective and expiry dates: a grant effective later is SCHEDULED and not yet in the balance; expiry before effective is refused (Stigg docs: Adjust credits, schedule)', async () => {
    const customerId = await newCustomer(h.client);
    const later = new Date(Date.now() + 86_400_000);
    await promo(customerId, 40, { effectiveAt: later, expireAt: new Date(later.getTime() + 30 * 86_400_000) });
    await promo(customerId, 10, { expireAt: new Date(Date.now() + 86_400_000) });
    const list = await grants(customerId);
    expect(list.map((g) => [g.amount, g.status])).toEqual([
      [40, 'SCHEDULED'],
      [10, 'ACTIVE'],
    ]);
    expect(await creditEntitlement(customerId, 'cred-type-test')).toMatchObject({ usageLimit: 10 });
    expect(list[0].effectiveAt).toBe(later.toISOString());
    expect((await balances(customerId))[0]).toMatchObject({ currentBalance: 10, totalGranted: 10 });
    const err = await caught(promo(customerId, 5, { effectiveAt: later, expireAt: new Date(later.getTime() - 1000) }));
    expect(err.errorCode).toBe('ExpireAtMustBeLaterThanEffectiveAtError');
  });

  test('an unknown currency or customer is refused with CustomCurrencyNotFound / CustomerNotFound (Stigg error codes)', async () => {
    const a = await caught(h.client.grantCredits({ customerId: 'customer-initech', currencyId: 'currency-nope', amount: 1, displayName: 'x', grantType: CreditGrantType.Promotional }));
    expect(a.errorCode).toBe('CustomCurrencyNotFound');
    const b = await caught(promo('customer-nope', 1));
    expect(b.errorCode).toBe('CustomerNotFound');
  });

  test('balances are per customer, resource and currency (Stigg docs: Salesforce provisioning, credit grant resource ID)', async () => {
    const customerId = await newCustomer(h.client);
    await promo(customerId, 100);
    await promo(customerId, 30, { resourceId: 'ws-1' });
    await h.client.grantCredits({ customerId, currencyId: 'currency-api-credits', amount: 7, displayName: 'x', grantType: CreditGrantType.Promotional });
    const customerLevel = await balances(customerId);
    expect(customerLevel.map((b) => [b.currency.currencyId, b.resourceId, b.currentBalance]).sort()).toEqual(
      [
        ['cred-type-test', null, 100],
        ['currency-api-credits', null, 7],
      ].sort(),
    );
    expect((await balances(customerId, { resourceId: 'ws-1' })).map((b) => [b.currency.currencyId, b.resourceId, b.currentBalance])).toEqual([
      ['cred-type-test', 'ws-1', 30],
    ]);
    expect(await balances(customerId, { currencyId: 'currency-api-credits', resourceId: 'ws-1' })).toEqual([
      expect.objectContaining({ currentBalance: 0, totalGranted: 0, resourceId: 'ws-1' }),
    ]);
    expect((await grants(customerId, { resourceId: 'ws-1' })).map((g) => g.amount)).toEqual([30]);
  });

  test('voidCreditGrant removes the grant\'s remaining amount from the balance; voiding twice or an unknown grant fails (Stigg docs: Adjust credits, revoke a grant)', async () => {
    const customerId = await newCustomer(h.client);
    const keep = await promo(customerId, 100);
    const drop = await promo(customerId, 60);
    const voided = await h.client.voidCreditGrant({ id: drop!.grantId });
    expect(voided).toMatchObject({ grantId: drop!.grantId, amount: 60 });
    expect((await balances(customerId))[0]).toMatchObject({ currentBalance: 100, totalGranted: 100 });
    const list = await grants(customerId);
    expect(list.find((g) => g.grantId === drop!.grantId)).toMatchObject({ status: 'VOIDED' });
    expect(list.find((g) => g.grantId === drop!.grantId)!.voidedAt).not.toBeNull();
    expect(list.find((g) => g.grantId === keep!.grantId)).toMatchObject({ status: 'ACTIVE' });
    expect((await caught(h.client.voidCreditGrant({ id: drop!.grantId }))).errorCode).toBe('CreditGrantAlreadyVoided');
    expect((await caught(h.client.voidCreditGrant({ id: 'grant-nope' }))).errorCode).toBe('CreditGrantNotFound');
  });

  test('sending the same createCreditGrant twice creates two grants: Stigg does not deduplicate (an assumption; docs/design.md, "Talking to the upstreams")', async () => {
    const customerId = await newCustomer(h.client);
    const input = { additionalMetaData: { idempotencyKey: 'run-7:grant-1' } };
    const first = await promo(customerId, 50, input);
    const second = await promo(customerId, 50, input);
    expect(first!.grantId).not.toBe(second!.grantId);
    const list = await grants(customerId);
    expect(list.filter((g) => g.additionalMetaData?.idempotencyKey === 'run-7:grant-1')).toHaveLength(2);
    expect((await balances(customerId))[0].currentBalance).toBe(100);
  });

  test('the SDK caches getCreditBalance / getCreditGrants in-process: a second read misses a new grant (SDK 3.95.0 behaviour; read balances through the operations)', async () => {
    const customerId = await newCustomer(h.client);
    await promo(customerId, 10);
    const first = await h.client.getCreditBalance({ customerId });
    const firstGrants = await h.client.getCreditGrants({ customerId });
    await promo(customerId, 5);
    h.emulator.counters.reset();
    const second = await h.client.getCreditBalance({ customerId });
    const secondGrants = await h.client.getCreditGrants({ customerId });
    expect(second.balances[0].currentBalance).toBe(first.balances[0].currentBalance);
    expect(secondGrants.data).toHaveLength(firstGrants.data.length);
    expect(h.emulator.counters.snapshot()).toEqual({});
    expect((await balances(customerId))[0].currentBalance).toBe(15);
  });
});

describe('batched credit reads', () => {
  test('credit entitlements of many customers and currencies come back in ONE document, one aliased entitlementV2 per (customer, currency): usageLimit = credits in force, currentUsage = consumed (docs: entitlementV2, CreditEntitlement)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const c = await newCustomer(h.client);
    await promo(a, 1);
    await promo(b, 2);
    await promo(b, 3);
    await h.client.grantCredits({ customerId: c, currencyId: 'currency-api-credits', amount: 7, displayName: 'x', grantType: CreditGrantType.Promotional });
    h.emulator.counters.reset();
    const q = creditEntitlementsDocument([a, b, c], ['cred-type-test', 'currency-api-credits']);
    const data = await h.ops.execute<Record<string, any>>(q.document, q.variables);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, entitlementV2: 1 });
    expect(data.b1_0).toEqual({ __typename: 'CreditEntitlement', currency: { currencyId: 'cred-type-test' }, usageLimit: 5, currentUsage: 0, isGranted: true });
    expect([data.b0_0.usageLimit, data.b0_1.usageLimit, data.b1_1.usageLimit, data.b2_0.usageLimit, data.b2_1.usageLimit]).toEqual([1, 0, 0, 0, 7]);
    // assumption: not granted when no credits remain
    expect(data.b0_1).toMatchObject({ isGranted: false });
  });

  test('grants of many customers come back in ONE document, one aliased creditGrants per customer, paged by first/after (docs: creditGrants, GetCreditGrantsInput.paging)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const c = await newCustomer(h.client);
    await promo(a, 1);
    await promo(b, 2);
    await promo(b, 3);
    h.emulator.counters.reset();
    const gq = creditGrantsDocument([a, b, c]);
    const gr = await gql(h.emulator, gq.document, gq.variables);
    expect([gr.c0, gr.c1, gr.c2].map((x: any) => x.edges.map((e: any) => e.node.amount))).toEqual([[1], [2, 3], []]);
    expect(gr.c1.pageInfo.hasNextPage).toBe(false);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, creditGrants: 1 });
    const p1 = await gql(h.emulator, creditGrantsDocument([b], { first: 1 }).document, creditGrantsDocument([b], { first: 1 }).variables);
    expect(p1.c0.edges.map((e: any) => e.node.amount)).toEqual([2]);
    expect(p1.c0.pageInfo.hasNextPage).toBe(true);
    const next = creditGrantsDocument([b], { first: 1, after: p1.c0.pageInfo.endCursor });
    const p2 = await gql(h.emulator, next.document, next.variables);
    expect(p2.c0.edges.map((e: any) => e.node.amount)).toEqual([3]);
    expect(p2.c0.pageInfo.hasNextPage).toBe(false);
  });

  test('creditGrants without paging answers a page of 10 (assumption: Stigg\'s list default, the reference gives none for this input)', async () => {
    const customerId = await newCustomer(h.client);
    for (let i = 0; i < 12; i++) await promo(customerId, i + 1);
    const data = await gql(h.emulator, 'query($i: GetCreditGrantsInput!) { creditGrants(input: $i) { totalCount edges { node { amount } } pageInfo { hasNextPage } } }', { i: { customerId } });
    expect(data.creditGrants).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true } });
    expect(data.creditGrants.edges).toHaveLength(10);
  });

  test('an unknown customer in a batched credit read fails its alias with CustomerNotFound; executePartial shows which (Stigg error codes)', async () => {
    const a = await newCustomer(h.client);
    const q = creditEntitlementsDocument([a, 'customer-nope'], ['cred-type-test']);
    const err = await caught(h.ops.execute(q.document, q.variables));
    expect(err).toMatchObject({ code: 'CustomerNotFound' });
    const partial = await h.ops.executePartial<Record<string, unknown>>(q.document, q.variables);
    expect(partial.errors[0]).toMatchObject({ code: 'CustomerNotFound', path: ['b1_0'], identifier: 'customer-nope' });
  });
});

describe('recurring credits', () => {
  test('a subscription\'s credit entitlements are issued as RECURRING grants that count in the balance (docs: Recurring credits; CreditGrantType RECURRING; assumption: one grant per entitlement at the start, for one period)', async () => {
    const customerId = await newCustomer(h.client);
    const subscriptionId = uniqueId('sub');
    await gql(h.emulator, GATEWAY_PROVISION_SUBSCRIPTION, {
      input: {
        customerId, subscriptionId, planId: 'plan-enterprise', paymentCollectionMethod: 'NONE',
        entitlements: [{ credit: { customCurrencyId: 'currency-api-credits', amount: 5000, cadence: 'MONTH' } }, { credit: { customCurrencyId: 'cred-type-test', amount: 60, cadence: 'YEAR' } }],
      },
    });
    const list = await grants(customerId);
    expect(list.map((g) => [g.grantType, g.currencyId, g.amount, g.status, g.priority]).sort()).toEqual([
      ['RECURRING', 'cred-type-test', 60, 'ACTIVE', 50],
      ['RECURRING', 'currency-api-credits', 5000, 'ACTIVE', 50],
    ]);
    const monthly = list.find((g) => g.currencyId === 'currency-api-credits')!;
    const days = (Date.parse(monthly.expireAt) - Date.parse(monthly.effectiveAt)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(28);
    expect(days).toBeLessThanOrEqual(31);
    expect(await creditEntitlement(customerId, 'currency-api-credits')).toMatchObject({ usageLimit: 5000, currentUsage: 0, isGranted: true });
    expect((await balances(customerId, { currencyId: 'cred-type-test' }))[0]).toMatchObject({ currentBalance: 60 });
  });

  test('OVERDRAFT is a CreditGrantType value the emulator never creates (docs: CreditGrantType)', () => {
    const values = h.emulator.schema.getType('CreditGrantType') as import('graphql').GraphQLEnumType;
    expect(values.getValues().map((v) => v.name).sort()).toEqual(['OVERDRAFT', 'PAID', 'PROMOTIONAL', 'RECURRING']);
    expect([...h.emulator.store.creditGrants.values()].some((g) => g.grantType === 'OVERDRAFT')).toBe(false);
  });
});
