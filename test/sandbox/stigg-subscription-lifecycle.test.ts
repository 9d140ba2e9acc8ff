/**
 * The Stigg emulator after provisioning: updateOneSubscription sets each list whole, now or at the
 * period's end; cancelSubscription now, at the period's end or on a date; cancelSchedule withdraws
 * what is pending; previewSubscription writes nothing; provisionSubscriptionV2 honours
 * scheduleStrategy. Sent as the gateway's own documents (src/services/stigg/operations, each naming
 * its docs.stigg.io graphql-reference page), plain documents for what those do not select, and the
 * SDK where it has the method. Test names say `(assumption)` where Stigg's docs leave the
 * behaviour open (src/sandbox/stigg/README.md lists them).
 */
import { BillingPeriod, ErrorCode } from '@stigg/node-server-sdk';
import {
  CANCEL_SCHEDULE, CANCEL_SUBSCRIPTION, PREVIEW_SUBSCRIPTION, StiggOperationError, UPDATE_SUBSCRIPTION,
} from '../../src/services/stigg/operations';
import { REFERENCE_REFUSAL } from '../../src/sandbox/stigg/stigg-emulator';
import { caught, GATEWAY_PROVISION_SUBSCRIPTION, gql, lookupsDocument, newCustomer, startStiggHarness, StiggHarness, uniqueId } from './helpers/stigg-harness';

let h: StiggHarness;

beforeAll(async () => {
  h = await startStiggHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.emulator.faults.clear();
  h.emulator.counters.reset();
});

type Node = Record<string, any>;
const DAY = 86_400_000;

/** A Growth subscription with 5 seats (600 USD a month), billing outside Stigg. */
async function growth(extra: Record<string, unknown> = {}): Promise<{ customerId: string; subscriptionId: string }> {
  const customerId = await newCustomer(h.client);
  const subscriptionId = uniqueId('sub');
  await provision({
    customerId, planId: 'plan-growth', subscriptionId, billingPeriod: 'MONTHLY', paymentCollectionMethod: 'NONE', skipTrial: true,
    billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }], ...extra,
  });
  return { customerId, subscriptionId };
}

const provision = (input: Record<string, unknown>) => h.ops.execute<Node>(GATEWAY_PROVISION_SUBSCRIPTION, { input }).then((d) => d.provisionSubscriptionV2);
const update = (input: Record<string, unknown>) => h.ops.execute<Node>(UPDATE_SUBSCRIPTION, { input }).then((d) => d.updateOneSubscription);
const cancel = (input: Record<string, unknown>) => h.ops.execute<Node>(CANCEL_SUBSCRIPTION, { input }).then((d) => d.cancelSubscription);
const cancelSchedule = (subscriptionId: string) => h.ops.execute<Node>(CANCEL_SCHEDULE, { input: { subscriptionId } }).then((d) => d.cancelSchedule as string);
const preview = (input: Record<string, unknown>) => h.ops.execute<Node>(PREVIEW_SUBSCRIPTION, { input }).then((d) => d.previewSubscription);
const sub = (id: string) => h.emulator.store.subscriptions.get(id)!;

/** The subscription's scheduled updates with their variables (a plain getSubscription document). */
async function scheduled(subscriptionId: string): Promise<Node[]> {
  const data = await gql(h.emulator, `query($input: GetSubscriptionInput!) { getSubscription(input: $input) {
    scheduledUpdates {
      subscriptionScheduleType scheduleStatus scheduledExecutionTime targetPackage { refId }
      scheduleVariables {
        __typename
        ... on UnitAmountChangeVariables { featureId newUnitAmount }
        ... on AddonChangeVariables { addonRefId newQuantity }
        ... on BillingPeriodChangeVariables { billingPeriod }
        ... on PlanPriceOverrideChangeVariables { planRefId featureId }
        ... on PlanChangeVariables { planRefId changeType billingPeriod }
        ... on DowngradeChangeVariables { downgradePlanRefId }
      }
    } } }`, { input: { subscriptionId } });
  return data.getSubscription.scheduledUpdates;
}

async function runSchedules(subscriptionId: string, due = false): Promise<Node> {
  const res = await fetch(`${h.emulator.url}/__sandbox/subscriptions/${subscriptionId}/run-schedules${due ? '?due=true' : ''}`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as Node;
}

async function addFault(rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${h.emulator.url}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) });
  expect(res.status).toBe(201);
}

describe('updateOneSubscription (docs: updateOneSubscription, UpdateSubscriptionInput)', () => {
  it('sets the lists it is given whole (an add-on left out is removed, a list not given is kept) and keeps the subscription id', async () => {
    const { subscriptionId } = await growth();
    const added = await update({ subscriptionId, addons: [{ addonId: 'addon-sso', quantity: 1 }], billableFeatures: [{ featureId: 'feature-seats', quantity: 12 }] });
    expect(added).toMatchObject({ subscriptionId, status: 'ACTIVE', addons: [{ quantity: 1, addon: { refId: 'addon-sso' } }], totalPrice: { total: { amount: 500 + 12 * 20 + 150 } } });
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 12 }]);
    await update({ subscriptionId, addons: [] });
    expect(sub(subscriptionId).addons).toEqual([]);
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 12 }]);
    expect([...h.emulator.store.subscriptions.values()].filter((s) => s.customerId === sub(subscriptionId).customerId)).toHaveLength(1);
  });

  it('sets the billing period, price overrides, entitlements, salesforceId and metadata; credit entitlements left out are removed and their recurring credits voided (assumption: changed credits granted anew)', async () => {
    const { customerId, subscriptionId } = await growth({ entitlements: [{ credit: { customCurrencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH' } }] });
    const grantsOf = () => [...h.emulator.store.creditGrants.values()].filter((g) => g.subscriptionId === subscriptionId);
    expect(grantsOf().map((g) => [g.amount, g.voidedAt])).toEqual([[1000, null]]);
    const changed = await update({
      subscriptionId,
      billingPeriod: 'ANNUALLY',
      priceOverrides: [{ baseCharge: true, price: { amount: 4000, currency: 'USD' } }],
      entitlements: [{ feature: { featureId: 'feature-api-calls', usageLimit: 50_000 } }, { credit: { customCurrencyId: 'currency-api-credits', amount: 3000, cadence: 'MONTH' } }],
      salesforceId: '006Dn0000000013IAA',
      additionalMetaData: { amendment: '006Dn0000000013IAA' },
    });
    expect(changed).toMatchObject({ subscriptionId, billingPeriod: 'ANNUALLY', salesforceId: '006Dn0000000013IAA', additionalMetaData: { amendment: '006Dn0000000013IAA' } });
    // 4000 base (override) + 5 seats × 200 (annual list price) + 3000 credits × 0.01
    expect(changed.totalPrice.total).toEqual({ amount: 4000 + 1000 + 30, currency: 'USD' });
    expect(changed.entitlements).toEqual(expect.arrayContaining([
      expect.objectContaining({ __typename: 'SubscriptionFeatureEntitlement', usageLimit: 50_000, feature: { refId: 'feature-api-calls' } }),
      expect.objectContaining({ __typename: 'SubscriptionCreditEntitlement', customCurrencyId: 'currency-api-credits', amount: 3000 }),
    ]));
    expect(grantsOf().map((g) => [g.amount, g.voidedAt !== null])).toEqual([[1000, true], [3000, false]]);

    await update({ subscriptionId, entitlements: [] });
    expect(sub(subscriptionId)).toMatchObject({ featureEntitlements: [], creditEntitlements: [] });
    expect(grantsOf().every((g) => g.voidedAt !== null)).toBe(true);
    expect(customerId).toBe(sub(subscriptionId).customerId);
  });

  it('END_OF_BILLING_PERIOD holds each change as a scheduled update at the period\'s end (UnitAmount, Addon, BillingPeriod with their variables; assumption: the split) and changes nothing until run-schedules carries them out', async () => {
    const { subscriptionId } = await growth();
    const periodEnd = sub(subscriptionId).currentBillingPeriodEnd;
    const held = await update({
      subscriptionId, scheduleStrategy: 'END_OF_BILLING_PERIOD',
      billableFeatures: [{ featureId: 'feature-seats', quantity: 25 }], addons: [{ addonId: 'addon-sso', quantity: 1 }], billingPeriod: 'ANNUALLY',
    });
    expect(held).toMatchObject({ subscriptionId, billingPeriod: 'MONTHLY', addons: [], totalPrice: { total: { amount: 600 } } });
    const at = { scheduleStatus: 'Scheduled', scheduledExecutionTime: periodEnd, targetPackage: { refId: 'plan-growth' } };
    expect(await scheduled(subscriptionId)).toEqual([
      { ...at, subscriptionScheduleType: 'UnitAmount', scheduleVariables: { __typename: 'UnitAmountChangeVariables', featureId: 'feature-seats', newUnitAmount: 25 } },
      { ...at, subscriptionScheduleType: 'Addon', scheduleVariables: { __typename: 'AddonChangeVariables', addonRefId: 'addon-sso', newQuantity: 1 } },
      { ...at, subscriptionScheduleType: 'BillingPeriod', scheduleVariables: { __typename: 'BillingPeriodChangeVariables', billingPeriod: 'ANNUALLY' } },
    ]);
    expect(sub(subscriptionId)).toMatchObject({ billingPeriod: 'MONTHLY', addons: [], billableFeatures: [{ featureRefId: 'feature-seats', quantity: 5 }] });

    expect((await runSchedules(subscriptionId, true)).applied).toEqual([]); // not due before the period ends
    const ran = await runSchedules(subscriptionId);
    expect(ran).toMatchObject({ subscriptionId, status: 'ACTIVE', applied: [
      { type: 'UnitAmount', status: 'Done', subscriptionId }, { type: 'Addon', status: 'Done', subscriptionId }, { type: 'BillingPeriod', status: 'Done', subscriptionId },
    ] });
    expect(sub(subscriptionId)).toMatchObject({ billingPeriod: 'ANNUALLY', addons: [{ addonRefId: 'addon-sso', quantity: 1 }], billableFeatures: [{ featureRefId: 'feature-seats', quantity: 25 }] });
    expect((await scheduled(subscriptionId)).map((u) => u.scheduleStatus)).toEqual(['Done', 'Done', 'Done']);
  });

  it('END_OF_BILLING_MONTH is held for the period\'s end too; a price override change is a PriceOverride update; a request that changes nothing schedules nothing (assumption)', async () => {
    const { subscriptionId } = await growth();
    await update({ subscriptionId, scheduleStrategy: 'END_OF_BILLING_MONTH', billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }] });
    expect(await scheduled(subscriptionId)).toEqual([]);
    await update({ subscriptionId, scheduleStrategy: 'END_OF_BILLING_MONTH', priceOverrides: [{ featureId: 'feature-seats', price: { amount: 15, currency: 'USD' } }] });
    expect(await scheduled(subscriptionId)).toEqual([expect.objectContaining({
      subscriptionScheduleType: 'PriceOverride', scheduledExecutionTime: sub(subscriptionId).currentBillingPeriodEnd,
      scheduleVariables: { __typename: 'PlanPriceOverrideChangeVariables', planRefId: 'plan-growth', featureId: 'feature-seats' },
    })]);
    await runSchedules(subscriptionId);
    expect(h.emulator.store.totalPrice(sub(subscriptionId))).toEqual({ amount: 500 + 5 * 15, currency: 'USD' });
  });

  it('a second scheduled update replaces the pending one (assumption)', async () => {
    const { subscriptionId } = await growth();
    await update({ subscriptionId, scheduleStrategy: 'END_OF_BILLING_PERIOD', billableFeatures: [{ featureId: 'feature-seats', quantity: 25 }] });
    await update({ subscriptionId, scheduleStrategy: 'END_OF_BILLING_PERIOD', billableFeatures: [{ featureId: 'feature-seats', quantity: 30 }] });
    expect((await scheduled(subscriptionId)).map((u) => [u.scheduleStatus, u.scheduleVariables.newUnitAmount])).toEqual([['Canceled', 25], ['Scheduled', 30]]);
    await runSchedules(subscriptionId);
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 30 }]);
  });

  it('refuses an unknown subscription (SubscriptionNotFound), an ended one (SubscriptionAlreadyCanceledOrExpired, assumption: the code) and a term the catalog refuses, changing nothing', async () => {
    expect(await caught(update({ subscriptionId: 'sub-nobody', unitQuantity: 2 }))).toMatchObject({ code: ErrorCode.SubscriptionNotFound });
    const { subscriptionId } = await growth();
    expect(await caught(update({ subscriptionId, addons: [{ addonId: 'addon-sso', quantity: 1 }], billableFeatures: [{ featureId: 'feature-nope', quantity: 1 }] })))
      .toMatchObject({ code: ErrorCode.FeatureNotFound });
    expect(sub(subscriptionId).addons).toEqual([]);
    await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' });
    const ended = await caught(update({ subscriptionId, addons: [{ addonId: 'addon-sso' }] }));
    expect(ended).toBeInstanceOf(StiggOperationError);
    expect(ended).toMatchObject({ code: ErrorCode.SubscriptionAlreadyCanceledOrExpired });
    expect(sub(subscriptionId).addons).toEqual([]);
  });

  it('the SDK\'s updateSubscription (the id sent as refId) makes the change; the SDK then re-reads entitlements with cachedEntitlements, which reference/stigg does not record, so the call reports a failure (use the gateway\'s document)', async () => {
    const { subscriptionId } = await growth();
    h.recorded.length = 0;
    const err = await caught(h.client.updateSubscription({ subscriptionId, billableFeatures: [{ featureId: 'feature-seats', quantity: 7 }] }));
    expect(err.message).toContain(REFERENCE_REFUSAL);
    expect(h.recorded.map((r) => r.operations)).toEqual([['updateOneSubscription'], ['cachedEntitlements']]);
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 7 }]);
  });
});

describe('cancelSubscription (docs: cancelSubscription, SubscriptionCancellationInput)', () => {
  it('IMMEDIATE ends it now: CANCELED with its cancellation and end dates, its recurring credits voided', async () => {
    const { subscriptionId } = await growth({ entitlements: [{ credit: { customCurrencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH' } }] });
    const before = Date.now();
    const canceled = await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' });
    expect(canceled).toMatchObject({ subscriptionId, status: 'CANCELED' });
    expect(canceled.cancellationDate).toBe(canceled.endDate);
    expect(Math.abs(new Date(canceled.endDate).getTime() - before)).toBeLessThan(5_000);
    expect([...h.emulator.store.creditGrants.values()].filter((g) => g.subscriptionId === subscriptionId).every((g) => g.voidedAt !== null)).toBe(true);
  });

  it('END_OF_BILLING_PERIOD keeps it ACTIVE with cancellationDate = endDate = currentBillingPeriodEnd; run-schedules (or its date coming) ends it CANCELED at that date', async () => {
    const { subscriptionId } = await growth();
    const periodEnd = sub(subscriptionId).currentBillingPeriodEnd;
    expect(await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' }))
      .toMatchObject({ status: 'ACTIVE', cancellationDate: periodEnd, endDate: periodEnd });
    expect((await runSchedules(subscriptionId, true))).toMatchObject({ status: 'ACTIVE', applied: [] });
    expect(await runSchedules(subscriptionId)).toMatchObject({ status: 'CANCELED', applied: [{ type: 'Cancellation', status: 'Done', subscriptionId }] });
    expect(sub(subscriptionId)).toMatchObject({ status: 'CANCELED', cancellationDate: periodEnd, endDate: periodEnd });
  });

  it('without subscriptionCancellationTime it ends at the period\'s end (assumption: the default)', async () => {
    const { subscriptionId } = await growth();
    expect(await cancel({ subscriptionRefId: subscriptionId })).toMatchObject({ status: 'ACTIVE', cancellationDate: sub(subscriptionId).currentBillingPeriodEnd });
  });

  it('SPECIFIC_DATE sets the cancellation to endDate; a missing or past endDate is refused with InvalidCancellationDate (assumption: the code)', async () => {
    const { subscriptionId } = await growth();
    expect(await caught(cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'SPECIFIC_DATE' }))).toMatchObject({ code: ErrorCode.InvalidCancellationDate });
    const past = new Date(Date.now() - DAY).toISOString();
    expect(await caught(cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'SPECIFIC_DATE', endDate: past }))).toMatchObject({ code: ErrorCode.InvalidCancellationDate });
    expect(sub(subscriptionId).cancellationDate).toBeNull();
    const endDate = new Date(Date.now() + 5 * DAY).toISOString();
    expect(await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'SPECIFIC_DATE', endDate }))
      .toMatchObject({ status: 'ACTIVE', cancellationDate: endDate, endDate });
  });

  it('refuses an unknown subscription (SubscriptionNotFound) and one already canceled (SubscriptionAlreadyCanceledOrExpired, assumption: the code)', async () => {
    expect(await caught(cancel({ subscriptionRefId: 'sub-nobody', subscriptionCancellationTime: 'IMMEDIATE' }))).toMatchObject({ code: ErrorCode.SubscriptionNotFound });
    const { subscriptionId } = await growth();
    const first = await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' });
    expect(await caught(cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' }))).toMatchObject({ code: ErrorCode.SubscriptionAlreadyCanceledOrExpired });
    expect(sub(subscriptionId).endDate).toBe(first.endDate);
  });

  it('a cancellation at the period\'s end withdraws the subscription\'s scheduled changes (assumption: nothing changes in a subscription that ends)', async () => {
    const { customerId, subscriptionId } = await growth();
    await provision({ customerId, planId: 'plan-free', subscriptionId: uniqueId('sub') });
    expect((await scheduled(subscriptionId)).map((u) => u.scheduleStatus)).toEqual(['Scheduled']);
    await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' });
    expect((await scheduled(subscriptionId)).map((u) => u.scheduleStatus)).toEqual(['Canceled']);
  });

  it('an ended subscription is still read by getSubscription and the subscriptions list, with its status, endDate and cancellationDate (the gateway reads history)', async () => {
    const { customerId, subscriptionId } = await growth();
    const canceled = await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' });
    const byId = await gql(h.emulator, 'query($input: GetSubscriptionInput!) { getSubscription(input: $input) { status endDate cancellationDate } }', { input: { subscriptionId } });
    expect(byId.getSubscription).toEqual({ status: 'CANCELED', endDate: canceled.endDate, cancellationDate: canceled.cancellationDate });
    const q = lookupsDocument({ subscriptionsOfCustomers: [customerId] });
    const listed = await h.ops.execute<Node>(q.document, q.variables);
    expect(listed.subscriptionsOfCustomers.edges.map((e: Node) => [e.node.subscriptionId, e.node.status, e.node.endDate])).toEqual([[subscriptionId, 'CANCELED', canceled.endDate]]);
    expect((await h.client.getSubscriptions({ customerId })).data.map((s) => [s.subscriptionId, s.status])).toEqual([[subscriptionId, 'CANCELED']]);
  });

  it('the SDK\'s cancelSubscription cancels; its entitlement re-read afterwards (cachedEntitlements) is not in reference/stigg, so the SDK reports a failure (use the gateway\'s document)', async () => {
    const { subscriptionId } = await growth();
    const err = await caught(h.client.cancelSubscription({ subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' as never }));
    expect(err.message).toContain(REFERENCE_REFUSAL);
    expect(sub(subscriptionId).status).toBe('CANCELED');
  });
});

describe('cancelSchedule (docs: cancelSchedule, SubscriptionUpdateScheduleCancellationInput)', () => {
  it('withdraws a scheduled downgrade: the update becomes Canceled, the plan stays, run-schedules then changes nothing; it answers the subscription id (assumption)', async () => {
    const { customerId, subscriptionId } = await growth();
    const requested = uniqueId('sub');
    await provision({ customerId, planId: 'plan-free', subscriptionId: requested });
    expect((await scheduled(subscriptionId)).map((u) => [u.subscriptionScheduleType, u.scheduleStatus])).toEqual([['Downgrade', 'Scheduled']]);
    expect(await cancelSchedule(subscriptionId)).toBe(subscriptionId);
    expect((await scheduled(subscriptionId)).map((u) => u.scheduleStatus)).toEqual(['Canceled']);
    expect(await runSchedules(subscriptionId)).toMatchObject({ status: 'ACTIVE', applied: [] });
    expect(sub(subscriptionId).planRefId).toBe('plan-growth');
    expect(h.emulator.store.subscriptions.has(requested)).toBe(false);
  });

  it('withdraws a scheduled update of terms: every pending entry Canceled, the terms unchanged after run-schedules', async () => {
    const { subscriptionId } = await growth();
    await update({ subscriptionId, scheduleStrategy: 'END_OF_BILLING_PERIOD', billableFeatures: [{ featureId: 'feature-seats', quantity: 25 }], addons: [{ addonId: 'addon-sso' }] });
    await cancelSchedule(subscriptionId);
    expect((await scheduled(subscriptionId)).map((u) => u.scheduleStatus)).toEqual(['Canceled', 'Canceled']);
    await runSchedules(subscriptionId);
    expect(sub(subscriptionId)).toMatchObject({ addons: [], billableFeatures: [{ featureRefId: 'feature-seats', quantity: 5 }] });
  });

  it('withdraws a pending cancellation at the period\'s end or on a date: cancellationDate and endDate back to null, the subscription stays ACTIVE (assumption)', async () => {
    const { subscriptionId } = await growth();
    for (const input of [{ subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' }, { subscriptionCancellationTime: 'SPECIFIC_DATE', endDate: new Date(Date.now() + 3 * DAY).toISOString() }]) {
      await cancel({ subscriptionRefId: subscriptionId, ...input });
      expect(sub(subscriptionId).cancellationDate).not.toBeNull();
      await cancelSchedule(subscriptionId);
      expect(sub(subscriptionId)).toMatchObject({ status: 'ACTIVE', cancellationDate: null, endDate: null });
    }
    expect(await runSchedules(subscriptionId)).toMatchObject({ status: 'ACTIVE', applied: [] });
  });

  it('the SDK\'s cancelSubscriptionScheduledUpdates sends cancelSchedule; an unknown subscription is SubscriptionNotFound', async () => {
    const { customerId, subscriptionId } = await growth();
    await provision({ customerId, planId: 'plan-free' });
    h.recorded.length = 0;
    await h.client.cancelSubscriptionScheduledUpdates({ subscriptionId });
    expect(h.recorded.map((r) => r.operations)).toEqual([['cancelSchedule']]);
    expect((await scheduled(subscriptionId)).map((u) => u.scheduleStatus)).toEqual(['Canceled']);
    expect(await caught(cancelSchedule('sub-nobody'))).toMatchObject({ code: ErrorCode.SubscriptionNotFound });
  });
});

describe('provisionSubscriptionV2 with scheduleStrategy (docs: ProvisionSubscriptionInput.scheduleStrategy, ScheduleStrategy)', () => {
  it('END_OF_BILLING_PERIOD holds even an upgrade for the period\'s end: isScheduled, the current subscription unchanged with a Plan update (PlanChangeVariables UPGRADE); run-schedules makes the requested subscription', async () => {
    const customerId = await newCustomer(h.client);
    const free = uniqueId('sub-free');
    await provision({ customerId, planId: 'plan-free', subscriptionId: free });
    const requested = uniqueId('sub-growth');
    const r = await provision({
      customerId, planId: 'plan-growth', subscriptionId: requested, billingPeriod: 'MONTHLY', paymentCollectionMethod: 'NONE', skipTrial: true, scheduleStrategy: 'END_OF_BILLING_PERIOD',
    });
    expect(r).toMatchObject({ status: 'SUCCESS', isScheduled: true, subscription: { subscriptionId: free, status: 'ACTIVE', plan: { refId: 'plan-free' } } });
    expect(await scheduled(free)).toEqual([{
      subscriptionScheduleType: 'Plan', scheduleStatus: 'Scheduled', scheduledExecutionTime: sub(free).currentBillingPeriodEnd, targetPackage: { refId: 'plan-growth' },
      scheduleVariables: { __typename: 'PlanChangeVariables', planRefId: 'plan-growth', changeType: 'UPGRADE', billingPeriod: 'MONTHLY' },
    }]);
    expect(h.emulator.store.subscriptions.has(requested)).toBe(false);
    expect(await runSchedules(free)).toMatchObject({ status: 'CANCELED', applied: [{ type: 'Plan', status: 'Done', subscriptionId: requested }] });
    expect(sub(requested)).toMatchObject({ status: 'ACTIVE', planRefId: 'plan-growth' });
  });

  it('END_OF_BILLING_PERIOD on the same plan is a Plan update with changeType NONE; a downgrade is still a Downgrade', async () => {
    const { customerId, subscriptionId } = await growth();
    await provision({ customerId, planId: 'plan-growth', subscriptionId: uniqueId('sub'), billingPeriod: 'MONTHLY', paymentCollectionMethod: 'NONE', skipTrial: true, scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect((await scheduled(subscriptionId)).map((u) => [u.subscriptionScheduleType, u.scheduleVariables.changeType])).toEqual([['Plan', 'NONE']]);
    await provision({ customerId, planId: 'plan-free', scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect((await scheduled(subscriptionId)).map((u) => [u.subscriptionScheduleType, u.scheduleStatus])).toEqual([['Plan', 'Canceled'], ['Downgrade', 'Scheduled']]);
  });

  it('without scheduleStrategy an upgrade replaces the subscription at once and a downgrade waits (as before)', async () => {
    const { customerId, subscriptionId } = await growth();
    expect(await provision({ customerId, planId: 'plan-free' })).toMatchObject({ isScheduled: true });
    const up = await provision({ customerId, planId: 'plan-enterprise', paymentCollectionMethod: 'NONE' });
    expect(up).toMatchObject({ isScheduled: false, subscription: { status: 'ACTIVE', plan: { refId: 'plan-enterprise' } } });
    expect(sub(subscriptionId).status).toBe('CANCELED');
  });
});

describe('previewSubscription (docs: previewSubscription, SubscriptionPreviewV2)', () => {
  it('a change of the live subscription: recurringInvoice is the new period total, immediateInvoice the prorated difference for the rest of the period (assumption), with its proration', async () => {
    const { customerId } = await growth();
    const p = await gql(h.emulator, `mutation($input: PreviewSubscriptionInput!) { previewSubscription(input: $input) {
      billingPeriodRange { start end } isPlanDowngrade hasScheduledUpdates
      immediateInvoice { total { amount currency } tax { amount } proration { credit { amount } debit { amount } netAmount { amount } hasProrations } }
      recurringInvoice { total { amount currency } subTotal { amount } } } }`, { input: {
      customerId, planId: 'plan-growth', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }], addons: [{ addonId: 'addon-sso', quantity: 1 }],
    } });
    const preview = p.previewSubscription;
    expect(preview).toMatchObject({ isPlanDowngrade: false, hasScheduledUpdates: false, recurringInvoice: { total: { amount: 500 + 10 * 20 + 150, currency: 'USD' } } });
    // the subscription started a moment ago: almost the whole period is left
    expect(preview.immediateInvoice.total.amount).toBeCloseTo(850 - 600, 0);
    expect(preview.immediateInvoice.total.amount).toBeLessThanOrEqual(250);
    expect(preview.immediateInvoice.proration).toMatchObject({ hasProrations: true });
    expect(preview.immediateInvoice.proration.credit.amount).toBeCloseTo(600, 0);
    expect(preview.immediateInvoice.proration.debit.amount).toBeCloseTo(850, 0);
    expect(preview.immediateInvoice.tax).toEqual({ amount: 0 });
  });

  it('without a live subscription of the product the whole first period is due now, for the period starting now', async () => {
    const customerId = await newCustomer(h.client);
    const before = Date.now();
    const p = await preview({ customerId, planId: 'plan-growth', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }] });
    expect(p).toMatchObject({ isPlanDowngrade: false, immediateInvoice: { total: { amount: 560 } }, recurringInvoice: { total: { amount: 560 } } });
    expect(new Date(p.billingPeriodRange.start).getTime()).toBeGreaterThanOrEqual(before - 1_000);
  });

  it('a downgrade or a change at the period\'s end is due later: immediateInvoice 0 (assumption); hasScheduledUpdates shows a pending change', async () => {
    const { customerId } = await growth();
    expect(await preview({ customerId, planId: 'plan-free' })).toMatchObject({ isPlanDowngrade: true, immediateInvoice: { total: { amount: 0 } }, recurringInvoice: { total: { amount: 0 } } });
    expect(await preview({ customerId, planId: 'plan-growth', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }], scheduleStrategy: 'END_OF_BILLING_PERIOD' }))
      .toMatchObject({ immediateInvoice: { total: { amount: 0 } }, recurringInvoice: { total: { amount: 700 } } });
    await provision({ customerId, planId: 'plan-free' });
    expect(await preview({ customerId, planId: 'plan-growth', billingPeriod: 'MONTHLY' })).toMatchObject({ hasScheduledUpdates: true });
  });

  it('writes nothing: the subscriptions and grants are as they were and only previewSubscription is counted', async () => {
    const { customerId, subscriptionId } = await growth();
    const before = JSON.stringify([...h.emulator.store.subscriptions.values()]);
    const grants = h.emulator.store.creditGrants.size;
    h.emulator.counters.reset();
    await preview({ customerId, planId: 'plan-growth', billingPeriod: 'ANNUALLY', addons: [{ addonId: 'addon-sso', quantity: 1 }] });
    await preview({ customerId, planId: 'plan-free' });
    expect(JSON.stringify([...h.emulator.store.subscriptions.values()])).toBe(before);
    expect(h.emulator.store.creditGrants.size).toBe(grants);
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 2, previewSubscription: 2 });
    expect(sub(subscriptionId).scheduledUpdates).toEqual([]);
  });

  it('refuses an unknown customer (CustomerNotFound) or plan (PlanNotFound)', async () => {
    expect(await caught(preview({ customerId: 'customer-nobody', planId: 'plan-growth' }))).toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect(await caught(preview({ customerId: 'customer-initech', planId: 'plan-nope' }))).toMatchObject({ code: ErrorCode.PlanNotFound });
  });

  it('the SDK\'s previewSubscription reads the same preview', async () => {
    const { customerId } = await growth();
    const p = await h.client.previewSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly, billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }] });
    expect(p.recurringInvoice?.total).toEqual({ amount: 700, currency: 'USD' });
    expect(p.immediateInvoice.total.amount).toBeCloseTo(100, 0);
    expect(p.isPlanDowngrade).toBe(false);
  });
});

describe('counters and faults for the new operations (src/sandbox/README.md)', () => {
  it('each operation is counted under its root field name', async () => {
    const { customerId, subscriptionId } = await growth();
    h.emulator.counters.reset();
    await update({ subscriptionId, unitQuantity: 2 });
    await preview({ customerId, planId: 'plan-free' });
    await cancelSchedule(subscriptionId);
    await cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' });
    expect(h.emulator.counters.snapshot()).toEqual({ graphql: 4, updateOneSubscription: 1, previewSubscription: 1, cancelSchedule: 1, cancelSubscription: 1 });
  });

  it('a failure before the work (phase "before") changes nothing', async () => {
    const { subscriptionId } = await growth();
    await addFault({ operation: 'updateOneSubscription', failure: 'SERVER_ERROR', times: 1 });
    expect(await caught(update({ subscriptionId, billableFeatures: [{ featureId: 'feature-seats', quantity: 9 }] }))).toMatchObject({ status: 500 });
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 5 }]);
  });

  it('a lost answer (phase "after") leaves the update, the cancellation and the withdrawal done: a replay sees them in Stigg', async () => {
    const { customerId, subscriptionId } = await growth();
    await addFault({ operation: 'updateOneSubscription', failure: 'DROP_CONNECTION', phase: 'after', times: 1 });
    await caught(update({ subscriptionId, billableFeatures: [{ featureId: 'feature-seats', quantity: 9 }] }));
    expect(sub(subscriptionId).billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 9 }]);

    await provision({ customerId, planId: 'plan-free' });
    await addFault({ operation: 'cancelSchedule', failure: 'BAD_GATEWAY', phase: 'after', times: 1 });
    expect(await caught(cancelSchedule(subscriptionId))).toMatchObject({ status: 502 });
    expect(sub(subscriptionId).scheduledUpdates.map((u) => u.status)).toEqual(['Canceled']);

    await addFault({ operation: 'cancelSubscription', failure: 'SERVICE_UNAVAILABLE', phase: 'after', times: 1 });
    expect(await caught(cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' }))).toMatchObject({ status: 503 });
    expect(sub(subscriptionId).status).toBe('CANCELED');
    // the replay is refused: it is already canceled
    expect(await caught(cancel({ subscriptionRefId: subscriptionId, subscriptionCancellationTime: 'IMMEDIATE' }))).toMatchObject({ code: ErrorCode.SubscriptionAlreadyCanceledOrExpired });
  });
});
