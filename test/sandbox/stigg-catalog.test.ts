import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG, CatalogResult, CUSTOM_CURRENCIES, CustomCurrenciesResult, StiggOperations } from '../../src/services/stigg/operations';
import { startStiggEmulator } from '../../src/sandbox/stigg/stigg-emulator';
import { rawGraphQL, startStiggHarness, StiggHarness } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('catalog reads (demo catalog of the seed)', () => {
  test('plans, add-ons, features and products come back in ONE request (Stigg docs: plans / addons / features / products list queries)', async () => {
    h.emulator.counters.reset();
    const c = await h.ops.execute<CatalogResult>(CATALOG, { first: 100 });
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, plans: 1, addons: 1, features: 1, products: 1 });
    const plans = Object.fromEntries(c.plans.edges.map((e) => [e.node.refId, e.node]));
    expect(Object.keys(plans).sort()).toEqual(['plan-enterprise', 'plan-free', 'plan-growth', 'plan-workspace']);

    expect(plans['plan-free']).toMatchObject({ pricingType: 'FREE', product: { refId: 'product-main' }, defaultTrialConfig: null, prices: [] });
    expect(plans['plan-free'].entitlements).toEqual([
      { usageLimit: 3, hasUnlimitedUsage: false, resetPeriod: null, feature: { refId: 'feature-seats' } },
      { usageLimit: 1000, hasUnlimitedUsage: false, resetPeriod: 'MONTH', feature: { refId: 'feature-api-calls' } },
    ]);

    const growth = plans['plan-growth'];
    expect(growth).toMatchObject({
      pricingType: 'PAID',
      defaultTrialConfig: { duration: 14, units: 'DAY', trialEndBehavior: 'CONVERT_TO_PAID' },
      compatibleAddons: [{ refId: 'addon-sso' }],
    });
    const price = (period: string, model: string) => growth.prices!.find((p) => p.billingPeriod === period && p.billingModel === model)!;
    expect(price('MONTHLY', 'FLAT_FEE')).toMatchObject({ price: { amount: 500, currency: 'USD' }, feature: null });
    expect(price('ANNUALLY', 'FLAT_FEE')).toMatchObject({ price: { amount: 5000, currency: 'USD' } });
    expect(price('MONTHLY', 'PER_UNIT')).toMatchObject({ price: { amount: 20 }, feature: { refId: 'feature-seats' } });
    expect(price('ANNUALLY', 'PER_UNIT')).toMatchObject({ price: { amount: 200 }, feature: { refId: 'feature-seats' } });
    expect(price('MONTHLY', 'USAGE_BASED')).toMatchObject({ price: { amount: 0.01 }, feature: { refId: 'feature-api-calls' } });

    expect(plans['plan-enterprise']).toMatchObject({ pricingType: 'CUSTOM', prices: [] });
    expect(plans['plan-enterprise'].entitlements!.map((e) => e.feature.refId)).toEqual(['feature-seats', 'feature-api-calls', 'feature-sso']);
    expect(plans['plan-workspace']).toMatchObject({ product: { refId: 'product-workspaces' } });

    const sso = c.addons.edges.map((e) => e.node).find((a) => a.refId === 'addon-sso')!;
    expect(sso).toMatchObject({ pricingType: 'PAID', maxQuantity: 1, entitlements: [{ feature: { refId: 'feature-sso' } }] });
    expect(sso.prices!.find((p) => p.billingPeriod === 'MONTHLY')).toMatchObject({ billingModel: 'FLAT_FEE', price: { amount: 150, currency: 'USD' } });

    expect(c.features.edges.map((e) => [e.node.refId, e.node.featureType, e.node.meterType])).toEqual([
      ['feature-seats', 'NUMBER', 'None'],
      ['feature-api-calls', 'NUMBER', 'Incremental'],
      ['feature-sso', 'BOOLEAN', 'None'],
    ]);
    expect(c.products.edges.map((e) => [e.node.refId, e.node.multipleSubscriptions])).toEqual([
      ['product-main', false],
      ['product-workspaces', true],
    ]);
  });

  test('custom currencies (credit types) list (assumption: the root field)', async () => {
    const r = await h.ops.execute<CustomCurrenciesResult>(CUSTOM_CURRENCIES, { first: 50 });
    expect(r.customCurrencies.edges.map((e) => e.node)).toEqual([
      { currencyId: 'currency-api-credits', displayName: 'API credits', symbol: null, units: { singular: 'API credit', plural: 'API credits' } },
      { currencyId: 'cred-type-test', displayName: 'Test credits', symbol: null, units: { singular: 'test credit', plural: 'test credits' } },
    ]);
  });

  test('list filters: plans by product and pricing type, features by refId (Stigg docs: GraphQL API overview, filtering)', async () => {
    const r = await rawGraphQL(
      h.emulator,
      `{ plans(filter: { product: { refId: { eq: "product-main" } }, pricingType: { in: [PAID, CUSTOM] } }) { edges { node { refId } } }
         features(filter: { refId: { in: ["feature-sso"] } }) { edges { node { refId } } } }`,
    );
    expect(r.json.data.plans.edges.map((e: { node: { refId: string } }) => e.node.refId)).toEqual(['plan-growth', 'plan-enterprise']);
    expect(r.json.data.features.edges).toEqual([{ node: { refId: 'feature-sso' } }]);
  });

  test('the SDK\'s getProducts lists the products (Stigg docs: Node.js SDK getProducts)', async () => {
    const products = await h.client.getProducts();
    expect(products.map((p) => [p.id, p.downgradePlan?.id ?? null])).toEqual([
      ['product-main', 'plan-free'],
      ['product-workspaces', null],
    ]);
  });
});

describe('seed loading', () => {
  test('seedDir overrides the bundled seed (src/sandbox/README.md, SANDBOX_SEED)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stigg-seed-'));
    try {
      const seed = JSON.parse(readFileSync(join(__dirname, '../../src/sandbox/seed/stigg.json'), 'utf8'));
      seed.apiKey = 'server-custom-key';
      seed.customers.push({ id: 'customer-hooli', name: 'Hooli', email: 'ap@hooli.example' });
      seed.plans = seed.plans.filter((p: { id: string }) => p.id !== 'plan-workspace');
      writeFileSync(join(dir, 'stigg.json'), JSON.stringify(seed));
      const emulator = await startStiggEmulator({ port: 0, seedDir: dir });
      try {
        expect(emulator.apiKey).toBe('server-custom-key');
        const ops = new StiggOperations({ apiKey: emulator.apiKey, baseUri: emulator.url });
        const c = await ops.execute<CatalogResult>(CATALOG, { first: 10 });
        expect(c.plans.edges.map((e) => e.node.refId)).not.toContain('plan-workspace');
        expect(emulator.store.customers.has('customer-hooli')).toBe(true);
      } finally {
        await emulator.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a seedDir without stigg.json stops the start with a message naming the file', async () => {
    await expect(startStiggEmulator({ port: 0, seedDir: join(tmpdir(), 'no-such-stigg-seed-dir') })).rejects.toThrow(/stigg\.json/);
  });
});
