import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStiggEmulator } from '../../src/sandbox/stigg/stigg-emulator';
import { catalogVariables, GATEWAY_CATALOG, gql, rawGraphQL, startStiggHarness, StiggHarness } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('catalog reads (demo catalog of the seed)', () => {
  test('the catalog document the gateway sends: plans, add-ons, features, products and custom currencies in ONE request (docs: queries/plans, addons, features, products, customCurrencies)', async () => {
    h.emulator.counters.reset();
    const c = await gql(h.emulator, GATEWAY_CATALOG, catalogVariables(100));
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, plans: 1, addons: 1, features: 1, products: 1, customCurrencies: 1 });
    // newest first: Stigg's default sorting (createdAt DESC); seed records are created in seed order
    expect(c.plans.edges.map((e: any) => e.node.refId)).toEqual(['plan-workspace', 'plan-enterprise', 'plan-growth', 'plan-free']);
    const plans = Object.fromEntries(c.plans.edges.map((e: any) => [e.node.refId, e.node]));
    expect(plans['plan-free']).toMatchObject({ pricingType: 'FREE', product: { refId: 'product-main' }, defaultTrialConfig: null, prices: [] });
    expect(plans['plan-free'].entitlements).toEqual([
      { usageLimit: 3, hasUnlimitedUsage: false, resetPeriod: null, feature: { refId: 'feature-seats' } },
      { usageLimit: 1000, hasUnlimitedUsage: false, resetPeriod: 'MONTH', feature: { refId: 'feature-api-calls' } },
    ]);
    const growth = plans['plan-growth'];
    expect(growth).toMatchObject({ pricingType: 'PAID', defaultTrialConfig: { duration: 14, units: 'DAY', trialEndBehavior: 'CONVERT_TO_PAID' }, compatibleAddons: [{ refId: 'addon-sso' }] });
    const price = (period: string, model: string) => growth.prices.find((p: any) => p.billingPeriod === period && p.billingModel === model);
    expect(price('MONTHLY', 'FLAT_FEE')).toMatchObject({ price: { amount: 500, currency: 'USD' }, feature: null, customCurrency: null, creditGrantCadence: null });
    expect(price('ANNUALLY', 'PER_UNIT')).toMatchObject({ price: { amount: 200 }, feature: { refId: 'feature-seats' }, minUnitQuantity: 1 });
    expect(price('MONTHLY', 'USAGE_BASED')).toMatchObject({ price: { amount: 0.01 }, feature: { refId: 'feature-api-calls' } });
    expect(price('MONTHLY', 'CREDIT_BASED')).toMatchObject({ price: { amount: 0.01 }, customCurrency: { currencyId: 'currency-api-credits' }, creditGrantCadence: 'BEGINNING_OF_BILLING_PERIOD' });
    expect(c.addons.edges[0].node).toMatchObject({ refId: 'addon-sso', pricingType: 'PAID', maxQuantity: 1, entitlements: [{ feature: { refId: 'feature-sso' } }] });
    // features: createdAt DESC, then refId ASC
    expect(c.features.edges.map((e: any) => [e.node.refId, e.node.featureType, e.node.meterType, e.node.featureUnitsPlural])).toEqual([
      ['feature-sso', 'BOOLEAN', 'None', null],
      ['feature-api-calls', 'NUMBER', 'Incremental', 'API calls'],
      ['feature-seats', 'NUMBER', 'None', 'seats'],
    ]);
    expect(c.products.edges.map((e: any) => [e.node.refId, e.node.multipleSubscriptions])).toEqual([
      ['product-workspaces', true],
      ['product-main', false],
    ]);
    expect(c.customCurrencies).toEqual([
      { currencyId: 'currency-api-credits', displayName: 'API credits', symbol: null, units: { singular: 'API credit', plural: 'API credits' } },
      { currencyId: 'cred-type-test', displayName: 'Test credits', symbol: null, units: { singular: 'test credit', plural: 'test credits' } },
    ]);
  });

  test('catalog lists page by first/after with cursors; a list left out by @include is not asked (docs: queries/plans, paging)', async () => {
    const p1 = await gql(h.emulator, GATEWAY_CATALOG, catalogVariables(3));
    expect(p1.plans.pageInfo.hasNextPage).toBe(true);
    expect(p1.features.pageInfo.hasNextPage).toBe(false);
    h.emulator.counters.reset();
    const p2 = await gql(h.emulator, GATEWAY_CATALOG, catalogVariables(3, { plans: p1.plans.pageInfo.endCursor }, false));
    expect(Object.keys(p2)).toEqual(['plans']);
    expect(p2.plans.edges.map((e: any) => e.node.refId)).toEqual(['plan-free']);
    expect(p2.plans.pageInfo.hasNextPage).toBe(false);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 1, plans: 1 });
  });

  test('lists without paging answer Stigg\'s default of 10 items (docs: queries/plans, paging = {first: 10})', () => {
    const fields = h.emulator.schema.getQueryType()!.getFields();
    for (const name of ['plans', 'addons', 'features', 'products', 'customers', 'subscriptions']) {
      expect({ name, paging: fields[name].args.find((a) => a.name === 'paging')!.defaultValue }).toEqual({ name, paging: { first: 10 } });
    }
  });

  test('customCurrencies is a plain list whose status defaults to [ACTIVE]: archived currencies are left out unless asked for (docs: queries/customCurrencies, FetchCustomCurrenciesInput)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stigg-seed-'));
    try {
      const seed = JSON.parse(readFileSync(join(__dirname, '../../src/sandbox/seed/stigg.json'), 'utf8'));
      seed.customCurrencies.push({ id: 'currency-old', displayName: 'Old credits', archived: true });
      writeFileSync(join(dir, 'stigg.json'), JSON.stringify(seed));
      const emulator = await startStiggEmulator({ port: 0, seedDir: dir });
      try {
        const active = await gql(emulator, '{ customCurrencies { currencyId archivedAt } }');
        expect(active.customCurrencies.map((c: any) => c.currencyId)).toEqual(['currency-api-credits', 'cred-type-test']);
        const all = await gql(emulator, '{ customCurrencies(input: { status: [ACTIVE, ARCHIVED] }) { currencyId } }');
        expect(all.customCurrencies.map((c: any) => c.currencyId)).toEqual(['currency-api-credits', 'cred-type-test', 'currency-old']);
      } finally {
        await emulator.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('seedDir overrides the bundled seed, checked with a raw catalog read (src/sandbox/README.md, SANDBOX_SEED)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stigg-seed-'));
    try {
      const seed = JSON.parse(readFileSync(join(__dirname, '../../src/sandbox/seed/stigg.json'), 'utf8'));
      seed.apiKey = 'server-custom-key';
      seed.plans = seed.plans.filter((p: { id: string }) => p.id !== 'plan-workspace');
      writeFileSync(join(dir, 'stigg.json'), JSON.stringify(seed));
      const emulator = await startStiggEmulator({ port: 0, seedDir: dir });
      try {
        expect(emulator.apiKey).toBe('server-custom-key');
        const c = await gql(emulator, GATEWAY_CATALOG, catalogVariables(10));
        expect(c.plans.edges.map((e: any) => e.node.refId)).not.toContain('plan-workspace');
      } finally {
        await emulator.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('list filters: plans by product and pricing type, features by refId (Stigg docs: GraphQL API overview, filtering)', async () => {
    const r = await rawGraphQL(
      h.emulator,
      `{ plans(filter: { product: { refId: { eq: "product-main" } }, pricingType: { in: [PAID, CUSTOM] } }) { edges { node { refId } } }
         features(filter: { refId: { in: ["feature-sso"] } }) { edges { node { refId } } } }`,
    );
    expect(r.json.data.plans.edges.map((e: { node: { refId: string } }) => e.node.refId)).toEqual(['plan-enterprise', 'plan-growth']);
    expect(r.json.data.features.edges).toEqual([{ node: { refId: 'feature-sso' } }]);
  });

  test('the SDK\'s getProducts lists the products (Stigg docs: Node.js SDK getProducts)', async () => {
    const products = await h.client.getProducts();
    // newest first (Stigg's default sorting, createdAt DESC)
    expect(products.map((p) => [p.id, p.downgradePlan?.id ?? null])).toEqual([
      ['product-workspaces', null],
      ['product-main', 'plan-free'],
    ]);
  });
});

describe('seed loading', () => {
  test('a seedDir without stigg.json stops the start with a message naming the file', async () => {
    await expect(startStiggEmulator({ port: 0, seedDir: join(tmpdir(), 'no-such-stigg-seed-dir') })).rejects.toThrow(/stigg\.json/);
  });
});
