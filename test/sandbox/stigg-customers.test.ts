import { Stigg } from '@stigg/node-server-sdk';
import { StiggOperationError, StiggOperations } from '../../src/services/stigg/operations';
import { caught, lookupsDocument, newCustomer, rawGraphQL, sdkOptions, startStiggHarness, StiggHarness, uniqueId } from './helpers/stigg-harness';

/** The gateway's customers lookup by id (customers(filter: { customerId: { in } })). */
function customersById(ids: string[], first = 10, after?: string) {
  const q = lookupsDocument({ customersById: ids }, first, after ? { customersById: after } : {});
  return { document: q.document, variables: q.variables };
}
async function lookupCustomers(ids: string[], first = 10, after?: string) {
  const q = customersById(ids, first, after);
  return (await h.ops.execute<{ customersById: { edges: Array<{ node: any }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(q.document, q.variables)).customersById;
}

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('Stigg emulator: customers', () => {
  test('the seeded customer Initech has an email, a Salesforce id, a payment method and no subscription (seed fixture)', async () => {
    const c = await h.client.getCustomer('customer-initech');
    expect(c).toMatchObject({ id: 'customer-initech', name: 'Initech', email: 'finance@initech.example', hasPaymentMethod: true });
    expect(c.subscriptions).toEqual([]);
    expect(c.paymentMethodDetails).toMatchObject({ last4Digits: '4242' });
    const customers = await lookupCustomers(['customer-initech']);
    expect(customers.edges[0].node).toMatchObject({ customerId: 'customer-initech', salesforceId: '001Dn0000000003IAA' });
  });

  test('provisionCustomer without subscriptionParams creates only the customer (Stigg docs: Provision Customer)', async () => {
    const customerId = uniqueId('customer');
    const result = await h.client.provisionCustomer({
      customerId,
      name: 'Acme',
      email: 'billing@acme.example',
      salesforceId: '001Dn00000000AAAAA',
      metadata: { source: 'test' },
      subscriptionParams: null,
    });
    expect(result.customer).toMatchObject({ id: customerId, name: 'Acme', email: 'billing@acme.example', metadata: { source: 'test' } });
    expect(result.subscriptionDecisionStrategy).toBe('SKIPPED_SUBSCRIPTION_CREATION');
    expect(result.subscription).toBeUndefined();
    const full = await h.client.getCustomer(customerId);
    expect(full.hasPaymentMethod).toBe(false);
  });

  test('provisionCustomer with subscriptionParams creates customer and subscription in one operation (Stigg docs: Provision Customer)', async () => {
    const customerId = uniqueId('customer');
    const result = await h.client.provisionCustomer({ customerId, name: 'Free Co', subscriptionParams: { planId: 'plan-free' } });
    expect(result.subscriptionDecisionStrategy).toBe('REQUESTED_PLAN');
    expect(result.subscription).toMatchObject({ planId: 'plan-free', status: 'ACTIVE', customerId });
    const full = await h.client.getCustomer(customerId);
    expect(full.subscriptions.map((s) => s.id)).toEqual([result.subscription!.id]);
  });

  test('provisionCustomer whose subscription is refused leaves no customer behind (assumption)', async () => {
    const customerId = uniqueId('customer');
    const err = await caught(h.client.provisionCustomer({ customerId, subscriptionParams: { planId: 'plan-nope' } }));
    expect(err.errorCode).toBe('PlanNotFound');
    expect((await caught(h.client.getCustomer(customerId))).errorCode).toBe('CustomerNotFound');
  });

  test('provisionCustomer with an id that exists is refused with DuplicatedEntityNotAllowed (assumption)', async () => {
    const err = await caught(h.client.provisionCustomer({ customerId: 'customer-initech', subscriptionParams: null }));
    expect(err.errorCode).toBe('DuplicatedEntityNotAllowed');
  });

  test('getCustomer of an unknown id fails with CustomerNotFound (Stigg docs: GraphQL API overview, error codes)', async () => {
    const err = await caught(h.client.getCustomer('customer-does-not-exist'));
    expect(err.errorCode).toBe('CustomerNotFound');
    expect(err.message).toMatch(/Failed to get customer: Customer not found/);
    const raw = await rawGraphQL(h.emulator, 'query($i: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $i) { customerId } }', {
      i: { customerId: 'customer-does-not-exist' },
    });
    expect(raw.status).toBe(200);
    // getCustomerByRefId is nullable in the reference (docs: queries/getCustomerByRefId)
    expect(raw.json.data).toEqual({ getCustomerByRefId: null });
    expect(raw.json.errors[0].extensions).toMatchObject({ code: 'CustomerNotFound', identifier: 'customer-does-not-exist' });
    expect(typeof raw.json.errors[0].extensions.traceId).toBe('string');
  });

  test('updateCustomer changes name, email, Salesforce id and metadata; fields left out are unchanged (Stigg docs: Update Customer)', async () => {
    const customerId = await newCustomer(h.client, { name: 'Before' });
    const updated = await h.client.updateCustomer({ customerId, email: 'after@example.test', salesforceId: '001Dn00000000BBBBB', metadata: { tier: 'gold' } });
    expect(updated).toMatchObject({ id: customerId, name: 'Before', email: 'after@example.test', metadata: { tier: 'gold' } });
    const customers = await lookupCustomers([customerId]);
    expect(customers.edges[0].node).toMatchObject({ email: 'after@example.test', salesforceId: '001Dn00000000BBBBB', name: 'Before' });
  });

  test('updateCustomer with billingInfo.paymentMethodId attaches a payment method (assumption)', async () => {
    const customerId = await newCustomer(h.client);
    expect((await h.client.getCustomer(customerId)).hasPaymentMethod).toBe(false);
    await h.client.updateCustomer({ customerId, billingInfo: { paymentMethodId: 'pm_card_visa' } });
    expect((await h.client.getCustomer(customerId)).hasPaymentMethod).toBe(true);
  });

  test('updateCustomer of an unknown id fails with CustomerNotFound (Stigg docs: GraphQL API overview, error codes)', async () => {
    const err = await caught(h.client.updateCustomer({ customerId: 'customer-missing', name: 'x' }));
    expect(err.errorCode).toBe('CustomerNotFound');
  });

  test('customers by a list of ids come back in ONE request through the documented customerId "in" filter (Stigg docs: GraphQL API overview, filtering)', async () => {
    const a = await newCustomer(h.client, { name: 'A' });
    const b = await newCustomer(h.client, { name: 'B' });
    h.emulator.counters.reset();
    const customers = await lookupCustomers([a, b, 'customer-initech', 'customer-unknown']);
    expect(customers.edges.map((e) => e.node.customerId).sort()).toEqual([a, b, 'customer-initech'].sort());
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, customers: 1 });
  });

  test('customers paging: first/after cursors walk the list, newest first (docs: queries/customers, sorting default createdAt DESC)', async () => {
    const ids = [await newCustomer(h.client), await newCustomer(h.client), await newCustomer(h.client)];
    const page1 = await lookupCustomers(ids, 2);
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await lookupCustomers(ids, 2, page1.pageInfo.endCursor);
    expect(page2.edges).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...page1.edges, ...page2.edges].map((e) => e.node.customerId)).toEqual([...ids].reverse());
  });

  test('customers without paging answers Stigg\'s default page of 10 (docs: queries/customers, paging = {first: 10})', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await newCustomer(h.client));
    const raw = await rawGraphQL(h.emulator, 'query($ids: [String!]) { customers(filter: { customerId: { in: $ids } }) { totalCount edges { node { customerId } } pageInfo { hasNextPage } } }', { ids });
    expect(raw.json.data.customers).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true } });
    expect(raw.json.data.customers.edges).toHaveLength(10);
  });

  test('customers by Salesforce Account id (CustomerFilter.salesforceId "in") (docs: queries/customers)', async () => {
    const a = await newCustomer(h.client, { salesforceId: '001Dn00000000SFAAA' });
    const q = lookupsDocument({ customersBySalesforceId: ['001Dn00000000SFAAA', '001Dn0000000003IAA'] });
    const data = await h.ops.execute<any>(q.document, q.variables);
    expect(data.customersBySalesforceId.edges.map((e: any) => e.node.customerId).sort()).toEqual([a, 'customer-initech'].sort());
  });
});

describe('Stigg emulator: authentication', () => {
  test('a wrong X-API-KEY gets the Unauthenticated error code, HTTP 200 (Stigg docs: GraphQL API overview, authentication; code as the SDK expects it)', async () => {
    const wrong = await rawGraphQL(h.emulator, '{ sdkConfiguration { isWidgetWatermarkEnabled } }', {}, 'server-wrong-key');
    expect(wrong.status).toBe(200);
    expect(wrong.json).toMatchObject({ data: null, errors: [{ message: 'Unauthenticated', extensions: { code: 'Unauthenticated' } }] });
    const missing = await rawGraphQL(h.emulator, '{ sdkConfiguration { isWidgetWatermarkEnabled } }', {}, null);
    expect(missing.json.errors[0].extensions.code).toBe('Unauthenticated');
  });

  test('the SDK reports a wrong key as "Authentication failed" with errorCode Unauthenticated and does not retry', async () => {
    const bad = Stigg.initialize({ ...sdkOptions(h.emulator), apiKey: 'server-wrong-key' });
    try {
      h.emulator.counters.reset();
      const err = await caught(bad.getCustomer('customer-initech'));
      expect(err.message).toBe('Failed to get customer: Authentication failed. Double check your API key.');
      expect(err.errorCode).toBe('Unauthenticated');
      expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, getCustomerByRefId: 1 });
    } finally {
      await bad.close();
    }
  });

  test('StiggOperations raises StiggOperationError { code: Unauthenticated } for a wrong key', async () => {
    const ops = new StiggOperations({ apiKey: 'server-wrong-key', baseUri: h.emulator.url });
    const q = customersById(['customer-initech']);
    const err = await caught(ops.execute(q.document, q.variables));
    expect(err).toBeInstanceOf(StiggOperationError);
    expect(err).toMatchObject({ status: 200, code: 'Unauthenticated' });
  });
});
