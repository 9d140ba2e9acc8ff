/**
 * Reconciliation's pure parts: a term drift's kind from the amendment diff's field names, the
 * term drifts of an opportunity's provisioning plan against its subscription (both values, the
 * planner's rules), which deal of a subscription counts now (amendments), the fixed order of one
 * opportunity's findings (pages resume inside it), SUBSCRIPTION_WITHOUT_OPPORTUNITY, and cursors.
 */
import { planProvisioning } from '../../src/services/provisioning/planner/plan-provisioning';
import { Subscription } from '../../src/domain/stigg-entities';
import { driftKindOfTerm } from '../../src/services/reconciliation/term-drift-kind';
import { termDrifts } from '../../src/services/reconciliation/term-drifts';
import { currentDeal } from '../../src/services/reconciliation/current-deal';
import { opportunityDrifts } from '../../src/services/reconciliation/opportunity-drifts';
import { subscriptionWithoutOpportunity } from '../../src/services/reconciliation/subscription-drifts';
import { decodeReconciliationCursor, encodeReconciliationCursor } from '../../src/services/reconciliation/reconciliation-cursor';
import { GatewayError } from '../../src/errors/gateway-error';
import { demoCatalog } from './fixtures/demo-catalog';
import { aRequest, planningInput } from './fixtures/planning-input';
import { ACCOUNT_ID, OPPORTUNITY_ID, anAccount, anOpportunity, fakeId, products } from './fixtures/salesforce-records';

const FIELDS = { stiggType: 'Stigg_Type__c', stiggId: 'Stigg_ID__c', subscriptionId: 'Stigg_Subscription_Id__c', provisioningStatus: 'Stigg_Provisioning_Status__c', customerId: 'Stigg_Customer_Id__c' };

function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub-1', customerId: ACCOUNT_ID, planId: 'plan-growth', status: 'ACTIVE', billingPeriod: 'MONTHLY',
    paymentCollectionMethod: 'NONE', isTrial: false, trialEndDate: null, trialEndBehavior: null, startDate: null, resourceId: null,
    unitQuantity: null, addons: [], billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }], entitlements: [], creditEntitlements: [],
    priceOverrides: [], checkoutUrl: null, salesforceId: OPPORTUNITY_ID, cancellationDate: null, scheduledChanges: [],
    endDate: null, currentBillingPeriodEnd: null, ...overrides,
  };
}

describe('the kind of a term drift', () => {
  it.each([
    ['planId', 'PLAN_MISMATCH'], ['billingPeriod', 'PLAN_MISMATCH'],
    ['unitQuantity', 'QUANTITY_MISMATCH'], ['billableFeatures.feature-seats', 'QUANTITY_MISMATCH'], ['entitlements.feature-api', 'QUANTITY_MISMATCH'],
    ['addons.addon-sso', 'ADDON_MISMATCH'], ['creditEntitlements.cur-credits', 'CREDIT_MISMATCH'],
    ['priceOverrides.base', 'PRICE_MISMATCH'], ['priceOverrides.feature-seats', 'PRICE_MISMATCH'],
  ])('%s is %s', (field, kind) => {
    expect(driftKindOfTerm(field)).toBe(kind);
  });
});

describe('term drifts', () => {
  const catalog = demoCatalog();
  const plan = (lines: Parameters<typeof planningInput>[0], request = aRequest()) => planProvisioning(planningInput(lines, { request }));

  it('none when the line items plan what Stigg has', () => {
    const drifts = termDrifts({ opportunityId: OPPORTUNITY_ID, subscription: aSubscription(), catalog, plan: plan([[products.growthPlan(), 1, 0], [products.seats(), 5, 0]]), planError: null });
    expect(drifts).toEqual([]);
  });

  it('seats edited and an add-on sold but not in Stigg: one drift each, Salesforce value from the plan, Stigg value from the subscription', () => {
    const drifts = termDrifts({
      opportunityId: OPPORTUNITY_ID, subscription: aSubscription(), catalog, planError: null,
      plan: plan([[products.growthPlan(), 1, 0], [products.seats(), 8, 0], [products.ssoAddon(), 1, 0]]),
    });
    expect(drifts.map(({ kind, field, salesforceValue, stiggValue, subscriptionId, opportunityId }) => ({ kind, field, salesforceValue, stiggValue, subscriptionId, opportunityId }))).toEqual([
      { kind: 'ADDON_MISMATCH', field: 'addons.addon-sso', salesforceValue: '1', stiggValue: null, subscriptionId: 'sub-1', opportunityId: OPPORTUNITY_ID },
      { kind: 'QUANTITY_MISMATCH', field: 'billableFeatures.feature-seats', salesforceValue: '8', stiggValue: '5', subscriptionId: 'sub-1', opportunityId: OPPORTUNITY_ID },
    ]);
  });

  it('the negotiated price Stigg has is no drift; another sales price is a PRICE_MISMATCH', () => {
    const request = aRequest({ paymentCollectionMethod: 'INVOICE' });
    const sold = plan([[products.growthPlan(), 1, 100], [products.seats(), 5, 0]], request);
    const invoiced = aSubscription({ paymentCollectionMethod: 'INVOICE', priceOverrides: sold.priceOverrides });
    expect(termDrifts({ opportunityId: OPPORTUNITY_ID, subscription: invoiced, catalog, plan: sold, planError: null })).toEqual([]);
    const discounted = plan([[products.growthPlan(), 1, 100, 20], [products.seats(), 5, 0]], request);
    const drifts = termDrifts({ opportunityId: OPPORTUNITY_ID, subscription: invoiced, catalog, plan: discounted, planError: null });
    expect(drifts.map((d) => d.kind)).toContain('PRICE_MISMATCH');
  });

  it('line items that make no plan any more are one PLAN_MISMATCH naming why', () => {
    const [drift] = termDrifts({
      opportunityId: OPPORTUNITY_ID, subscription: aSubscription(), catalog, plan: null,
      planError: { code: 'PLAN_MISSING', message: 'No line item maps to a Stigg plan.' },
    });
    expect(drift).toMatchObject({ kind: 'PLAN_MISMATCH', field: 'planId', salesforceValue: null, stiggValue: 'plan-growth' });
    expect(drift.message).toContain('PLAN_MISSING');
  });
});

describe('which deal of a subscription counts now', () => {
  const original = anOpportunity({ id: OPPORTUNITY_ID, closeDate: '2026-01-10', isWon: true });
  const upsell = anOpportunity({ id: fakeId('Opportunity', 2), closeDate: '2026-02-10', isWon: true, stiggSubscriptionId: 'sub-1' });

  it('the latest to close: an amendment replaces the original deal', () => {
    expect(currentDeal(aSubscription(), [original, upsell])?.id).toBe(upsell.id);
  });

  it('on the same day an amendment before the original deal; a lost amendment never counts', () => {
    expect(currentDeal(aSubscription(), [original, { ...upsell, closeDate: '2026-01-10' }])?.id).toBe(upsell.id);
    expect(currentDeal(aSubscription(), [original, { ...upsell, isWon: false, isClosed: true }])?.id).toBe(original.id);
  });
});

describe("one opportunity's findings", () => {
  const opportunity = anOpportunity({ id: OPPORTUNITY_ID, stiggSubscriptionId: null, isWon: true });
  const base = {
    opportunity, account: anAccount({ stiggCustomerId: 'cus-old' }), subscription: aSubscription(), subscriptionFieldStale: true,
    customer: { id: ACCOUNT_ID } as never, customerFieldStale: true,
    mirror: { current: { stigg_subscription_status__c: 'CANCELED' }, changed: { Stigg_Subscription_Status__c: 'ACTIVE' } },
    terms: [{ kind: 'QUANTITY_MISMATCH' as const, opportunityId: OPPORTUNITY_ID, subscriptionId: 'sub-1', customerId: ACCOUNT_ID, field: 'unitQuantity', salesforceValue: '8', stiggValue: '5', message: 'm' }],
  };

  it('come in a fixed order: the opportunity\'s id, the account\'s id, the mirrored fields, then the terms', () => {
    const drifts = opportunityDrifts(base, FIELDS);
    expect(drifts.map((d) => [d.kind, d.field, d.salesforceValue, d.stiggValue])).toEqual([
      ['STALE_SALESFORCE_ID', 'Stigg_Subscription_Id__c', null, 'sub-1'],
      ['STALE_SALESFORCE_ID', 'Account.Stigg_Customer_Id__c', 'cus-old', ACCOUNT_ID],
      ['STATUS_NOT_SYNCED', 'Stigg_Subscription_Status__c', 'CANCELED', 'ACTIVE'],
      ['QUANTITY_MISMATCH', 'unitQuantity', '8', '5'],
    ]);
  });

  it('a won opportunity with no subscription is WON_NOT_PROVISIONED (and its id stale when it names one Stigg lacks)', () => {
    const drifts = opportunityDrifts({
      ...base, opportunity: { ...opportunity, stiggSubscriptionId: 'sub-gone' }, subscription: null, customerFieldStale: false,
      mirror: { current: {}, changed: {} }, terms: [],
    }, FIELDS);
    expect(drifts.map((d) => [d.kind, d.salesforceValue, d.stiggValue])).toEqual([['WON_NOT_PROVISIONED', null, null], ['STALE_SALESFORCE_ID', 'sub-gone', null]]);
  });
});

describe('SUBSCRIPTION_WITHOUT_OPPORTUNITY', () => {
  const won = anOpportunity({ id: OPPORTUNITY_ID, isWon: true, isClosed: true });
  it.each([
    ['no salesforceId and no opportunity naming it', aSubscription({ salesforceId: null }), null, null, true],
    ['no salesforceId, but an opportunity names it', aSubscription({ salesforceId: null }), null, won, false],
    ['a salesforceId Salesforce does not have', aSubscription(), null, null, true],
    ['a lost opportunity', aSubscription(), { ...won, isWon: false, stageName: 'Closed Lost' }, null, true],
    ['a won opportunity', aSubscription(), won, null, false],
    ['an open opportunity (a trial before the deal closes)', aSubscription(), { ...won, isWon: false, isClosed: false }, null, false],
  ])('%s', (_, subscription, named, namingIt, drift) => {
    expect(subscriptionWithoutOpportunity({ subscription, named, namingIt }) !== null).toBe(drift);
  });
});

describe('cursors', () => {
  it('round-trip, and refuse what reconciliation did not make', () => {
    for (const position of [
      { phase: 'opportunities' as const, id: null, skip: 0 }, { phase: 'opportunities' as const, id: OPPORTUNITY_ID, skip: 3 },
      { phase: 'subscriptions' as const, id: null }, { phase: 'subscriptions' as const, id: 'sub-x' },
    ]) expect(decodeReconciliationCursor(encodeReconciliationCursor(position))).toEqual(position);
    for (const bad of ['', 'xyz', Buffer.from('opp:006').toString('base64url'), Buffer.from('drift:o:nope!:1').toString('base64url')]) {
      expect(() => decodeReconciliationCursor(bad)).toThrow(GatewayError);
    }
  });
});
