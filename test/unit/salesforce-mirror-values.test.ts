import { SalesforceMirrorFieldNames } from '../../src/config/gateway-config';
import { creditBalanceFields } from '../../src/config/load-config';
import { Subscription } from '../../src/domain/stigg-entities';
import { accountMirrorOf, changedFields, opportunityMirrorOf, sameMirroredValue } from '../../src/services/salesforce-mirror/mirrored-values';

const fields: SalesforceMirrorFieldNames = {
  subscriptionStatus: 'Stigg_Subscription_Status__c',
  plan: 'Stigg_Plan_Id__c',
  trialEnd: 'Stigg_Trial_End__c',
  cancellationDate: 'Stigg_Cancellation_Date__c',
  paymentFailedAt: 'Stigg_Payment_Failed_At__c',
  paymentFailure: 'Stigg_Payment_Failure__c',
  creditBalances: [{ currencyId: 'cred-type-test', field: 'Stigg_Credit_Balance__c' }],
};

const subscription = (overrides: Partial<Subscription>): Subscription => ({
  id: 'sub-1', customerId: 'cust-1', planId: 'plan-pro', status: 'ACTIVE', billingPeriod: 'MONTHLY', paymentCollectionMethod: null,
  isTrial: false, trialEndDate: null, trialEndBehavior: null, startDate: new Date('2026-01-01T00:00:00Z'), resourceId: null,
  unitQuantity: null, addons: [], billableFeatures: [], entitlements: [], creditEntitlements: [], priceOverrides: [], checkoutUrl: null,
  salesforceId: '006000000000001AAA', cancellationDate: null, endDate: null, currentBillingPeriodEnd: null, scheduledChanges: [],
  ...overrides,
});

describe('the Salesforce mirror of Stigg (pure)', () => {
  it("says Stigg's status name, the plan, the trial end and the cancellation date", () => {
    expect(opportunityMirrorOf(subscription({
      status: 'IN_TRIAL', planId: 'plan-basic', trialEndDate: new Date('2026-02-01T00:00:00Z'),
    }), fields)).toEqual({
      Stigg_Subscription_Status__c: 'IN_TRIAL', Stigg_Plan_Id__c: 'plan-basic', Stigg_Trial_End__c: '2026-02-01T00:00:00.000Z', Stigg_Cancellation_Date__c: null,
    });
    expect(opportunityMirrorOf(subscription({ status: 'CANCELED', cancellationDate: new Date('2026-03-05T10:00:00Z') }), fields))
      .toMatchObject({ Stigg_Subscription_Status__c: 'CANCELED', Stigg_Cancellation_Date__c: '2026-03-05T10:00:00.000Z' });
  });

  it('clears every field of an opportunity without a subscription', () => {
    expect(opportunityMirrorOf(null, fields)).toEqual({
      Stigg_Subscription_Status__c: null, Stigg_Plan_Id__c: null, Stigg_Trial_End__c: null, Stigg_Cancellation_Date__c: null,
    });
  });

  it('mirrors the balance of each configured currency, null when the customer holds none, nothing when none is configured', () => {
    const balances = [
      { customerId: 'cust-1', currencyId: 'cred-type-test', currentBalance: 120, totalGranted: 500, totalConsumed: 380 },
      { customerId: 'cust-1', currencyId: 'other', currentBalance: 9, totalGranted: 9, totalConsumed: 0 },
    ];
    expect(accountMirrorOf(balances, fields)).toEqual({ Stigg_Credit_Balance__c: 120 });
    expect(accountMirrorOf([], fields)).toEqual({ Stigg_Credit_Balance__c: null });
    expect(accountMirrorOf(null, fields)).toEqual({ Stigg_Credit_Balance__c: null });
    expect(accountMirrorOf(balances, { ...fields, creditBalances: [] })).toEqual({});
  });

  it("lists only the fields that differ, reading Salesforce's date-times as instants and names in any case", () => {
    const desired = opportunityMirrorOf(subscription({ status: 'CANCELED', cancellationDate: new Date('2026-03-05T10:00:00Z') }), fields);
    expect(changedFields({
      stigg_subscription_status__c: 'CANCELED', Stigg_Plan_Id__c: 'plan-pro', Stigg_Trial_End__c: null, Stigg_Cancellation_Date__c: '2026-03-05T10:00:00.000+0000',
    }, desired)).toEqual({});
    expect(changedFields({ Stigg_Subscription_Status__c: 'ACTIVE', Stigg_Plan_Id__c: 'plan-pro', Stigg_Trial_End__c: null }, desired))
      .toEqual({ Stigg_Subscription_Status__c: 'CANCELED', Stigg_Cancellation_Date__c: '2026-03-05T10:00:00.000Z' });
    expect(sameMirroredValue('', null)).toBe(true);
    expect(sameMirroredValue(120, 120)).toBe(true);
    expect(sameMirroredValue(0, null)).toBe(false);
    expect(sameMirroredValue('2026-03-05T10:00:00.000+0000', '2026-03-05T10:00:01.000Z')).toBe(false);
  });

  it('reads SF_CREDIT_BALANCE_FIELDS as currencyId:Field pairs', () => {
    expect(creditBalanceFields('cred-type-test:Stigg_Credit_Balance__c, tokens:Tokens__c')).toEqual([
      { currencyId: 'cred-type-test', field: 'Stigg_Credit_Balance__c' }, { currencyId: 'tokens', field: 'Tokens__c' },
    ]);
    expect(creditBalanceFields(null)).toEqual([]);
    expect(() => creditBalanceFields('no-field')).toThrow(/SF_CREDIT_BALANCE_FIELDS/);
    expect(() => creditBalanceFields('x:bad field')).toThrow(/SF_CREDIT_BALANCE_FIELDS/);
  });
});
