/**
 * `productMappings` and `mapping` on products and line items: every product with a Stigg Type,
 * checked against the Stigg catalog — VALID, UNKNOWN_STIGG_ID, WRONG_KIND (including a picklist
 * value the gateway does not know), INACTIVE_PRODUCT — with a problem a sales-ops person can act
 * on. An Entitlement whose Stigg ID is a custom currency is credits: VALID.
 */
import { Connection } from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { createAll, salesforceConnection, SEED } from '../helpers/read-salesforce';

let stack: TestStack;
let conn: Connection;

interface Mapping { productId: string; productName: string; stiggType: string; rawStiggType: string; stiggId: string; status: string; problem: string | null }

async function mappings(): Promise<Mapping[]> {
  const res = await stack.graphql<{ productMappings: Mapping[] }>('{ productMappings { productId productName stiggType rawStiggType stiggId status problem } }');
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.productMappings;
}

const valid = (productId: string, productName: string, rawStiggType: string, stiggType: string, stiggId: string): Mapping =>
  ({ productId, productName, rawStiggType, stiggType, stiggId, status: 'VALID', problem: null });

beforeAll(async () => {
  stack = await startTestStack();
  conn = salesforceConnection(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('productMappings', () => {
  test('the seeded catalog: ten valid products, a Stigg ID Stigg does not have, an inactive product; sorted by name', async () => {
    expect(await mappings()).toEqual([
      valid('01tDn0000000006IAA', 'API calls', 'Entitlement', 'ENTITLEMENT', 'feature-api-calls'),
      // an Entitlement pointing at a custom currency is credits, and valid
      valid('01tDn0000000008IAA', 'API credits', 'Entitlement', 'ENTITLEMENT', 'currency-api-credits'),
      valid('01tDn0000000009IAA', 'API credits (credit entitlement)', 'Credit entitlement', 'CREDIT_ENTITLEMENT', 'currency-api-credits'),
      valid('01tDn0000000003IAA', 'Enterprise plan', 'Plan', 'PLAN', 'plan-enterprise'),
      valid('01tDn0000000001IAA', 'Free plan', 'Plan', 'PLAN', 'plan-free'),
      valid('01tDn0000000002IAA', 'Growth plan', 'Plan', 'PLAN', 'plan-growth'),
      {
        productId: '01tDn0000000011IAA', productName: 'Legacy analytics', rawStiggType: 'Entitlement', stiggType: 'ENTITLEMENT',
        stiggId: 'feature-legacy-analytics', status: 'UNKNOWN_STIGG_ID',
        problem: "Product 'Legacy analytics' has Stigg ID 'feature-legacy-analytics', which is not a plan, add-on, feature or custom currency in Stigg. Fix the Stigg ID on the product.",
      },
      valid('01tDn0000000005IAA', 'Seats', 'Entitlement', 'ENTITLEMENT', 'feature-seats'),
      valid('01tDn0000000007IAA', 'Single sign-on', 'Entitlement', 'ENTITLEMENT', 'feature-sso'),
      {
        productId: '01tDn0000000012IAA', productName: 'SSO (old SKU)', rawStiggType: 'Add-on', stiggType: 'ADDON',
        stiggId: 'addon-sso', status: 'INACTIVE_PRODUCT',
        problem: "Product 'SSO (old SKU)' is inactive in Salesforce, so a Closed/Won flow would skip it. Activate the product, or remove it from the opportunity.",
      },
      valid('01tDn0000000004IAA', 'SSO add-on', 'Add-on', 'ADDON', 'addon-sso'),
      valid('01tDn0000000010IAA', 'Test credits', 'Credit entitlement', 'CREDIT_ENTITLEMENT', 'cred-type-test'),
    ]);
  });

  test('products created through jsforce: a Plan pointing at a feature is WRONG_KIND, a Plan with a made-up id or none is UNKNOWN_STIGG_ID', async () => {
    const [wrongKind, madeUp, noId] = await createAll(conn, 'Product2', [
      { Name: 'Zeta seats bundle', IsActive: true, Stigg_Type__c: 'Plan', Stigg_ID__c: 'feature-seats' },
      { Name: 'Zeta premium plan', IsActive: true, Stigg_Type__c: 'Plan', Stigg_ID__c: 'plan-premium' },
      { Name: 'Zeta support add-on', IsActive: true, Stigg_Type__c: 'Add-on' },
    ]);
    const byId = new Map((await mappings()).map((m) => [m.productId, m]));
    expect(byId.get(wrongKind)).toEqual({
      productId: wrongKind, productName: 'Zeta seats bundle', rawStiggType: 'Plan', stiggType: 'PLAN', stiggId: 'feature-seats', status: 'WRONG_KIND',
      problem: "Product 'Zeta seats bundle' has Stigg Type 'Plan', but its Stigg ID 'feature-seats' is a feature in Stigg, not a plan. "
        + "Set the Stigg Type to 'Entitlement', or set the Stigg ID to the id of a plan.",
    });
    expect(byId.get(madeUp)).toMatchObject({ status: 'UNKNOWN_STIGG_ID', stiggType: 'PLAN', stiggId: 'plan-premium' });
    expect(byId.get(madeUp)!.problem).toContain("Stigg ID 'plan-premium', which is not a plan, add-on, feature or custom currency in Stigg");
    expect(byId.get(noId)).toMatchObject({ status: 'UNKNOWN_STIGG_ID', stiggType: 'ADDON', stiggId: '' });
    expect(byId.get(noId)!.problem).toBe("Product 'Zeta support add-on' has Stigg Type 'Add-on' but no Stigg ID. Set the Stigg ID on the product to the id of an add-on in Stigg.");
  });

  test('a Stigg Type outside the picklist is WRONG_KIND naming the allowed values; it shows as the kind its Stigg ID points at', async () => {
    // The emulator enforces the restricted picklist as Salesforce does on writes...
    const refused = await conn.sobject('Product2').create({ Name: 'Zeta bundle', IsActive: true, Stigg_Type__c: 'Bundle', Stigg_ID__c: 'plan-growth' })
      .then(() => null, (err: { errorCode?: string }) => err.errorCode);
    expect(refused).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    // ...but orgs hold such values anyway: records keep a value an admin later removed or renamed in the
    // picklist, and Stigg's package field may be unrestricted. Store one as such an org holds it.
    const [id] = await createAll(conn, 'Product2', [{ Name: 'Zeta bundle', IsActive: true, Stigg_Type__c: 'Plan', Stigg_ID__c: 'plan-growth' }]);
    stack.sandbox.salesforce.store.get('Product2', id)!.Stigg_Type__c = 'Bundle';

    const mapping = (await mappings()).find((m) => m.productId === id);
    expect(mapping).toEqual({
      productId: id, productName: 'Zeta bundle', rawStiggType: 'Bundle', stiggType: 'PLAN', stiggId: 'plan-growth', status: 'WRONG_KIND',
      problem: "Product 'Zeta bundle' has Stigg Type 'Bundle', which is not a Stigg Type the gateway knows. "
        + 'Set the Stigg Type on the product to one of: Plan, Add-on, Entitlement, Credit entitlement.',
    });
  });

  test('a line item shows its product\'s mapping (WRONG_KIND here), and so does the product', async () => {
    const [productId] = await createAll(conn, 'Product2', [{ Name: 'Zeta SSO plan', IsActive: true, Stigg_Type__c: 'Plan', Stigg_ID__c: 'addon-sso' }]);
    const [entryId] = await createAll(conn, 'PricebookEntry', [{ Pricebook2Id: SEED.pricebook, Product2Id: productId, UnitPrice: 150, IsActive: true }]);
    const [opportunityId] = await createAll(conn, 'Opportunity', [{
      AccountId: '001Dn0000000006IAA', Name: 'Stark — SSO as a plan', StageName: 'Closed Won', CloseDate: '2026-03-01', Pricebook2Id: SEED.pricebook,
    }]);
    await createAll(conn, 'OpportunityLineItem', [{ OpportunityId: opportunityId, PricebookEntryId: entryId, Quantity: 1, UnitPrice: 150 }]);

    const res = await stack.graphql<any>(`query($id: ID!) { opportunity(id: $id) { lineItems {
      mapping { productId stiggType stiggId status problem } product { id name mapping { status } } } } }`, { id: opportunityId });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.opportunity.lineItems).toEqual([{
      mapping: {
        productId, stiggType: 'PLAN', stiggId: 'addon-sso', status: 'WRONG_KIND',
        problem: "Product 'Zeta SSO plan' has Stigg Type 'Plan', but its Stigg ID 'addon-sso' is an add-on in Stigg, not a plan. "
          + "Set the Stigg Type to 'Add-on', or set the Stigg ID to the id of a plan.",
      },
      product: { id: productId, name: 'Zeta SSO plan', mapping: { status: 'WRONG_KIND' } },
    }]);
  });

  test('the seeded deals show each status on their lines: unknown id (Stark), inactive product (Umbrella legacy SSO)', async () => {
    const res = await stack.graphql<any>(`{
      stark: opportunity(id: "006Dn0000000009IAA") { lineItems { product { name } mapping { status } } }
      umbrella: opportunity(id: "006Dn0000000012IAA") { lineItems { product { name isActive } mapping { status } } }
      initech: opportunity(id: "006Dn0000000003IAA") { lineItems { product { name } mapping { stiggType stiggId status } } }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      stark: { lineItems: [
        { product: { name: 'Growth plan' }, mapping: { status: 'VALID' } },
        { product: { name: 'Legacy analytics' }, mapping: { status: 'UNKNOWN_STIGG_ID' } },
      ] },
      umbrella: { lineItems: [
        { product: { name: 'Growth plan', isActive: true }, mapping: { status: 'VALID' } },
        { product: { name: 'SSO (old SKU)', isActive: false }, mapping: { status: 'INACTIVE_PRODUCT' } },
      ] },
      initech: { lineItems: [
        { product: { name: 'Growth plan' }, mapping: { stiggType: 'PLAN', stiggId: 'plan-growth', status: 'VALID' } },
        { product: { name: 'Seats' }, mapping: { stiggType: 'ENTITLEMENT', stiggId: 'feature-seats', status: 'VALID' } },
        { product: { name: 'API credits' }, mapping: { stiggType: 'ENTITLEMENT', stiggId: 'currency-api-credits', status: 'VALID' } },
      ] },
    });
  });
});
