import { CreditGrantType, Currency, PaymentCollectionMethod } from '@stigg/node-server-sdk';
import {
  buildCreditBalancesQuery,
  buildCreditGrantsQuery,
  CreditBalancesResult,
  CreditGrantsResult,
  readCreditBalances,
  readCreditGrants,
} from '../../src/services/stigg/operations';
import { caught, newCustomer, startStiggHarness, StiggHarness } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Balances read through the gateway's operation (the SDK caches its reads). */
async function balances(customerId: string, options: { currencyId?: string; resourceId?: string } = {}) {
  const q = buildCreditBalancesQuery([customerId], options);
  const data = await h.ops.execute<CreditBalancesResult>(q.document, q.variables);
  return readCreditBalances(data, q.aliases).get(customerId)!;
}

async function grants(customerId: string, options: { currencyId?: string; resourceId?: string } = {}) {
  const q = buildCreditGrantsQuery([customerId], options);
  const data = await h.ops.execute<CreditGrantsResult>(q.document, q.variables);
  return readCreditGrants(data, q.aliases).get(customerId)!;
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

  test('a PAID grant by INVOICE needs a customer email and leaves the payment ACTION_REQUIRED (assumption)', async () => {
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
    expect((await balances(customerId))[0].currentBalance).toBe(10);
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

  test('sending the same createCreditGrant twice creates two grants: Stigg does not deduplicate (assumption, as the brief and DESIGN state)', async () => {
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
  test('balances and grants of many customers come back in ONE document each, one aliased field per customer (Stigg docs: GraphQL API overview; aliases)', async () => {
    const a = await newCustomer(h.client);
    const b = await newCustomer(h.client);
    const c = await newCustomer(h.client);
    await promo(a, 1);
    await promo(b, 2);
    await promo(b, 3);
    h.emulator.counters.reset();
    const bq = buildCreditBalancesQuery([a, b, c], { currencyId: 'cred-type-test' });
    const bal = readCreditBalances(await h.ops.execute<CreditBalancesResult>(bq.document, bq.variables), bq.aliases);
    expect([a, b, c].map((id) => bal.get(id)![0].currentBalance)).toEqual([1, 5, 0]);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, creditBalanceSummary: 1 });

    const gq = buildCreditGrantsQuery([a, b, c]);
    const gr = readCreditGrants(await h.ops.execute<CreditGrantsResult>(gq.document, gq.variables), gq.aliases);
    expect([a, b, c].map((id) => gr.get(id)!.map((g) => g.amount))).toEqual([[1], [2, 3], []]);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 2, creditBalanceSummary: 1, creditGrants: 1 });
  });

  test('an unknown customer in a batched balance read fails the document with CustomerNotFound; executePartial shows which (Stigg error codes)', async () => {
    const a = await newCustomer(h.client);
    const q = buildCreditBalancesQuery([a, 'customer-nope']);
    const err = await caught(h.ops.execute(q.document, q.variables));
    expect(err).toMatchObject({ code: 'CustomerNotFound', retryable: false });
    const partial = await h.ops.executePartial<CreditBalancesResult>(q.document, q.variables);
    expect(partial.errors[0]).toMatchObject({ code: 'CustomerNotFound', path: ['c1'], identifier: 'customer-nope' });
  });
});
