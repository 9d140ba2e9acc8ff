/**
 * subscriptionFromStigg's dates: Stigg's endDate (when the subscription ended or ends) and
 * currentBillingPeriodEnd become Dates, and stay null when Stigg sends none.
 */
import { subscriptionFromStigg } from '../../src/services/stigg/stigg-mappers';
import { StiggSubscriptionNode } from '../../src/services/stigg/operations';

function node(fields: Partial<StiggSubscriptionNode>): StiggSubscriptionNode {
  return {
    subscriptionId: 'sub-1',
    status: 'ACTIVE',
    pricingType: 'FREE',
    billingPeriod: null,
    customer: {
      customerId: 'customer-1', name: null, email: null, salesforceId: null, billingId: null, hasPaymentMethod: false,
      defaultPaymentMethodType: null, defaultPaymentMethodLast4Digits: null, additionalMetaData: null, createdAt: null, updatedAt: '2026-01-01T00:00:00.000Z',
    },
    resource: null,
    plan: { refId: 'plan-free', displayName: 'Free', product: { refId: 'product-main' } },
    addons: [],
    prices: [],
    totalPrice: null,
    entitlements: [],
    startDate: '2026-01-01T00:00:00.000Z',
    endDate: null,
    cancellationDate: null,
    trialEndDate: null,
    currentBillingPeriodEnd: null,
    trialConfiguration: null,
    paymentCollection: 'NOT_REQUIRED',
    paymentCollectionMethod: 'NONE',
    latestInvoice: null,
    salesforceId: null,
    additionalMetaData: null,
    scheduledUpdates: [],
    ...fields,
  } as StiggSubscriptionNode;
}

describe('subscriptionFromStigg: endDate and currentBillingPeriodEnd', () => {
  test('a canceled subscription has its endDate and the end of the period it was in', () => {
    const sub = subscriptionFromStigg(node({
      status: 'CANCELED', cancellationDate: '2026-03-10T12:00:00.000Z', endDate: '2026-03-10T12:00:00.000Z', currentBillingPeriodEnd: '2026-04-01T00:00:00.000Z',
    }), null);
    expect(sub).toMatchObject({
      status: 'CANCELED',
      cancellationDate: new Date('2026-03-10T12:00:00.000Z'),
      endDate: new Date('2026-03-10T12:00:00.000Z'),
      currentBillingPeriodEnd: new Date('2026-04-01T00:00:00.000Z'),
    });
  });

  test('a live subscription without an end: endDate null; no billing period from Stigg: null', () => {
    expect(subscriptionFromStigg(node({}), null)).toMatchObject({ status: 'ACTIVE', endDate: null, currentBillingPeriodEnd: null });
  });
});
