import { validateProductMapping } from '../../src/services/catalog/validate-product-mapping';
import { demoCatalog } from './fixtures/demo-catalog';
import { aProduct } from './fixtures/salesforce-records';

describe('validateProductMapping', () => {
  const catalog = demoCatalog();
  const check = (type: string | null, id: string | null, active = true) =>
    validateProductMapping(aProduct('Legacy analytics', type, id, { isActive: active }), catalog);

  it('is null for a product without Stigg Type', () => {
    expect(check(null, 'plan-growth')).toBeNull();
    expect(check('  ', 'plan-growth')).toBeNull();
  });

  it.each([
    ['Plan', 'plan-growth', 'PLAN', 'PLAN'],
    ['Add-on', 'addon-sso', 'ADDON', 'ADDON'],
    ['Addon', 'addon-sso', 'ADDON', 'ADDON'],
    ['Entitlement', 'feature-seats', 'ENTITLEMENT', 'FEATURE'],
    ['Entitlement', 'currency-api-credits', 'ENTITLEMENT', 'CUSTOM_CURRENCY'],
    ['Credit entitlement', 'cred-type-test', 'CREDIT_ENTITLEMENT', 'CUSTOM_CURRENCY'],
    ['CREDIT_ENTITLEMENT', 'cred-type-test', 'CREDIT_ENTITLEMENT', 'CUSTOM_CURRENCY'],
  ])('VALID: %s -> %s', (type, id, stiggType, target) => {
    const mapping = check(type, id)!;
    expect(mapping).toMatchObject({ status: 'VALID', stiggType, target, stiggId: id, rawStiggType: type, problem: null });
  });

  it('reports an inactive product first', () => {
    const mapping = check('Plan', 'feature-unknown', false)!;
    expect(mapping.status).toBe('INACTIVE_PRODUCT');
    expect(mapping.problem).toContain("Product 'Legacy analytics' is inactive");
  });

  it('reports an unknown Stigg ID with a problem sales ops can act on', () => {
    const mapping = check('Entitlement', 'feature-legacy-analytics')!;
    expect(mapping).toMatchObject({ status: 'UNKNOWN_STIGG_ID', target: null, stiggType: 'ENTITLEMENT' });
    expect(mapping.problem).toBe(
      "Product 'Legacy analytics' has Stigg ID 'feature-legacy-analytics', which is not a plan, add-on, feature " +
      'or custom currency in Stigg. Fix the Stigg ID on the product.');
  });

  it('reports an empty Stigg ID as unknown', () => {
    const mapping = check('Plan', '')!;
    expect(mapping.status).toBe('UNKNOWN_STIGG_ID');
    expect(mapping.problem).toContain('no Stigg ID');
    expect(check('Plan', null)!.status).toBe('UNKNOWN_STIGG_ID');
  });

  it('reports an unknown picklist value as WRONG_KIND naming the allowed values', () => {
    const mapping = check('Bundle', 'plan-growth')!;
    expect(mapping).toMatchObject({ status: 'WRONG_KIND', stiggType: null, rawStiggType: 'Bundle', target: 'PLAN' });
    expect(mapping.problem).toContain('Plan, Add-on, Entitlement, Credit entitlement');
  });

  it.each([
    ['Plan', 'feature-seats', 'FEATURE', "'Entitlement'"],
    ['Add-on', 'plan-growth', 'PLAN', "'Plan'"],
    ['Entitlement', 'addon-sso', 'ADDON', "'Add-on'"],
    ['Credit entitlement', 'feature-seats', 'FEATURE', "'Entitlement'"],
    ['Plan', 'currency-api-credits', 'CUSTOM_CURRENCY', "'Credit entitlement'"],
  ])('WRONG_KIND: %s pointing at %s', (type, id, target, suggestion) => {
    const mapping = check(type, id)!;
    expect(mapping).toMatchObject({ status: 'WRONG_KIND', target });
    expect(mapping.problem).toContain(`Stigg ID '${id}'`);
    expect(mapping.problem).toContain(suggestion);
  });

  it('trims the Stigg ID', () => {
    expect(check('Plan', ' plan-growth ')).toMatchObject({ status: 'VALID', stiggId: 'plan-growth' });
  });
});
