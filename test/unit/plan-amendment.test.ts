/**
 * The amendment planner: an amendment's line items are the subscription's new full state (the
 * provisioning planner's plan, unchanged); what it changes is the diff against Stigg's
 * subscription, named as the API's SubscriptionChange describes; renewals and downgrades wait for
 * the end of the billing period; ended subscriptions and other accounts' subscriptions are refused.
 */
import { planProvisioning } from '../../src/services/provisioning/planner/plan-provisioning';
import { planAmendment, AmendmentInput } from '../../src/services/provisioning/planner/plan-amendment';
import { isPlanDowngrade } from '../../src/services/provisioning/planner/plan-downgrade';
import { Subscription } from '../../src/domain/stigg-entities';
import { demoCatalog } from './fixtures/demo-catalog';
import { expectGatewayError } from './fixtures/expect-gateway-error';
import { aRequest, LineSpec, planningInput } from './fixtures/planning-input';
import { ACCOUNT_ID, products } from './fixtures/salesforce-records';

const PERIOD_END = new Date('2026-03-01T00:00:00.000Z');

function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub-original', customerId: ACCOUNT_ID, planId: 'plan-growth', status: 'ACTIVE', billingPeriod: 'MONTHLY',
    paymentCollectionMethod: 'NONE', isTrial: false, trialEndDate: null, trialEndBehavior: null, startDate: null, resourceId: null,
    unitQuantity: null, addons: [], billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }], entitlements: [], creditEntitlements: [],
    priceOverrides: [], checkoutUrl: null, salesforceId: '006000000000001AAA', cancellationDate: null, scheduledChanges: [],
    endDate: null, currentBillingPeriodEnd: PERIOD_END, ...overrides,
  };
}

function amendment(lines: LineSpec[], overrides: Partial<AmendmentInput> = {}) {
  return planAmendment({
    target: planProvisioning(planningInput(lines)),
    current: aSubscription(),
    currentCustomerSalesforceId: ACCOUNT_ID,
    opportunityType: 'Existing Customer - Upgrade',
    renewalType: 'Renewal',
    catalog: demoCatalog(),
    ...overrides,
  });
}

describe('what an amendment changes', () => {
  it('more seats: one change of the billable feature, applied now with updateOneSubscription on the same subscription', () => {
    const plan = amendment([[products.growthPlan(), 1, 0], [products.seats(), 12, 0]]);
    expect(plan).toMatchObject({ kind: 'AMENDMENT', action: 'UPDATE', subscriptionId: 'sub-original', amendedSubscriptionId: 'sub-original', expectScheduled: false, scheduleStrategy: null });
    expect(plan.changes).toEqual([{ field: 'billableFeatures.feature-seats', before: '5', after: '12' }]);
  });

  it('an add-on added, and a product absent from the new state removed', () => {
    const plan = amendment([[products.growthPlan(), 1, 0], [products.ssoAddon(), 1, 0]]);
    expect(plan.changes).toEqual([
      { field: 'addons.addon-sso', before: null, after: '1' },
      { field: 'billableFeatures.feature-seats', before: '5', after: null },
    ]);
  });

  it('the same terms change nothing (NONE)', () => {
    const plan = amendment([[products.growthPlan(), 1, 0], [products.seats(), 5, 0]]);
    expect(plan).toMatchObject({ action: 'NONE', changes: [], expectScheduled: false, expectedEffectiveAt: null });
  });

  it('another plan is a PLAN_CHANGE onto the amendment\'s own subscription id; an upgrade applies now', () => {
    const plan = amendment([[products.enterprisePlan(), 1, 0]]);
    expect(plan).toMatchObject({ action: 'PLAN_CHANGE', expectScheduled: false });
    expect(plan.subscriptionId).toMatch(/^sub-006/);
    expect(plan.changes[0]).toEqual({ field: 'planId', before: 'plan-growth', after: 'plan-enterprise' });
  });

  it('a downgrade is expected at the end of the current billing period', () => {
    const plan = amendment([[products.freePlan(), 1, 0]]);
    expect(plan).toMatchObject({ action: 'PLAN_CHANGE', expectScheduled: true, expectedEffectiveAt: PERIOD_END.toISOString() });
  });
});

describe('prices, where Stigg collects payment', () => {
  const invoiced = (lines: LineSpec[]) => planAmendment({
    target: planProvisioning(planningInput(lines, { request: aRequest({ paymentCollectionMethod: 'INVOICE' }) })),
    current: aSubscription({ paymentCollectionMethod: 'INVOICE' }),
    currentCustomerSalesforceId: ACCOUNT_ID,
    opportunityType: null,
    renewalType: 'Renewal',
    catalog: demoCatalog(),
  });

  it('a sales price at the catalog\'s list price is no change (Stigg reads it back as no override)', () => {
    expect(invoiced([[products.growthPlan(), 1, 500], [products.seats(), 5, 20]])).toMatchObject({ action: 'NONE', changes: [] });
  });

  it('a sales price below the list price is a price override change', () => {
    expect(invoiced([[products.growthPlan(), 1, 450], [products.seats(), 5, 20]]).changes).toEqual([{ field: 'priceOverrides.base', before: null, after: '450 USD' }]);
  });
});

describe('renewals (Type = SF_RENEWAL_TYPE)', () => {
  it('with the same terms: nothing to send', () => {
    const plan = amendment([[products.growthPlan(), 1, 0], [products.seats(), 5, 0]], { opportunityType: 'renewal' });
    expect(plan).toMatchObject({ renewal: true, action: 'NONE', scheduleStrategy: null, expectScheduled: false });
  });

  it('with changed terms: END_OF_BILLING_PERIOD, effective at the end of the current period', () => {
    const plan = amendment([[products.growthPlan(), 1, 0], [products.seats(), 25, 0]], { opportunityType: 'Renewal' });
    expect(plan).toMatchObject({ renewal: true, action: 'UPDATE', scheduleStrategy: 'END_OF_BILLING_PERIOD', expectScheduled: true, expectedEffectiveAt: PERIOD_END.toISOString() });
  });
});

describe('refusals', () => {
  it.each(['CANCELED', 'EXPIRED'] as const)('a %s subscription is SUBSCRIPTION_ALREADY_CANCELED', (status) => {
    expectGatewayError(() => amendment([[products.growthPlan(), 1, 0]], { current: aSubscription({ status }) }), 'SUBSCRIPTION_ALREADY_CANCELED', { field: 'subscriptionId' });
  });

  it('a subscription of another account\'s customer is AMENDMENT_ACCOUNT_MISMATCH', () => {
    expectGatewayError(() => amendment([[products.growthPlan(), 1, 0]], {
      current: aSubscription({ customerId: 'customer-someone-else' }), currentCustomerSalesforceId: '001000000000099AAA',
    }), 'AMENDMENT_ACCOUNT_MISMATCH', { field: 'subscriptionId' });
  });

  it('a customer whose id is not the account id but whose salesforceId is the account is the same customer', () => {
    const plan = amendment([[products.growthPlan(), 1, 0], [products.seats(), 6, 0]], {
      current: aSubscription({ customerId: 'customer-acme' }), currentCustomerSalesforceId: ACCOUNT_ID,
    });
    expect(plan.action).toBe('UPDATE');
  });
});

describe('isPlanDowngrade', () => {
  it('PAID to FREE is a downgrade; to a CUSTOM plan or the same plan is not; from a FREE plan never', () => {
    const catalog = demoCatalog();
    expect(isPlanDowngrade(catalog, 'plan-growth', 'plan-free', 'MONTHLY')).toBe(true);
    expect(isPlanDowngrade(catalog, 'plan-growth', 'plan-enterprise', 'MONTHLY')).toBe(false);
    expect(isPlanDowngrade(catalog, 'plan-growth', 'plan-growth', 'MONTHLY')).toBe(false);
    expect(isPlanDowngrade(catalog, 'plan-free', 'plan-growth', 'MONTHLY')).toBe(false);
  });
});
