/**
 * previewProvisioning is a dry run (no write in Stigg or Salesforce, no hook
 * call, no run), and every precondition fails as a GraphQL error with a stable
 * code, for previewProvisioning, provisionOpportunity and startTrial alike,
 * creating no run and writing nothing.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  HookServer, Json, OPP, PREVIEW, PROVISION, START_TRIAL, errorOf, resetCounters, writesCounted,
} from '../helpers/provisioning-helpers';

let hook: HookServer;
let stack: TestStack;

beforeAll(async () => {
  hook = await new HookServer('preview-secret').start();
  stack = await startTestStack({ PROVISIONING_HOOK_URL: hook.url, PROVISIONING_HOOK_SECRET: 'preview-secret' });
});
afterAll(async () => {
  await stack?.stop();
  await hook?.stop();
});
beforeEach(() => resetCounters(stack));

async function runCount(): Promise<number> {
  const result = await stack.graphql<Json>('{ provisioningRuns(first: 200) { edges { node { id } } } }');
  return result.body.data.provisioningRuns.edges.length;
}

describe('previewProvisioning', () => {
  it('returns the plan of each seeded recipe and writes nothing anywhere; the hook is not called', async () => {
    const inputs = [
      { opportunityId: OPP.acme },
      { opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE' },
      { opportunityId: OPP.initech, paymentCollectionMethod: 'PAYMENT_METHOD_ON_FILE' },
      { opportunityId: OPP.umbrella, creditEntitlements: [{ customCurrencyId: 'currency-api-credits', amount: 1000, cadence: 'YEAR' }] },
      { opportunityId: OPP.wayne, trial: { endBehavior: 'CANCEL_SUBSCRIPTION' } },
    ];
    const plans: Json[] = [];
    for (const input of inputs) {
      const result = await stack.graphql<Json>(PREVIEW, { input });
      expect(result.body.errors).toBeUndefined();
      plans.push(result.body.data.previewProvisioning);
    }
    expect(plans.map((p) => [p.opportunityId, p.kind, p.planId, p.paymentCollectionMethod, p.subscriptionId])).toEqual([
      [OPP.acme, 'SUBSCRIPTION', 'plan-enterprise', 'NONE', `sub-${OPP.acme}`],
      [OPP.globex, 'SUBSCRIPTION', 'plan-growth', 'INVOICE', `sub-${OPP.globex}`],
      [OPP.initech, 'SUBSCRIPTION', 'plan-growth', 'PAYMENT_METHOD_ON_FILE', `sub-${OPP.initech}`],
      [OPP.umbrella, 'SUBSCRIPTION', 'plan-enterprise', 'NONE', `sub-${OPP.umbrella}`],
      [OPP.wayne, 'TRIAL', 'plan-growth', 'NONE', `sub-${OPP.wayne}-trial`],
    ]);
    expect(plans[1]).toMatchObject({ customerId: '001Dn0000000002IAA', customerName: 'Globex', billingEmail: 'billing@globex.example' });
    expect(plans[2].customerId).toBe('customer-initech');
    expect(plans[4]).toMatchObject({ isTrial: true, trialEndBehavior: 'CANCEL_SUBSCRIPTION' });

    expect(writesCounted(stack)).toEqual({});
    expect(stack.sandbox.stigg.counters.snapshot().customers).toBeGreaterThan(0); // it did read
    expect(hook.calls).toEqual([]);
    expect(await runCount()).toBe(0);
    expect(stack.sandbox.stigg.store.subscriptions.size).toBe(0);
  });
});

describe('preconditions: GraphQL errors with a stable code, no run, no write', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['OPPORTUNITY_NOT_WON (#6 Prospecting)', { opportunityId: OPP.acmeProspecting }, { code: 'OPPORTUNITY_NOT_WON', stageName: 'Prospecting' }],
    ['OPPORTUNITY_NOT_WON (#7 Closed Lost)', { opportunityId: OPP.starkLost }, { code: 'OPPORTUNITY_NOT_WON', stageName: 'Closed Lost' }],
    ['PLAN_MISSING (#10 services only)', { opportunityId: OPP.globexServicesOnly }, { code: 'PLAN_MISSING' }],
    ['MULTIPLE_PLANS (#11)', { opportunityId: OPP.acmeTwoPlans }, { code: 'MULTIPLE_PLANS', planIds: ['plan-enterprise', 'plan-growth'] }],
    ['PRODUCT_MAPPING_INVALID (#9 unknown SKU)', { opportunityId: OPP.starkUnknownSku },
      { code: 'PRODUCT_MAPPING_INVALID', products: [expect.objectContaining({ productName: 'Legacy analytics', status: 'UNKNOWN_STIGG_ID' })] }],
    ['PRODUCT_MAPPING_INVALID (#12 inactive product)', { opportunityId: OPP.umbrellaLegacySku },
      { code: 'PRODUCT_MAPPING_INVALID', products: [expect.objectContaining({ productName: 'SSO (old SKU)', status: 'INACTIVE_PRODUCT' })] }],
    ['BILLING_EMAIL_REQUIRED (#8 Hooli, INVOICE, no email anywhere)', { opportunityId: OPP.hooli, paymentCollectionMethod: 'INVOICE' },
      { code: 'BILLING_EMAIL_REQUIRED' }],
    ['BILLING_EMAIL_NOT_A_CONTACT (#2 Globex, an email of no Contact)',
      { opportunityId: OPP.globex, paymentCollectionMethod: 'INVOICE', billingEmail: 'someone@elsewhere.example' },
      { code: 'BILLING_EMAIL_NOT_A_CONTACT', field: 'billingEmail' }],
    ['BAD_USER_INPUT: not an opportunity id', { opportunityId: '001Dn0000000001IAA' }, { code: 'BAD_USER_INPUT', field: 'opportunityId' }],
    ['BAD_USER_INPUT: not an id at all', { opportunityId: 'hello' }, { code: 'BAD_USER_INPUT', field: 'opportunityId' }],
    ['NOT_FOUND: no such opportunity', { opportunityId: '006Dn0000000999IAA' }, { code: 'NOT_FOUND', field: 'opportunityId' }],
    ['BAD_USER_INPUT: trial end in the past', { opportunityId: OPP.wayne, trial: { endDate: new Date(Date.now() - DAY).toISOString() } },
      { code: 'BAD_USER_INPUT', field: 'trial.endDate' }],
    ['BAD_USER_INPUT: negative credit amount',
      { opportunityId: OPP.umbrella, creditEntitlements: [{ customCurrencyId: 'currency-api-credits', amount: -5, cadence: 'MONTH' }] },
      { code: 'BAD_USER_INPUT', field: 'creditEntitlements[0].amount' }],
    ['BAD_USER_INPUT: unknown credit currency',
      { opportunityId: OPP.umbrella, creditEntitlements: [{ customCurrencyId: 'currency-gold', amount: 5, cadence: 'MONTH' }] },
      { code: 'BAD_USER_INPUT', field: 'creditEntitlements[0].customCurrencyId' }],
    ['BAD_USER_INPUT: billingEmail that is not an email', { opportunityId: OPP.globex, billingEmail: 'not-an-email' },
      { code: 'BAD_USER_INPUT', field: 'billingEmail' }],
  ];

  it.each(cases)('%s', async (_name, input, extensions) => {
    for (const document of [PREVIEW, PROVISION]) {
      const result = await stack.graphql<Json>(document, { input });
      expect(result.status).toBe(200);
      const error = errorOf(result);
      expect(error.extensions).toEqual(expect.objectContaining(extensions));
      expect(error.message.length).toBeGreaterThan(10);
      expect(result.body.data).toBeNull();
    }
    expect(writesCounted(stack)).toEqual({});
    expect(hook.calls).toEqual([]);
    expect(await runCount()).toBe(0);
  });

  it('startTrial: a trial end date in the past is BAD_USER_INPUT on trialEndDate; a lost deal is OPPORTUNITY_NOT_WON', async () => {
    const past = await stack.graphql<Json>(START_TRIAL, { input: { opportunityId: OPP.wayne, trialEndDate: new Date(Date.now() - 60_000).toISOString() } });
    expect(errorOf(past).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trialEndDate' });
    const lost = await stack.graphql<Json>(START_TRIAL, { input: { opportunityId: OPP.starkLost } });
    expect(errorOf(lost).extensions).toMatchObject({ code: 'OPPORTUNITY_NOT_WON' });
    expect(writesCounted(stack)).toEqual({});
    expect(await runCount()).toBe(0);
  });
});
