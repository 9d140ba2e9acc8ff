/**
 * "Granting credits (credit top-up)" of Stigg's Salesforce guide: grantCredits
 * with every field of the Create Stigg Credit Grant action, exactly once (the
 * idempotency key is kept on the grant and looked up before any write, also
 * after a lost answer), validation, and voidCreditGrant.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { Json, balanceOf, errorOf, grantsOf, resetCounters, writesCounted } from '../helpers/provisioning-helpers';

const GRANT = `mutation Grant($input: GrantCreditsInput!) { grantCredits(input: $input) {
  id customerId currencyId grantType displayName amount resourceId comment effectiveAt expiresAt priority status cost { amount currency } } }`;
const VOID = `mutation Void($id: ID!) { voidCreditGrant(grantId: $id) { id status amount } }`;
const CUSTOMER = 'customer-initech';
const DAY = 24 * 60 * 60 * 1000;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});
afterEach(() => stack.sandbox.stigg.faults.clear());

async function grant(input: Record<string, unknown>): Promise<Json> {
  const result = await stack.graphql<Json>(GRANT, { input });
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors));
  return result.body.data.grantCredits;
}

const promo = (extra: Record<string, unknown> = {}) => ({
  customerId: CUSTOMER, grantType: 'PROMOTIONAL', currencyId: 'cred-type-test', displayName: 'Welcome credits', amount: 100, ...extra,
});

async function balanceThroughApi(currencyId: string): Promise<number> {
  const result = await stack.graphql<Json>(`query($id: ID!) { customer(id: $id) { creditBalances { currencyId currentBalance } } }`, { id: CUSTOMER });
  return result.body.data.customer.creditBalances.find((b: Json) => b.currencyId === currencyId)?.currentBalance ?? 0;
}

describe('grantCredits: the Create Stigg Credit Grant action', () => {
  it('a PROMOTIONAL grant with every optional field: the balance grows by the amount', async () => {
    const before = balanceOf(stack, CUSTOMER, 'cred-type-test');
    const effectiveAt = new Date(Date.now() - 60_000);
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const made = await grant(promo({
      comment: 'Apology for the outage of March 3', effectiveAt: effectiveAt.toISOString(), expiresAt: expiresAt.toISOString(),
      priority: 3, idempotencyKey: 'promo-outage-march',
    }));
    expect(made).toMatchObject({
      customerId: CUSTOMER, currencyId: 'cred-type-test', grantType: 'PROMOTIONAL', displayName: 'Welcome credits', amount: 100,
      comment: 'Apology for the outage of March 3', effectiveAt: effectiveAt.toISOString(), expiresAt: expiresAt.toISOString(),
      priority: 3, status: 'ACTIVE', resourceId: null,
    });
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(before + 100);
    expect(await balanceThroughApi('cred-type-test')).toBe(before + 100);
    // the idempotency key travels on the grant, where a retry finds it
    expect(stack.sandbox.stigg.store.creditGrants.get(made.id)!.additionalMetaData).toEqual({ idempotencyKey: 'promo-outage-march' });
  });

  it('a grant for a resource, and a grant that becomes effective later (SCHEDULED, not in the balance yet)', async () => {
    const before = balanceOf(stack, CUSTOMER, 'cred-type-test');
    const forResource = await grant(promo({ resourceId: 'workspace-7', amount: 40 }));
    expect(forResource).toMatchObject({ resourceId: 'workspace-7', status: 'ACTIVE' });
    const later = await grant(promo({ amount: 500, effectiveAt: new Date(Date.now() + 7 * DAY).toISOString() }));
    expect(later.status).toBe('SCHEDULED');
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(before);
  });

  it('PAID grants carry their cost and payment collection method (INVOICE, PAYMENT_METHOD_ON_FILE -> CHARGE); charged credits count at once', async () => {
    const before = balanceOf(stack, CUSTOMER, 'currency-api-credits');
    const invoiced = await grant({
      customerId: CUSTOMER, grantType: 'PAID', currencyId: 'currency-api-credits', displayName: 'Top-up 10k', amount: 10000,
      paymentCollectionMethod: 'INVOICE', cost: { amount: 450, currency: 'usd' },
    });
    expect(invoiced).toMatchObject({ grantType: 'PAID', amount: 10000, cost: { amount: 450, currency: 'USD' } });
    const charged = await grant({
      customerId: CUSTOMER, grantType: 'PAID', currencyId: 'currency-api-credits', displayName: 'Top-up 1k', amount: 1000,
      paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE', cost: { amount: 50, currency: 'USD' },
    });
    expect(charged.status).toBe('ACTIVE');
    const stored = stack.sandbox.stigg.store.creditGrants;
    expect(stored.get(invoiced.id)).toMatchObject({ paymentCollectionMethod: 'INVOICE', cost: { amount: 450, currency: 'USD' } });
    expect(stored.get(charged.id)).toMatchObject({ paymentCollectionMethod: 'CHARGE', cost: { amount: 50, currency: 'USD' } });
    expect(balanceOf(stack, CUSTOMER, 'currency-api-credits')).toBe(before + 1000); // the invoiced 10k wait for payment
  });

  it('a PAID grant collected by INVOICE waits for payment (docs: CreditGrantStatus PAYMENT_PENDING): out of the balance until the invoice is paid', async () => {
    const before = await balanceThroughApi('currency-api-credits');
    const invoiced = await grant({
      customerId: CUSTOMER, grantType: 'PAID', currencyId: 'currency-api-credits', displayName: 'Top-up 2k', amount: 2000,
      paymentCollectionMethod: 'INVOICE', cost: { amount: 90, currency: 'USD' },
    });
    expect(invoiced.status).toBe('PAYMENT_PENDING');
    expect(await balanceThroughApi('currency-api-credits')).toBe(before);
    const listed = await stack.graphql<Json>(`query($id: ID!) { customer(id: $id) { creditGrants(currencyId: "currency-api-credits") { id status } } }`, { id: CUSTOMER });
    expect(listed.body.data.customer.creditGrants).toContainEqual({ id: invoiced.id, status: 'PAYMENT_PENDING' });

    const paid = await fetch(`${stack.sandbox.stigg.url}/__sandbox/credit-grants/${encodeURIComponent(invoiced.id)}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    expect(await balanceThroughApi('currency-api-credits')).toBe(before + 2000);
  });

  it.each(['RECURRING', 'OVERDRAFT'])('grantType %s is read-only (Stigg makes those grants): BAD_USER_INPUT on grantType, nothing sent', async (grantType) => {
    resetCounters(stack);
    const refused = await stack.graphql<Json>(GRANT, { input: promo({ grantType }) });
    expect(errorOf(refused).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'grantType' });
    expect(writesCounted(stack)).toEqual({});
  });

  it("a PAID grant's cost in a currency Stigg does not bill in (HUF): BAD_USER_INPUT on cost.currency, nothing sent", async () => {
    resetCounters(stack);
    const refused = await stack.graphql<Json>(GRANT, {
      input: { ...promo({ grantType: 'PAID' }), paymentCollectionMethod: 'INVOICE', cost: { amount: 10, currency: 'HUF' } },
    });
    expect(errorOf(refused).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cost.currency' });
    expect(writesCounted(stack)).toEqual({});
  });
});

describe('exactly once', () => {
  it('the same idempotencyKey returns the same grant; the balance changes once; the key with another input is IDEMPOTENCY_KEY_REUSED', async () => {
    const before = balanceOf(stack, CUSTOMER, 'cred-type-test');
    resetCounters(stack);
    const input = promo({ amount: 7, idempotencyKey: 'retry-me' });
    const first = await grant(input);
    const second = await grant(input);
    expect(second).toEqual(first);
    expect(writesCounted(stack)).toEqual({ 'stigg.createCreditGrant': 1 });
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(before + 7);

    const reused = await stack.graphql<Json>(GRANT, { input: { ...input, amount: 8 } });
    expect(errorOf(reused).extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(writesCounted(stack)).toEqual({ 'stigg.createCreditGrant': 1 });
  });

  it('five concurrent calls with one key make one grant', async () => {
    const before = balanceOf(stack, CUSTOMER, 'cred-type-test');
    stack.sandbox.stigg.faults.add({ operation: 'createCreditGrant', latencyMs: 100 });
    const input = promo({ amount: 3, idempotencyKey: 'double-click' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => grant(input)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(grantsOf(stack, CUSTOMER).filter((g) => g.additionalMetaData?.idempotencyKey === 'double-click')).toHaveLength(1);
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(before + 3);
  });

  it.each([
    ['a 503 after Stigg committed the grant', 'SERVICE_UNAVAILABLE', 'lost-503'],
    ['a 500 after Stigg committed the grant', 'SERVER_ERROR', 'lost-500'],
    ['the answer lost (connection dropped after the commit)', 'DROP_CONNECTION', 'lost-drop'],
    ['the answer lost, and the caller gave no idempotency key', 'DROP_CONNECTION', null],
  ] as const)('%s: the grant is found by its key, not sent again', async (_name, failure, key) => {
    const before = balanceOf(stack, CUSTOMER, 'cred-type-test');
    const count = grantsOf(stack, CUSTOMER).length;
    resetCounters(stack);
    stack.sandbox.stigg.faults.add({ operation: 'createCreditGrant', failure, phase: 'after', times: 1 });
    const made = await grant(promo({ amount: 11, ...(key ? { idempotencyKey: key } : {}) }));
    expect(made).toMatchObject({ amount: 11, status: 'ACTIVE' });
    expect(writesCounted(stack)).toEqual({ 'stigg.createCreditGrant': 1 });
    expect(grantsOf(stack, CUSTOMER)).toHaveLength(count + 1);
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(before + 11);
    if (key) expect(await grant(promo({ amount: 11, idempotencyKey: key }))).toEqual(made);
    expect(grantsOf(stack, CUSTOMER)).toHaveLength(count + 1);
  });

  it('Stigg down before the write: an error (nothing granted); the retry with the same key grants once', async () => {
    const before = balanceOf(stack, CUSTOMER, 'cred-type-test');
    stack.sandbox.stigg.faults.add({ operation: 'createCreditGrant', failure: 'SERVER_ERROR', times: 1 });
    const input = promo({ amount: 13, idempotencyKey: 'down-first' });
    const failed = await stack.graphql<Json>(GRANT, { input });
    expect(errorOf(failed).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg' });
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(before);
    const retried = await grant(input);
    expect(retried.amount).toBe(13);
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(before + 13);
  });
});

describe('voidCreditGrant', () => {
  it('voids a grant made by mistake: its credits leave the balance; voiding it again answers the voided grant; an unknown grant is NOT_FOUND', async () => {
    const made = await grant(promo({ amount: 1000, displayName: 'Typo: meant 100' }));
    const withGrant = balanceOf(stack, CUSTOMER, 'cred-type-test');
    const voided = await stack.graphql<Json>(VOID, { id: made.id });
    expect(voided.body).toEqual({ data: { voidCreditGrant: { id: made.id, status: 'VOIDED', amount: 1000 } } });
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(withGrant - 1000);
    expect(await balanceThroughApi('cred-type-test')).toBe(withGrant - 1000);

    const again = await stack.graphql<Json>(VOID, { id: made.id });
    expect(again.body).toEqual({ data: { voidCreditGrant: { id: made.id, status: 'VOIDED', amount: 1000 } } });
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(withGrant - 1000);
    const unknown = await stack.graphql<Json>(VOID, { id: 'grant-does-not-exist' });
    expect(errorOf(unknown).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'grantId' });
  });

  it('the answer to a void lost: asking again answers the voided grant, and the credits left the balance once', async () => {
    const made = await grant(promo({ amount: 40, displayName: 'Void me once' }));
    const withGrant = balanceOf(stack, CUSTOMER, 'cred-type-test');
    stack.sandbox.stigg.faults.add({ operation: 'voidCreditGrant', failure: 'DROP_CONNECTION', phase: 'after', times: 1 });
    const lost = await stack.graphql<Json>(VOID, { id: made.id });
    expect(errorOf(lost).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'stigg' });
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(withGrant - 40);
    const retried = await stack.graphql<Json>(VOID, { id: made.id });
    expect(retried.body).toEqual({ data: { voidCreditGrant: { id: made.id, status: 'VOIDED', amount: 40 } } });
    expect(balanceOf(stack, CUSTOMER, 'cred-type-test')).toBe(withGrant - 40);
  });
});

describe('validation: BAD_USER_INPUT with the field (or NOT_FOUND), nothing sent to Stigg', () => {
  const paid = { customerId: CUSTOMER, grantType: 'PAID', currencyId: 'cred-type-test', displayName: 'Paid', amount: 10 };
  const now = Date.now();
  it.each([
    ['amount 0', promo({ amount: 0 }), { code: 'BAD_USER_INPUT', field: 'amount' }],
    ['a negative amount', promo({ amount: -5 }), { code: 'BAD_USER_INPUT', field: 'amount' }],
    ['paymentCollectionMethod on a PROMOTIONAL grant', promo({ paymentCollectionMethod: 'INVOICE' }), { code: 'BAD_USER_INPUT', field: 'paymentCollectionMethod' }],
    ['cost on a PROMOTIONAL grant', promo({ cost: { amount: 1, currency: 'USD' } }), { code: 'BAD_USER_INPUT', field: 'cost' }],
    ['a PAID grant without cost', { ...paid, paymentCollectionMethod: 'INVOICE' }, { code: 'BAD_USER_INPUT', field: 'cost' }],
    ['a PAID grant collected with NONE', { ...paid, paymentCollectionMethod: 'NONE', cost: { amount: 1, currency: 'USD' } },
      { code: 'BAD_USER_INPUT', field: 'paymentCollectionMethod' }],
    ['a negative cost', { ...paid, cost: { amount: -1, currency: 'USD' } }, { code: 'BAD_USER_INPUT' }],
    ['expiresAt before effectiveAt', promo({ effectiveAt: new Date(now + 2 * DAY).toISOString(), expiresAt: new Date(now + DAY).toISOString() }),
      { code: 'BAD_USER_INPUT', field: 'expiresAt' }],
    ['expiresAt in the past (effective now)', promo({ expiresAt: new Date(now - DAY).toISOString() }), { code: 'BAD_USER_INPUT', field: 'expiresAt' }],
    ['a negative priority', promo({ priority: -1 }), { code: 'BAD_USER_INPUT', field: 'priority' }],
    ['an unknown customer', promo({ customerId: 'customer-nobody' }), { code: 'NOT_FOUND', field: 'customerId' }],
    ['an unknown currency', promo({ currencyId: 'currency-gold' }), { code: 'NOT_FOUND', field: 'currencyId' }],
  ])('%s', async (_name, input, extensions) => {
    resetCounters(stack);
    const result = await stack.graphql<Json>(GRANT, { input });
    expect(errorOf(result).extensions).toMatchObject(extensions);
    expect(result.body.data).toBeNull();
    expect(writesCounted(stack)).toEqual({});
  });
});
