import {
  catalogIndexFor, findPrice, isAddonPriced, isPlanPricedPerUnit, planBasePrice, planFeaturePrice,
} from '../../src/services/catalog/catalog-index';
import { StiggCatalog } from '../../src/domain/stigg-catalog';
import { demoCatalog, usd } from './fixtures/demo-catalog';

describe('CatalogIndex', () => {
  const catalog = demoCatalog();
  const index = catalogIndexFor(catalog);

  it('finds entities by id', () => {
    expect(index.findPlan('plan-growth')?.displayName).toBe('Growth');
    expect(index.findAddon('addon-sso')?.displayName).toBe('SSO');
    expect(index.findFeature('feature-seats')?.featureType).toBe('NUMBER');
    expect(index.findCustomCurrency('cred-type-test')?.displayName).toBe('Test credits');
    expect(index.findPlan('feature-seats')).toBeNull();
  });

  it('says what kinds an id is', () => {
    expect(index.targetKindsOf('plan-growth')).toEqual(['PLAN']);
    expect(index.targetKindsOf('currency-api-credits')).toEqual(['CUSTOM_CURRENCY']);
    expect(index.targetKindsOf('nope')).toEqual([]);
  });

  it('is built once per catalog', () => {
    expect(catalogIndexFor(catalog)).toBe(index);
    expect(catalogIndexFor(demoCatalog())).not.toBe(index);
  });
});

describe('price lookups', () => {
  const growth = catalogIndexFor(demoCatalog()).findPlan('plan-growth')!;

  it("finds the plan's base charge in the billing period", () => {
    expect(planBasePrice(growth, 'MONTHLY')?.price.amount).toBe(500);
    expect(planBasePrice(growth, 'ANNUALLY')?.price.amount).toBe(5000);
    expect(planBasePrice(growth, null)?.price.amount).toBe(500);
  });

  it('finds how the plan prices a feature, falling back to MONTHLY prices', () => {
    expect(planFeaturePrice(growth, 'feature-seats', 'MONTHLY')?.billingModel).toBe('PER_UNIT');
    expect(planFeaturePrice(growth, 'feature-seats', 'ANNUALLY')?.billingModel).toBe('PER_UNIT');
    expect(planFeaturePrice(growth, 'feature-api-calls', 'MONTHLY')?.billingModel).toBe('USAGE_BASED');
    expect(planFeaturePrice(growth, 'feature-sso', 'MONTHLY')).toBeNull();
  });

  it('prefers the billing period asked for', () => {
    const prices = [usd(20, 'MONTHLY', 'PER_UNIT', 'f'), usd(200, 'ANNUALLY', 'PER_UNIT', 'f')];
    expect(findPrice(prices, 'ANNUALLY', (p) => p.featureId === 'f')?.price.amount).toBe(200);
    expect(findPrice(prices, 'MONTHLY', (p) => p.featureId === 'f')?.price.amount).toBe(20);
  });

  it('finds annual-only prices when no period is given', () => {
    expect(findPrice([usd(200, 'ANNUALLY', 'FLAT_FEE')], null, () => true)?.price.amount).toBe(200);
  });

  it('tells a plan priced per unit', () => {
    const perUnit: StiggCatalog['plans'][number] = { ...growth, prices: [usd(10, 'MONTHLY', 'PER_UNIT')] };
    expect(isPlanPricedPerUnit(perUnit, 'MONTHLY')).toBe(true);
    expect(isPlanPricedPerUnit(growth, 'MONTHLY')).toBe(false);
  });

  it('tells a priced add-on', () => {
    expect(isAddonPriced({ id: 'a', displayName: 'A', prices: [usd(150, 'MONTHLY', 'FLAT_FEE')] }, 'ANNUALLY')).toBe(true);
    expect(isAddonPriced({ id: 'a', displayName: 'A', prices: [] }, 'MONTHLY')).toBe(false);
  });
});
