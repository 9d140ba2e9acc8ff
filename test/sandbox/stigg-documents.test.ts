import { BillingPeriod, CreditGrantType, PaymentCollectionMethod } from '@stigg/node-server-sdk';
import { parse, validate } from 'graphql';
import { newCustomer, startStiggHarness, StiggHarness, uniqueId } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

/** A document posted to the emulator as a client other than the SDK would: its status and parsed body. */
function post(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; json: any }> {
  return fetch(`${h.emulator.url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-KEY': h.emulator.apiKey },
    body: JSON.stringify({ query, variables }),
  }).then(async (r) => ({ status: r.status, json: await r.json() }));
}

describe('what the SDK sends', () => {
  test('initialize with realtime, remote config and edge off sends no request at all (SDK 3.95.0 configuration)', async () => {
    const before = h.recorded.length;
    const c = h.newClient();
    await c.waitForInitialization();
    expect(h.recorded.length).toBe(before);
  });

  test('every document the SDK sends for the gateway\'s operations is valid against the emulator\'s schema', async () => {
    h.recorded.length = 0;
    // with remote config on, initialize sends GetSdkConfiguration (the emulator answers it)
    const withRemoteConfig = h.newClient({ enableRemoteConfig: true });
    await withRemoteConfig.waitForInitialization();

    const c = h.client;
    const customerId = uniqueId('customer');
    await c.provisionCustomer({ customerId, name: 'Docs', email: 'docs@example.test', subscriptionParams: { planId: 'plan-free' } });
    await c.getCustomer(customerId);
    await c.updateCustomer({ customerId, name: 'Docs 2', salesforceId: '001Dn00000000DOCAA' });
    const noCard = await newCustomer(c);
    await c.provisionSubscription({ customerId: noCard, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
    const sub = await c.provisionSubscription({
      id: uniqueId('sub'),
      customerId,
      planId: 'plan-growth',
      billingPeriod: BillingPeriod.Annually,
      paymentCollectionMethod: PaymentCollectionMethod.Invoice,
      billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }],
      addons: [{ addonId: 'addon-sso', quantity: 1 }],
      priceOverrides: [{ baseCharge: true, price: { amount: 4000 } }],
      trialOverrideConfiguration: { isTrial: false },
      salesforceId: '006Dn00000000DOCAA',
      resourceId: undefined,
    });
    await c.getSubscription({ subscriptionId: sub.subscription!.id });
    await c.getSubscriptions({ customerId, status: ['ACTIVE' as never] });
    const grant = await c.grantCredits({
      customerId,
      currencyId: 'cred-type-test',
      amount: 10,
      displayName: 'Docs',
      grantType: CreditGrantType.Promotional,
      additionalMetaData: { idempotencyKey: 'k' },
    });
    await c.getCreditGrants({ customerId });
    await c.getCreditBalance({ customerId });
    await c.voidCreditGrant({ id: grant!.grantId });
    await c.getProducts();

    const operations = new Set(h.recorded.flatMap((r) => r.operations));
    expect([...operations].sort()).toEqual(
      [
        'sdkConfiguration',
        'provisionCustomer',
        'getCustomerByRefId',
        'updateOneCustomer',
        'provisionSubscriptionV2',
        'getSubscription',
        'subscriptions',
        'createCreditGrant',
        'creditGrants',
        'creditBalanceSummary',
        'voidCreditGrant',
        'products',
      ].sort(),
    );
    for (const r of h.recorded) {
      const errors = validate(h.emulator.schema, parse(r.query));
      expect({ operation: r.operationName, errors: errors.map((e) => e.message) }).toEqual({ operation: r.operationName, errors: [] });
      expect(r.headers['x-api-key']).toBe(h.emulator.apiKey);
      expect(r.query).toContain('__typename'); // Apollo adds it to every selection
    }
    expect(h.recorded.map((r) => r.operationName)).toEqual(
      expect.arrayContaining(['GetSdkConfiguration', 'ProvisionCustomer', 'GetCustomerById', 'UpdateCustomer', 'ProvisionSubscription', 'GetSubscription', 'GetSubscriptions', 'GrantCredits', 'GetCreditGrants', 'GetCreditBalance', 'VoidCreditGrant', 'GetProducts']),
    );
  });

  test('GraphQL syntax, validation and variable errors are HTTP 400 with Apollo\'s codes (assumption: Stigg serves GraphQL with Apollo Server)', async () => {
    const syntax = await post('{ customers { ');
    expect(syntax.status).toBe(400);
    expect(syntax.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await post('{ customers { edges { node { shoeSize } } } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badVariable = await post('query($i: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $i) { customerId } }', { i: { nope: 1 } });
    expect(badVariable.status).toBe(400);
    expect(badVariable.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  test('a document sent again gets the answer it got the first time: refused again when invalid, answered for its own variables when valid (the emulator parses and validates each distinct text once)', async () => {
    for (const attempt of [1, 2]) {
      const syntax = await post('{ customers { edges ');
      expect([attempt, syntax.status, syntax.json.errors[0].extensions.code]).toEqual([attempt, 400, 'GRAPHQL_PARSE_FAILED']);
      const invalid = await post('{ customers { edges { node { hatSize } } } }');
      expect([attempt, invalid.status, invalid.json.errors[0].extensions.code]).toEqual([attempt, 400, 'GRAPHQL_VALIDATION_FAILED']);
      expect(invalid.json.errors[0].message).toContain('hatSize');
    }
    const first = await newCustomer(h.client);
    const second = await newCustomer(h.client);
    const byRefId = 'query($i: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $i) { customerId } }';
    const a = await post(byRefId, { i: { customerId: first } });
    const b = await post(byRefId, { i: { customerId: second } });
    expect([a.status, a.json.data.getCustomerByRefId.customerId]).toEqual([200, first]);
    expect([b.status, b.json.data.getCustomerByRefId.customerId]).toEqual([200, second]);
  });
});
