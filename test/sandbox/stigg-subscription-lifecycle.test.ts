/**
 * The Stigg emulator after provisioning, through the gateway's own documents (each names its
 * docs.stigg.io graphql-reference page): updateOneSubscription sets each list whole, now or at the
 * period's end; cancelSubscription now, at the period's end or on a date; cancelSchedule withdraws
 * what is pending; previewSubscription writes nothing.
 */
import {
  CANCEL_SCHEDULE, CANCEL_SUBSCRIPTION, PREVIEW_SUBSCRIPTION, UPDATE_SUBSCRIPTION,
} from '../../src/services/stigg/operations';
import { caught, GATEWAY_PROVISION_SUBSCRIPTION, newCustomer, startStiggHarness, StiggHarness, uniqueId } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});

type Node = Record<string, any>;

/** A Growth subscription with 5 seats, billing outside Stigg. */
async function growth(): Promise<{ customerId: string; subscriptionId: string }> {
  const customerId = await newCustomer(h.client);
  const subscriptionId = uniqueId('sub');
  await h.ops.execute(GATEWAY_PROVISION_SUBSCRIPTION, { input: {
    customerId, planId: 'plan-growth', subscriptionId, billingPeriod: 'MONTHLY', paymentCollectionMethod: 'NONE', skipTrial: true,
    billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }],
  } });
  return { customerId, subscriptionId };
}

const sub = (id: string) => h.emulator.store.subscriptions.get(id)!;
const update = (input: Record<string, unknown>) => h.ops.execute<Node>(UPDATE_SUBSCRIPTION, { input }).then((d) => d.updateOneSubscription);
const cancel = (input: Record<string, unknown>) => h.ops.execute<Node>(CANCEL_SUBSCRIPTION, { input }).then((d) => d.cancelSubscription);

describe('updateOneSubscription', () => {
  it('sets the lists it is given whole (an add-on left out is removed) and keeps the subscription id', async () => {
    const { subscriptionId } = await growth();
    const added = await update({ subscriptionId, addons: [{ addonId: 'addon-sso', quantity: 1 }], billableFeatures: [{ featureId: 'feature-seats', quantity: 12 }] });
    expect(added).toMatchObject({ subscriptionId, status: 'ACTIVE', addons: [{ quantity: 1, addon: { refId: 'addon-sso' } }] });
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 12 }]);
    await update({ subscriptionId, addons: [] });
    expect(sub(subscriptionId).addons).toEqual([]);
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 12 }]); // a list not given is kept
  });

  it('END_OF_BILLING_PERIOD holds the change as a scheduled update until run-schedules carries it out', async () => {
    const { subscriptionId } = await growth();
    const held = await update({ subscriptionId, billableFeatures: [{ featureId: 'feature-seats', quantity: 25 }], scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect(held.scheduledUpdates).toEqual([expect.objectContaining({ scheduleStatus: 'Scheduled', scheduledExecutionTime: sub(subscriptionId).currentBillingPeriodEnd })]);
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 5 }]);
    h.emulator.store.runSchedules(subscriptionId, true);
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 25 }]);
  });

  it('refuses an unknown subscription and an ended one, changing nothing', async () => {
    expect((await caught(update({ subscriptionId: 'sub-nobody', unitQuantity: 2 }))).message).toMatch(/not found/i);
    const { subscriptionId } = await growth();
    await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' });
    await expect(update({ subscriptionId, addons: [{ addonId: 'addon-sso' }] })).rejects.toThrow();
    expect(sub(subscriptionId).addons).toEqual([]);
  });
});

describe('cancelSubscription', () => {
  it('IMMEDIATE ends it now: CANCELED, with its cancellation and end dates', async () => {
    const { subscriptionId } = await growth();
    const canceled = await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' });
    expect(canceled).toMatchObject({ status: 'CANCELED', cancellationDate: expect.any(String), endDate: expect.any(String) });
  });

  it('END_OF_BILLING_PERIOD keeps it ACTIVE until the period ends; cancelSchedule withdraws it (assumption)', async () => {
    const { subscriptionId } = await growth();
    const periodEnd = sub(subscriptionId).currentBillingPeriodEnd;
    expect(await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' }))
      .toMatchObject({ status: 'ACTIVE', cancellationDate: periodEnd });
    await h.ops.execute(CANCEL_SCHEDULE, { input: { subscriptionId } });
    expect(sub(subscriptionId)).toMatchObject({ status: 'ACTIVE', cancellationDate: null });
  });

  it('END_OF_BILLING_PERIOD: when the period ends (run-schedules) the subscription is CANCELED at its cancellation date', async () => {
    const { subscriptionId } = await growth();
    await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' });
    const periodEnd = sub(subscriptionId).currentBillingPeriodEnd;
    h.emulator.store.runSchedules(subscriptionId, true);
    expect(sub(subscriptionId)).toMatchObject({ status: 'CANCELED', cancellationDate: periodEnd, endDate: periodEnd });
  });

  it('SPECIFIC_DATE needs a future endDate', async () => {
    const { subscriptionId } = await growth();
    await expect(cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'SPECIFIC_DATE' })).rejects.toThrow(/endDate/);
    const endDate = new Date(Date.now() + 5 * 86_400_000).toISOString();
    expect(await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'SPECIFIC_DATE', endDate })).toMatchObject({ status: 'ACTIVE', cancellationDate: endDate });
  });
});

describe('cancelSchedule and previewSubscription', () => {
  it('cancelSchedule withdraws a scheduled downgrade: the update becomes Canceled and the plan stays', async () => {
    const { customerId, subscriptionId } = await growth();
    await h.ops.execute(GATEWAY_PROVISION_SUBSCRIPTION, { input: { customerId, planId: 'plan-free', subscriptionId: uniqueId('sub'), skipTrial: true } });
    expect(sub(subscriptionId).scheduledUpdates.map((u) => u.status)).toEqual(['Scheduled']);
    expect((await h.ops.execute<Node>(CANCEL_SCHEDULE, { input: { subscriptionId } })).cancelSchedule).toBe(subscriptionId);
    expect(sub(subscriptionId).scheduledUpdates.map((u) => u.status)).toEqual(['Canceled']);
    expect(sub(subscriptionId).planRefId).toBe('plan-growth');
  });

  it('previewSubscription answers the recurring total and what is due now, and writes nothing (counters)', async () => {
    const { customerId, subscriptionId } = await growth();
    h.emulator.counters.reset();
    const before = JSON.stringify(sub(subscriptionId));
    const { previewSubscription: preview } = await h.ops.execute<Node>(PREVIEW_SUBSCRIPTION, { input: {
      customerId, planId: 'plan-growth', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }], addons: [{ addonId: 'addon-sso', quantity: 1 }],
    } });
    expect(preview).toMatchObject({ isPlanDowngrade: false, recurringInvoice: { total: { currency: 'USD' } }, immediateInvoice: { total: { currency: 'USD' } } });
    expect(preview.recurringInvoice.total.amount).toBeGreaterThan(preview.immediateInvoice.total.amount);
    expect(preview.immediateInvoice.total.amount).toBeGreaterThan(0);
    expect(JSON.stringify(sub(subscriptionId))).toBe(before);
    expect(h.emulator.counters.snapshot()).toMatchObject({ previewSubscription: 1 });
    for (const write of ['provisionSubscriptionV2', 'updateOneSubscription', 'cancelSubscription', 'cancelSchedule']) expect(h.emulator.counters.snapshot()[write] ?? 0).toBe(0);
    const { previewSubscription: down } = await h.ops.execute<Node>(PREVIEW_SUBSCRIPTION, { input: { customerId, planId: 'plan-free' } });
    expect(down).toMatchObject({ isPlanDowngrade: true, immediateInvoice: { total: { amount: 0 } } });
  });
});
