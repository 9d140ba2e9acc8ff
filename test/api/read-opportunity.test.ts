/**
 * `opportunity(id)` and every field under it, against the bundled seed
 * (src/sandbox/seed/salesforce.json): Salesforce's derived fields (Amount, TotalPrice after the
 * discount, ListPrice from the price book) and the joins to Account, Contact, Product2 and the
 * product mapping.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { seedLineItems, seedOpportunities, seedOpportunity } from '../helpers/read-seed';
import { salesforceConnection } from '../helpers/read-salesforce';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const LINE_ITEM_FIELDS = `id quantity discount salesPrice { amount currency } listPrice { amount currency } totalPrice { amount currency }
  product { id name productCode isActive }`;
const OPPORTUNITY_FIELDS = `id name stageName isClosed isWon closeDate amount { amount currency } lineItems { ${LINE_ITEM_FIELDS} }`;

const GLOBEX = '006Dn0000000002IAA';

describe('opportunity(id)', () => {
  test('answers the seeded Globex deal: its fields, line items, account, contacts, mappings; no subscription yet', async () => {
    const res = await stack.graphql<{ opportunity: any }>(`query($id: ID!) { opportunity(id: $id) {
      ${OPPORTUNITY_FIELDS} stiggSubscriptionId provisioningStatus subscription { id } subscriptionIdStale provisioningRuns { id }
      lineItems { id effectiveUnitPrice { amount currency } mapping { stiggType stiggId status problem } product { mapping { status } } }
      account { id name stiggCustomerId contacts { id name email } opportunities { id name } customer { id } customerIdStale }
    } }`, { id: GLOBEX });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const opp = res.body.data!.opportunity;
    expect(opp).toMatchObject({
      id: GLOBEX,
      name: 'Globex — Growth, invoiced with price overrides',
      stageName: 'Closed Won',
      isClosed: true,
      isWon: true,
      closeDate: '2026-01-20',
      // 450 + 20 x 18 x (1 - 10%) + 99 + 150
      amount: { amount: 1023, currency: 'USD' },
      stiggSubscriptionId: null,
      provisioningStatus: null,
      subscription: null,
      subscriptionIdStale: false,
      provisioningRuns: [],
      account: {
        id: '001Dn0000000002IAA',
        name: 'Globex',
        stiggCustomerId: null,
        contacts: [{ id: '003Dn0000000003IAA', name: 'Gina Billing', email: 'billing@globex.example' }],
        opportunities: [
          { id: GLOBEX, name: 'Globex — Growth, invoiced with price overrides' },
          { id: '006Dn0000000010IAA', name: 'Globex — Services only' },
          { id: '006Dn0000000016IAA', name: 'Globex — Renewal with 25 seats' },
        ],
        customer: null,
        customerIdStale: false,
      },
    });
    expect(opp.lineItems).toEqual([
      expect.objectContaining({
        id: '00kDn0000000005IAA', quantity: 1, discount: null,
        salesPrice: { amount: 450, currency: 'USD' }, listPrice: { amount: 500, currency: 'USD' },
        totalPrice: { amount: 450, currency: 'USD' }, effectiveUnitPrice: { amount: 450, currency: 'USD' },
        product: { id: '01tDn0000000002IAA', name: 'Growth plan', productCode: 'PLAN-GROWTH', isActive: true, mapping: { status: 'VALID' } },
        mapping: { stiggType: 'PLAN', stiggId: 'plan-growth', status: 'VALID', problem: null },
      }),
      expect.objectContaining({
        id: '00kDn0000000006IAA', quantity: 20, discount: 10,
        salesPrice: { amount: 18, currency: 'USD' }, listPrice: { amount: 20, currency: 'USD' },
        totalPrice: { amount: 324, currency: 'USD' }, effectiveUnitPrice: { amount: 16.2, currency: 'USD' },
        product: { id: '01tDn0000000005IAA', name: 'Seats', productCode: 'FEATURE-SEATS', isActive: true, mapping: { status: 'VALID' } },
        mapping: { stiggType: 'ENTITLEMENT', stiggId: 'feature-seats', status: 'VALID', problem: null },
      }),
      expect.objectContaining({
        id: '00kDn0000000007IAA', quantity: 1, discount: null,
        salesPrice: { amount: 99, currency: 'USD' }, listPrice: { amount: 99, currency: 'USD' }, totalPrice: { amount: 99, currency: 'USD' },
        mapping: { stiggType: 'ENTITLEMENT', stiggId: 'feature-api-calls', status: 'VALID', problem: null },
      }),
      expect.objectContaining({
        id: '00kDn0000000008IAA', quantity: 1,
        salesPrice: { amount: 150, currency: 'USD' }, listPrice: { amount: 150, currency: 'USD' }, totalPrice: { amount: 150, currency: 'USD' },
        product: { id: '01tDn0000000004IAA', name: 'SSO add-on', productCode: 'ADDON-SSO', isActive: true, mapping: { status: 'VALID' } },
        mapping: { stiggType: 'ADDON', stiggId: 'addon-sso', status: 'VALID', problem: null },
      }),
    ]);
  });

  test.each(seedOpportunities().map((o) => [o.id, o.name]))('%s (%s) matches the seed: stage flags, Amount, every line item', async (id) => {
    const res = await stack.graphql<{ opportunity: any }>(`query($id: ID!) { opportunity(id: $id) { ${OPPORTUNITY_FIELDS} account { id } } }`, { id });
    expect(res.body.errors).toBeUndefined();
    const { accountId, ...expected } = seedOpportunity(id);
    expect(res.body.data!.opportunity).toEqual({ ...expected, account: { id: accountId } });
  });

  test('a product without a Stigg Type has no mapping (Professional services on the Hooli deal)', async () => {
    const res = await stack.graphql<{ opportunity: any }>(
      '{ opportunity(id: "006Dn0000000008IAA") { lineItems { product { name mapping { status } } mapping { status } totalPrice { amount } } } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.opportunity.lineItems).toEqual([
      { product: { name: 'Growth plan', mapping: { status: 'VALID' } }, mapping: { status: 'VALID' }, totalPrice: { amount: 500 } },
      { product: { name: 'Professional services', mapping: null }, mapping: null, totalPrice: { amount: 2000 } },
    ]);
    expect(seedLineItems('006Dn0000000008IAA').map((l) => l.totalPrice.amount)).toEqual([500, 2000]);
  });

  test('an opportunity without line items has no Amount and no lines', async () => {
    // The seed gives every opportunity lines; one created through jsforce has none.
    const conn = salesforceConnection(stack);
    const created = await conn.sobject('Opportunity').create({ AccountId: '001Dn0000000005IAA', Name: 'Hooli — empty', StageName: 'Qualification', CloseDate: '2026-09-01' });
    const id = (created as { id: string }).id;
    const res = await stack.graphql<{ opportunity: any }>(`query($id: ID!) { opportunity(id: $id) { id name stageName isClosed isWon closeDate amount { amount } lineItems { id } account { name } } }`, { id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.opportunity).toEqual({
      id, name: 'Hooli — empty', stageName: 'Qualification', isClosed: false, isWon: false, closeDate: '2026-09-01', amount: null, lineItems: [], account: { name: 'Hooli' },
    });
  });
});
