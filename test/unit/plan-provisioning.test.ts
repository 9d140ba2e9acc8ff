import { planProvisioning } from '../../src/services/provisioning/planner/plan-provisioning';
import { StiggCatalog } from '../../src/domain/stigg-catalog';
import { demoCatalog, usd } from './fixtures/demo-catalog';
import { expectGatewayError } from './fixtures/expect-gateway-error';
import { aRequest, LineSpec, NOW, planningInput } from './fixtures/planning-input';
import { ACCOUNT_ID, anAccount, anOpportunity, aProduct, OPPORTUNITY_ID, products } from './fixtures/salesforce-records';

const DAY = 24 * 60 * 60 * 1000;
const invoice = aRequest({ paymentCollectionMethod: 'INVOICE', billingEmail: 'billing@acme.example' });
const onFile = aRequest({ paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' });

describe('planProvisioning', () => {
  describe('the plan line', () => {
    it('PLAN with a FLAT_FEE base price: quantity 1, sales price -> base-charge override', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 450]], { request: onFile }));
      expect(plan.planId).toBe('plan-growth');
      expect(plan.unitQuantity).toBeNull();
      expect(plan.priceOverrides).toEqual([
        { featureId: null, addonId: null, baseCharge: true, price: { amount: 450, currency: 'USD' } },
      ]);
      expect(plan.warnings).toEqual([]);
    });

    it('PLAN not priced per unit with quantity 2 -> BAD_USER_INPUT on lineItems naming the line', () => {
      const input = planningInput([[products.growthPlan(), 2, 450]], { request: onFile });
      const error = expectGatewayError(() => planProvisioning(input), 'BAD_USER_INPUT',
        { field: 'lineItems', lineItemId: input.lineItems[0].id });
      expect(error.message).toContain("(product 'Growth plan') has quantity 2");
    });

    it('PLAN priced per unit: quantity -> unitQuantity, per-unit sales price -> base-charge override', () => {
      const catalog: StiggCatalog = {
        ...demoCatalog(),
        plans: [{
          id: 'plan-team', displayName: 'Team', productId: null, pricingType: 'PAID', defaultTrialDays: null,
          prices: [usd(12, 'MONTHLY', 'PER_UNIT')], entitlements: [],
        }],
      };
      const plan = planProvisioning(planningInput([[aProduct('Team plan', 'Plan', 'plan-team'), 25, 10]], { request: onFile, catalog }));
      expect(plan.unitQuantity).toBe(25);
      expect(plan.priceOverrides).toEqual([
        { featureId: null, addonId: null, baseCharge: true, price: { amount: 10, currency: 'USD' } },
      ]);
    });

    it('CUSTOM plan with a non-zero sales price: ignored with a warning', () => {
      const plan = planProvisioning(planningInput([[products.enterprisePlan(), 1, 9000]], { request: onFile }));
      expect(plan.priceOverrides).toEqual([]);
      expect(plan.warnings).toEqual([
        "Sales price 9000 USD on 'Enterprise plan' was not sent: plan 'Enterprise' has no list price to override.",
      ]);
    });

    it('FREE plan with a zero sales price: no warning', () => {
      const plan = planProvisioning(planningInput([[products.freePlan(), 1, 0]], { request: onFile }));
      expect(plan.planId).toBe('plan-free');
      expect(plan.priceOverrides).toEqual([]);
      expect(plan.warnings).toEqual([]);
    });
  });

  describe('sales price after discount', () => {
    it('is TotalPrice ÷ Quantity', () => {
      const plan = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500, 10], [products.seats(), 10, 20, 25]], { request: onFile }));
      expect(plan.priceOverrides).toEqual([
        { featureId: null, addonId: null, baseCharge: true, price: { amount: 450, currency: 'USD' } },
        { featureId: 'feature-seats', addonId: null, baseCharge: false, price: { amount: 15, currency: 'USD' } },
      ]);
    });

    it('keeps the exact per-unit value (no rounding to cents)', () => {
      const plan = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500], [products.seats(), 3, 33.33, 0]], { request: onFile }));
      // TotalPrice 99.99 for 3 seats
      expect(plan.priceOverrides[1].price.amount).toBe(33.33);
      const odd = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500], [products.seats(), 3, 100 / 3]], { request: onFile }));
      expect(odd.priceOverrides[1].price.amount).toBe(33.3333333333);
    });
  });

  describe('ENTITLEMENT lines', () => {
    it('feature priced per unit in the plan -> billableFeatures + per-unit price override', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.seats(), 10, 18]], { request: onFile }));
      expect(plan.billableFeatures).toEqual([{ featureId: 'feature-seats', quantity: 10 }]);
      expect(plan.entitlements).toEqual([]);
      expect(plan.priceOverrides).toContainEqual(
        { featureId: 'feature-seats', addonId: null, baseCharge: false, price: { amount: 18, currency: 'USD' } });
    });

    it('feature priced by usage -> usage limit + flat-fee override at the per-unit sales price', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.apiCalls(), 200000, 0.005]], { request: onFile }));
      expect(plan.entitlements).toEqual([{ featureId: 'feature-api-calls', usageLimit: 200000, hasUnlimitedUsage: false }]);
      expect(plan.billableFeatures).toEqual([]);
      expect(plan.priceOverrides).toContainEqual(
        { featureId: 'feature-api-calls', addonId: null, baseCharge: false, price: { amount: 0.005, currency: 'USD' } });
    });

    it('unpriced NUMBER feature -> usage limit; a non-zero sales price is ignored with a warning', () => {
      const plan = planProvisioning(planningInput([[products.enterprisePlan(), 1, 0], [products.seats(), 50, 15]], { request: onFile }));
      expect(plan.entitlements).toEqual([{ featureId: 'feature-seats', usageLimit: 50, hasUnlimitedUsage: false }]);
      expect(plan.billableFeatures).toEqual([]);
      expect(plan.priceOverrides).toEqual([]);
      expect(plan.warnings).toEqual([
        "Sales price 15 USD on 'Seats' was not sent: feature 'Seats' has no price in plan 'Enterprise'.",
      ]);
    });

    it('unpriced BOOLEAN feature -> entitlement without usage limit, no warning at price 0', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.sso(), 1, 0]], { request: onFile }));
      expect(plan.entitlements).toEqual([{ featureId: 'feature-sso', usageLimit: null, hasUnlimitedUsage: false }]);
      expect(plan.warnings).toEqual([]);
    });

    it('several lines for the same feature add up (average price, with a warning)', () => {
      const seats = products.seats();
      const extra = aProduct('Extra seats', 'Entitlement', 'feature-seats');
      const plan = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500], [seats, 10, 20], [extra, 5, 14]], { request: onFile }));
      expect(plan.billableFeatures).toEqual([{ featureId: 'feature-seats', quantity: 15 }]);
      expect(plan.priceOverrides).toContainEqual(
        { featureId: 'feature-seats', addonId: null, baseCharge: false, price: { amount: 18, currency: 'USD' } });
      expect(plan.warnings).toEqual([
        "Lines for 'Seats', 'Extra seats' have different sales prices (20 USD, 14 USD); their average per-unit price 18 USD was sent.",
      ]);
    });

    it('the same feature on two lines at one price adds up without warning', () => {
      const plan = planProvisioning(planningInput(
        [[products.enterprisePlan(), 1, 0], [products.apiCalls(), 1000, 0], [products.apiCalls(), 500, 0]]));
      expect(plan.entitlements).toEqual([{ featureId: 'feature-api-calls', usageLimit: 1500, hasUnlimitedUsage: false }]);
      expect(plan.warnings).toEqual([]);
    });
  });

  describe('credit lines', () => {
    it("ENTITLEMENT -> custom currency: credits per MONTH priced at the TotalPrice, sent as the plan's credits charge override (per credit)", () => {
      const plan = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500], [products.apiCredits(), 1000, 0.5, 10]], { request: invoice }));
      expect(plan.creditEntitlements).toEqual([
        { currencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH', price: { amount: 450, currency: 'USD' } },
      ]);
      expect(plan.priceOverrides).toContainEqual(
        { featureId: null, addonId: null, baseCharge: false, currencyId: 'currency-api-credits', price: { amount: 0.45, currency: 'USD' } });
      expect(plan.entitlements).toEqual([]);
      expect(plan.warnings).toEqual([]);
    });

    it('CREDIT_ENTITLEMENT -> custom currency the plan has no credits charge for: provisioned without the price, and a warning says why', () => {
      const plan = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500], [products.testCredits(), 250, 2]], { request: onFile }));
      expect(plan.creditEntitlements).toEqual([{ currencyId: 'cred-type-test', amount: 250, cadence: 'MONTH', price: null }]);
      expect(plan.priceOverrides.some((o) => o.currencyId)).toBe(false);
      expect(plan.warnings).toEqual([
        "Price 500 USD on credit entitlement 'cred-type-test' was not sent: plan 'Growth' has no credits charge for it in Stigg, "
        + 'so Stigg cannot bill it (add a credits charge to the plan, or bill the credits outside Stigg).',
      ]);
    });

    it('no credit price when the TotalPrice is zero', () => {
      const plan = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500], [products.apiCredits(), 1000, 0]], { request: onFile }));
      expect(plan.creditEntitlements).toEqual([{ currencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH', price: null }]);
    });

    it('no credit price with NONE: a warning instead', () => {
      const plan = planProvisioning(planningInput([[products.enterprisePlan(), 1, 0], [products.apiCredits(), 1000, 0.5]]));
      expect(plan.creditEntitlements).toEqual([{ currencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH', price: null }]);
      expect(plan.warnings).toEqual(["Total price 500 USD on 'API credits' was not sent: billing is handled outside Stigg."]);
    });
  });

  describe('input credit entitlements', () => {
    const lines = (): LineSpec[] => [[products.growthPlan(), 1, 500], [products.apiCredits(), 1000, 0.5]];

    it('replace the line item entry for the same currency and add new ones', () => {
      const request = aRequest({
        paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE',
        creditEntitlements: [
          { customCurrencyId: 'currency-api-credits', amount: 5000, cadence: 'YEAR', price: { amount: 900, currency: 'usd' } },
          { customCurrencyId: 'cred-type-test', amount: 10, cadence: 'MONTH', price: null },
        ],
      });
      const plan = planProvisioning(planningInput(lines(), { request }));
      expect(plan.creditEntitlements).toEqual([
        { currencyId: 'cred-type-test', amount: 10, cadence: 'MONTH', price: null },
        { currencyId: 'currency-api-credits', amount: 5000, cadence: 'YEAR', price: { amount: 900, currency: 'USD' } },
      ]);
    });

    it('a currency not in the catalog -> BAD_USER_INPUT on creditEntitlements[i].customCurrencyId', () => {
      const request = aRequest({
        creditEntitlements: [
          { customCurrencyId: 'cred-type-test', amount: 10, cadence: 'MONTH', price: null },
          { customCurrencyId: 'feature-seats', amount: 10, cadence: 'MONTH', price: null },
        ],
      });
      expectGatewayError(() => planProvisioning(planningInput(lines(), { request })),
        'BAD_USER_INPUT', { field: 'creditEntitlements[1].customCurrencyId' });
    });

    it.each([0, -5])('amount %d -> BAD_USER_INPUT on creditEntitlements[0].amount', (amount) => {
      const request = aRequest({ creditEntitlements: [{ customCurrencyId: 'cred-type-test', amount, cadence: 'MONTH', price: null }] });
      expectGatewayError(() => planProvisioning(planningInput(lines(), { request })),
        'BAD_USER_INPUT', { field: 'creditEntitlements[0].amount' });
    });

    it('the same currency twice -> BAD_USER_INPUT', () => {
      const entry = { customCurrencyId: 'cred-type-test', amount: 10, cadence: 'MONTH' as const, price: null };
      const request = aRequest({ creditEntitlements: [entry, entry] });
      expectGatewayError(() => planProvisioning(planningInput(lines(), { request })),
        'BAD_USER_INPUT', { field: 'creditEntitlements[1].customCurrencyId' });
    });

    it('a price in another currency -> BAD_USER_INPUT on creditEntitlements[0].price.currency', () => {
      const request = aRequest({
        paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE',
        creditEntitlements: [{ customCurrencyId: 'cred-type-test', amount: 10, cadence: 'MONTH', price: { amount: 5, currency: 'EUR' } }],
      });
      expectGatewayError(() => planProvisioning(planningInput(lines(), { request })),
        'BAD_USER_INPUT', { field: 'creditEntitlements[0].price.currency' });
    });

    it('with NONE the price is not sent: a warning instead', () => {
      const request = aRequest({
        creditEntitlements: [{ customCurrencyId: 'cred-type-test', amount: 10, cadence: 'MONTH', price: { amount: 5, currency: 'USD' } }],
      });
      const plan = planProvisioning(planningInput([[products.enterprisePlan(), 1, 0]], { request }));
      expect(plan.creditEntitlements).toEqual([{ currencyId: 'cred-type-test', amount: 10, cadence: 'MONTH', price: null }]);
      expect(plan.warnings).toEqual(["Price 5 USD on credit entitlement 'cred-type-test' was not sent: billing is handled outside Stigg."]);
    });
  });

  describe('ADDON lines', () => {
    it('-> add-on quantity + add-on price override', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.ssoAddon(), 2, 120]], { request: onFile }));
      expect(plan.addons).toEqual([{ addonId: 'addon-sso', quantity: 2 }]);
      expect(plan.priceOverrides).toContainEqual(
        { featureId: null, addonId: 'addon-sso', baseCharge: false, price: { amount: 120, currency: 'USD' } });
    });

    it('an unpriced add-on: the sales price is ignored with a warning', () => {
      const catalog = { ...demoCatalog(), addons: [{ id: 'addon-sso', displayName: 'SSO', prices: [] }] };
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.ssoAddon(), 1, 120]], { request: onFile, catalog }));
      expect(plan.addons).toEqual([{ addonId: 'addon-sso', quantity: 1 }]);
      expect(plan.priceOverrides.filter((o) => o.addonId)).toEqual([]);
      expect(plan.warnings).toEqual(["Sales price 120 USD on 'SSO add-on' was not sent: add-on 'SSO' has no price."]);
    });

    it('a fractional add-on quantity -> BAD_USER_INPUT on lineItems', () => {
      expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.ssoAddon(), 1.5, 100]])),
        'BAD_USER_INPUT', { field: 'lineItems' });
    });
  });

  describe('lines the planner cannot use', () => {
    it('a product without Stigg Type is skipped with a warning naming it and its sales price', () => {
      const plan = planProvisioning(planningInput(
        [[products.growthPlan(), 1, 500], [products.onboarding(), 1, 1000]], { request: onFile }));
      expect(plan.warnings).toEqual(["Product 'Onboarding services' (sales price 1000 USD) has no Stigg Type and was skipped."]);
    });

    it('a free product without Stigg Type: the warning has no price', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.onboarding(), 1, 0]], { request: onFile }));
      expect(plan.warnings).toEqual(["Product 'Onboarding services' has no Stigg Type and was skipped."]);
    });

    it('a mapping that is not VALID -> PRODUCT_MAPPING_INVALID naming each product', () => {
      const legacy = aProduct('Legacy analytics', 'Entitlement', 'feature-legacy-analytics');
      const wrong = aProduct('Seats as plan', 'Plan', 'feature-seats');
      const input = planningInput([[products.growthPlan(), 1, 500], [legacy, 1, 0], [wrong, 1, 0], [legacy, 2, 0]]);
      const error = expectGatewayError(() => planProvisioning(input), 'PRODUCT_MAPPING_INVALID');
      expect(error.message).toContain("'Legacy analytics'");
      expect(error.message).toContain("'Seats as plan'");
      expect(error.extensions.products).toEqual([
        { productId: legacy.id, productName: 'Legacy analytics', status: 'UNKNOWN_STIGG_ID', problem: expect.stringContaining('Fix the Stigg ID') },
        { productId: wrong.id, productName: 'Seats as plan', status: 'WRONG_KIND', problem: expect.stringContaining('is a feature') },
      ]);
    });

    it('an inactive product -> PRODUCT_MAPPING_INVALID with status INACTIVE_PRODUCT', () => {
      const inactive = aProduct('Old seats', 'Entitlement', 'feature-seats', { isActive: false });
      const error = expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500], [inactive, 1, 0]])),
        'PRODUCT_MAPPING_INVALID');
      expect(error.extensions.products).toEqual([expect.objectContaining({ status: 'INACTIVE_PRODUCT' })]);
    });

    it('a line whose product was not read -> NOT_FOUND', () => {
      const input = planningInput([[products.growthPlan(), 1, 500]]);
      expectGatewayError(() => planProvisioning({ ...input, products: [] }), 'NOT_FOUND');
    });

    it('a negative quantity -> BAD_USER_INPUT on lineItems', () => {
      expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.seats(), -2, 20]])),
        'BAD_USER_INPUT', { field: 'lineItems' });
    });
  });

  describe('exactly one plan', () => {
    it('no PLAN line -> PLAN_MISSING', () => {
      expectGatewayError(() => planProvisioning(planningInput([[products.seats(), 10, 20]])), 'PLAN_MISSING');
    });

    it('PLAN lines for several plans -> MULTIPLE_PLANS naming them', () => {
      const error = expectGatewayError(
        () => planProvisioning(planningInput([[products.growthPlan(), 1, 500], [products.enterprisePlan(), 1, 0]])),
        'MULTIPLE_PLANS', { planIds: ['plan-enterprise', 'plan-growth'] });
      expect(error.message).toContain("'plan-growth' ('Growth plan')");
      expect(error.message).toContain("'plan-enterprise' ('Enterprise plan')");
    });
  });

  describe('payment collection', () => {
    it('NONE: no price override; every non-zero sales price becomes a warning naming the product', () => {
      const plan = planProvisioning(planningInput([
        [products.growthPlan(), 1, 450], [products.seats(), 10, 20], [products.ssoAddon(), 1, 0], [products.apiCalls(), 1000, 0.01],
      ]));
      expect(plan.paymentCollectionMethod).toBe('NONE');
      expect(plan.priceOverrides).toEqual([]);
      expect(plan.warnings).toEqual([
        "Sales price 450 USD on 'Growth plan' was not sent: billing is handled outside Stigg.",
        // features in id order
        "Sales price 0.01 USD on 'API calls' was not sent: billing is handled outside Stigg.",
        "Sales price 20 USD on 'Seats' was not sent: billing is handled outside Stigg.",
      ]);
    });

    it('NONE: the billing period is the request\'s or null', () => {
      expect(planProvisioning(planningInput([[products.enterprisePlan(), 1, 0]])).billingPeriod).toBeNull();
      const annual = aRequest({ billingPeriod: 'ANNUALLY' });
      expect(planProvisioning(planningInput([[products.enterprisePlan(), 1, 0]], { request: annual })).billingPeriod).toBe('ANNUALLY');
    });

    it('NONE on a PAID plan (a trial, or billing outside Stigg): the billing period still defaults to MONTHLY, which Stigg needs for a priced plan', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 0]]));
      expect(plan.paymentCollectionMethod).toBe('NONE');
      expect(plan.billingPeriod).toBe('MONTHLY');
    });

    it('paid: the billing period defaults to MONTHLY', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500]], { request: invoice }));
      expect(plan.paymentCollectionMethod).toBe('INVOICE');
      expect(plan.billingPeriod).toBe('MONTHLY');
    });

    it('paid ANNUALLY: prices are looked up in the annual period, falling back to MONTHLY ones', () => {
      const request = aRequest({ paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE', billingPeriod: 'ANNUALLY' });
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 4800], [products.seats(), 10, 200]], { request }));
      expect(plan.billingPeriod).toBe('ANNUALLY');
      expect(plan.billableFeatures).toEqual([{ featureId: 'feature-seats', quantity: 10 }]);
      expect(plan.priceOverrides.map((o) => o.price.amount)).toEqual([4800, 200]);
    });

    it('a zero sales price is sent when Stigg collects payment (a 100% discount is a price)', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500, 100]], { request: onFile }));
      expect(plan.priceOverrides).toEqual([{ featureId: null, addonId: null, baseCharge: true, price: { amount: 0, currency: 'USD' } }]);
    });

    it("money is in the opportunity's currency, else the default currency", () => {
      const eur = planProvisioning(planningInput([[products.growthPlan(), 1, 400]], { request: onFile, opportunity: anOpportunity({ currency: 'EUR' }) }));
      expect(eur.currency).toBe('EUR');
      expect(eur.priceOverrides[0].price.currency).toBe('EUR');
      const fallback = planProvisioning(planningInput([[products.growthPlan(), 1, 400]],
        { request: onFile, opportunity: anOpportunity({ currency: '' }), defaultCurrency: 'GBP' }));
      expect(fallback.currency).toBe('GBP');
    });

    it("a currency Stigg's Currency enum lacks (HUF) -> BAD_USER_INPUT on opportunityId when Stigg collects payment; NONE sends no money, so it plans", () => {
      const huf = anOpportunity({ currency: 'HUF' });
      const error = expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 400]], { request: onFile, opportunity: huf })),
        'BAD_USER_INPUT', { field: 'opportunityId' });
      expect(error.message).toContain('HUF');
      expect(planProvisioning(planningInput([[products.growthPlan(), 1, 0]], { opportunity: huf })).currency).toBe('HUF');
    });
  });

  describe('trials', () => {
    it('non-trial: skipTrial true, isTrial false', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500]]));
      expect(plan).toMatchObject({ kind: 'SUBSCRIPTION', isTrial: false, skipTrial: true, trialEndDate: null, trialEndBehavior: null });
    });

    it("kind TRIAL without end date: now + the plan's default trial days", () => {
      const request = aRequest({ kind: 'TRIAL', trial: { endDate: null, endBehavior: 'CONVERT_TO_PAID' } });
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500]], { request }));
      expect(plan).toMatchObject({ kind: 'TRIAL', isTrial: true, skipTrial: false, trialEndBehavior: 'CONVERT_TO_PAID' });
      expect(plan.trialEndDate).toEqual(new Date(NOW.getTime() + 14 * DAY));
      expect(plan.subscriptionId).toBe(`sub-${OPPORTUNITY_ID}-trial`);
    });

    it('a SUBSCRIPTION with trial: the requested end date', () => {
      const endDate = new Date('2026-03-01T00:00:00Z');
      const request = aRequest({ trial: { endDate, endBehavior: null } });
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500]], { request }));
      expect(plan).toMatchObject({ kind: 'SUBSCRIPTION', isTrial: true, skipTrial: false, trialEndDate: endDate, trialEndBehavior: null });
      expect(plan.subscriptionId).toBe(`sub-${OPPORTUNITY_ID}`);
    });

    it('an end date in the past -> BAD_USER_INPUT on trialEndDate (kind TRIAL)', () => {
      const request = aRequest({ kind: 'TRIAL', trial: { endDate: new Date(NOW.getTime() - DAY), endBehavior: null } });
      expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500]], { request })),
        'BAD_USER_INPUT', { field: 'trialEndDate' });
    });

    it('an end date of now -> BAD_USER_INPUT on trial.endDate (kind SUBSCRIPTION)', () => {
      const request = aRequest({ trial: { endDate: new Date(NOW), endBehavior: null } });
      expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500]], { request })),
        'BAD_USER_INPUT', { field: 'trial.endDate' });
    });

    it('no end date and no default trial -> BAD_USER_INPUT on trialEndDate', () => {
      const request = aRequest({ kind: 'TRIAL', trial: null });
      expectGatewayError(() => planProvisioning(planningInput([[products.enterprisePlan(), 1, 0]], { request })),
        'BAD_USER_INPUT', { field: 'trialEndDate' });
    });
  });

  describe('billing email', () => {
    const lines = (): LineSpec[] => [[products.growthPlan(), 1, 500]];

    it("INVOICE: the requested email, in the Contact's spelling", () => {
      const plan = planProvisioning(planningInput(lines(), { request: aRequest({ paymentCollectionMethod: 'INVOICE', billingEmail: ' BILLING@acme.example ' }) }));
      expect(plan.billingEmail).toBe('Billing@Acme.example');
    });

    it("INVOICE: else the existing Stigg customer's email", () => {
      const plan = planProvisioning(planningInput(lines(), {
        request: aRequest({ paymentCollectionMethod: 'INVOICE' }),
        existingCustomer: { id: 'cus-1', name: 'Acme', email: 'billing@acme.example', salesforceId: ACCOUNT_ID, hasPaymentMethod: false },
      }));
      expect(plan.billingEmail).toBe('Billing@Acme.example');
    });

    it("INVOICE: else the primary contact's email", () => {
      const plan = planProvisioning(planningInput(lines(), { request: aRequest({ paymentCollectionMethod: 'INVOICE' }) }));
      expect(plan.billingEmail).toBe('ceo@acme.example');
    });

    it('INVOICE with no email at all -> BILLING_EMAIL_REQUIRED', () => {
      expectGatewayError(() => planProvisioning(planningInput(lines(), {
        request: aRequest({ paymentCollectionMethod: 'INVOICE' }), primaryContactEmail: null,
      })), 'BILLING_EMAIL_REQUIRED');
    });

    it('INVOICE with a requested email that is no Contact -> BILLING_EMAIL_NOT_A_CONTACT on billingEmail', () => {
      expectGatewayError(() => planProvisioning(planningInput(lines(), {
        request: aRequest({ paymentCollectionMethod: 'INVOICE', billingEmail: 'someone@else.example' }),
      })), 'BILLING_EMAIL_NOT_A_CONTACT', { field: 'billingEmail' });
    });

    it("INVOICE with a customer's email that is no Contact -> BILLING_EMAIL_NOT_A_CONTACT without field", () => {
      const error = expectGatewayError(() => planProvisioning(planningInput(lines(), {
        request: aRequest({ paymentCollectionMethod: 'INVOICE' }),
        existingCustomer: { id: 'cus-1', name: 'Acme', email: 'old@acme.example', salesforceId: null, hasPaymentMethod: false },
      })), 'BILLING_EMAIL_NOT_A_CONTACT');
      expect(error.extensions.field).toBeUndefined();
    });

    it('another method with a requested email that is no Contact -> BILLING_EMAIL_NOT_A_CONTACT', () => {
      expectGatewayError(() => planProvisioning(planningInput(lines(), {
        request: aRequest({ paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE', billingEmail: 'someone@else.example' }),
      })), 'BILLING_EMAIL_NOT_A_CONTACT', { field: 'billingEmail' });
    });

    it('NONE without a requested email: the primary contact email, unchecked, and none is fine', () => {
      expect(planProvisioning(planningInput(lines(), { primaryContactEmail: 'partner@agency.example' })).billingEmail)
        .toBe('partner@agency.example');
      expect(planProvisioning(planningInput(lines(), { primaryContactEmail: null })).billingEmail).toBeNull();
    });
  });

  describe('opportunity and customer', () => {
    it('an opportunity not won -> OPPORTUNITY_NOT_WON', () => {
      expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500]], {
        opportunity: anOpportunity({ isWon: false, isClosed: false, stageName: 'Negotiation' }),
      })), 'OPPORTUNITY_NOT_WON');
    });

    it('a trial of an opportunity not won -> OPPORTUNITY_NOT_WON', () => {
      expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500]], {
        request: aRequest({ kind: 'TRIAL' }), opportunity: anOpportunity({ isWon: false, stageName: 'Closed Lost', isClosed: true }),
      })), 'OPPORTUNITY_NOT_WON');
    });

    it('an opportunity without account -> BAD_USER_INPUT on opportunityId', () => {
      expectGatewayError(() => planProvisioning(planningInput([[products.growthPlan(), 1, 500]], {
        opportunity: anOpportunity({ accountId: null }), account: null,
      })), 'BAD_USER_INPUT', { field: 'opportunityId' });
    });

    it('a new customer: the Account id, customerExists false', () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500]]));
      expect(plan).toMatchObject({
        opportunityId: OPPORTUNITY_ID, accountId: ACCOUNT_ID, customerId: ACCOUNT_ID, customerExists: false,
        customerName: 'Acme Corp', subscriptionId: `sub-${OPPORTUNITY_ID}`, resourceId: null,
      });
    });

    it("the Account's Stigg customer id wins", () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500]], {
        account: anAccount({ stiggCustomerId: 'customer-acme' }),
        existingCustomer: { id: 'other', name: null, email: null, salesforceId: null, hasPaymentMethod: false },
      }));
      expect(plan).toMatchObject({ customerId: 'customer-acme', customerExists: true });
    });

    it("else the existing Stigg customer's id", () => {
      const plan = planProvisioning(planningInput([[products.growthPlan(), 1, 500]], {
        existingCustomer: { id: 'customer-from-stigg', name: null, email: null, salesforceId: ACCOUNT_ID, hasPaymentMethod: true },
      }));
      expect(plan).toMatchObject({ customerId: 'customer-from-stigg', customerExists: true });
    });
  });

  it('is deterministic: the order of line items does not matter', () => {
    const specs = [
      [products.growthPlan(), 1, 500], [products.seats(), 10, 20], [products.apiCalls(), 1000, 0.01],
      [products.ssoAddon(), 1, 150], [products.sso(), 1, 0], [products.apiCredits(), 100, 1], [products.testCredits(), 5, 0],
    ] as LineSpec[];
    const input = planningInput(specs, { request: onFile });
    const reversed = { ...input, lineItems: [...input.lineItems].reverse(), products: [...input.products].reverse() };
    const plan = planProvisioning(input);
    expect(planProvisioning(reversed)).toEqual(plan);
    expect(plan.creditEntitlements.map((c) => c.currencyId)).toEqual(['cred-type-test', 'currency-api-credits']);
    expect(plan.entitlements.map((e) => e.featureId)).toEqual(['feature-api-calls', 'feature-sso']);
    expect(plan.priceOverrides.map((o) => o.baseCharge ? 'base' : o.currencyId ?? o.addonId ?? o.featureId))
      .toEqual(['base', 'addon-sso', 'feature-api-calls', 'feature-seats', 'currency-api-credits']);
  });
});
