/**
 * "Provisioning trial subscriptions" of Stigg's Salesforce guide: startTrial
 * gives an IN_TRIAL subscription with its end date and end behaviour; a later
 * provisionOpportunity for the same opportunity (kind SUBSCRIPTION) converts it.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import {
  ACCOUNT, ENTRY, Json, OPP, createDeal, customersOfAccount, errorOf, provision, resetCounters, salesforce, START_TRIAL,
  startTrial, stiggState, subscription, writesCounted, writtenBack,
} from '../helpers/provisioning-helpers';

let stack: TestStack;
let conn: jsforce.Connection;

beforeAll(async () => {
  stack = await startTestStack();
  conn = salesforce(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 24 * 60 * 60 * 1000;

describe('trial, then conversion (#5 Wayne)', () => {
  const trialEnd = new Date(Date.now() + 10 * DAY);
  trialEnd.setUTCMilliseconds(0);
  const trialInput = { opportunityId: OPP.wayne, trialEndDate: trialEnd.toISOString(), trialEndBehavior: 'CANCEL_SUBSCRIPTION' };
  let trialRun: Json;

  it('startTrial provisions an IN_TRIAL subscription with the end date and end behaviour asked for', async () => {
    trialRun = await startTrial(stack, trialInput);
    expect(trialRun).toMatchObject({
      kind: 'TRIAL', status: 'SUCCEEDED', customerId: ACCOUNT.wayne, subscriptionId: `sub-${OPP.wayne}-trial`, error: null,
    });
    expect(trialRun.plan).toMatchObject({
      kind: 'TRIAL', isTrial: true, trialEndDate: trialEnd.toISOString(), trialEndBehavior: 'CANCEL_SUBSCRIPTION',
      // a paid plan needs a billing period even when Stigg does not collect payment yet
      planId: 'plan-growth', billingPeriod: 'MONTHLY', paymentCollectionMethod: 'NONE',
    });

    const sub = await subscription(stack, `sub-${OPP.wayne}-trial`);
    expect(sub).toMatchObject({
      status: 'IN_TRIAL', isTrial: true, trialEndDate: trialEnd.toISOString(), trialEndBehavior: 'CANCEL_SUBSCRIPTION',
      salesforceId: OPP.wayne, customerId: ACCOUNT.wayne,
    });
    expect(await writtenBack(conn, OPP.wayne)).toEqual({ subscriptionId: `sub-${OPP.wayne}-trial`, status: 'Provisioned', customerId: ACCOUNT.wayne });
  });

  it('startTrial asked again with the same input returns the same run and touches nothing', async () => {
    resetCounters(stack);
    const again = await startTrial(stack, trialInput);
    expect(again).toMatchObject({ id: trialRun.id, status: 'SUCCEEDED' });
    expect(writesCounted(stack)).toEqual({});
  });

  it('provisionOpportunity then converts the trial: a paid subscription (kind SUBSCRIPTION, no second trial) replaces it', async () => {
    resetCounters(stack);
    const run = await provision(stack, { opportunityId: OPP.wayne, paymentCollectionMethod: 'INVOICE' });
    expect(run).toMatchObject({ kind: 'SUBSCRIPTION', status: 'SUCCEEDED', subscriptionId: `sub-${OPP.wayne}`, customerId: ACCOUNT.wayne });
    expect(run.id).not.toBe(trialRun.id);
    expect(run.plan).toMatchObject({ isTrial: false, trialEndDate: null, paymentCollectionMethod: 'INVOICE', billingEmail: 'bruce@wayne.example' });
    // The customer made for the trial is reused: no hook, no second customer.
    expect(run.steps[0]).toMatchObject({ name: 'HOOK', status: 'SKIPPED' });
    expect(writesCounted(stack)['stigg.provisionCustomer']).toBeUndefined();
    expect(customersOfAccount(stack, ACCOUNT.wayne)).toHaveLength(1);

    const byId = Object.fromEntries(stiggState(stack, OPP.wayne).subscriptions.map((s) => [s.subscriptionId, s.status]));
    expect(byId).toEqual({ [`sub-${OPP.wayne}-trial`]: 'CANCELED', [`sub-${OPP.wayne}`]: 'PAYMENT_PENDING' });
    expect(await subscription(stack, `sub-${OPP.wayne}`)).toMatchObject({ status: 'PAYMENT_PENDING', isTrial: false, trialEndDate: null });
    expect(await writtenBack(conn, OPP.wayne)).toEqual({ subscriptionId: `sub-${OPP.wayne}`, status: 'Provisioned', customerId: ACCOUNT.wayne });

    const runs = await stack.graphql<Json>(`query($id: ID!) { opportunity(id: $id) { provisioningRuns { kind status } } }`, { id: OPP.wayne });
    expect(runs.body.data.opportunity.provisioningRuns.map((r: Json) => `${r.kind}:${r.status}`).sort())
      .toEqual(['SUBSCRIPTION:SUCCEEDED', 'TRIAL:SUCCEEDED']);
  });
});

describe('trial defaults', () => {
  it("provisionOpportunity with `trial: {}` is a trial of the plan's default length and end behaviour", async () => {
    const deal = await createDeal(conn, { name: 'Tyrell', lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 500 }] });
    const before = Date.now();
    const run = await provision(stack, { opportunityId: deal.opportunityId, trial: {} });
    expect(run).toMatchObject({ kind: 'TRIAL', status: 'SUCCEEDED', subscriptionId: `sub-${deal.opportunityId}-trial` });
    const end = new Date(run.plan.trialEndDate).getTime();
    expect(end).toBeGreaterThanOrEqual(before + 14 * DAY - 1000);
    expect(end).toBeLessThanOrEqual(Date.now() + 14 * DAY + 1000);
    // plan-growth's default trial converts to paid
    expect(await subscription(stack, `sub-${deal.opportunityId}-trial`)).toMatchObject({ status: 'IN_TRIAL', trialEndBehavior: 'CONVERT_TO_PAID' });
  });

  it('a trial end date in the past is BAD_USER_INPUT on trialEndDate and creates no run', async () => {
    const result = await stack.graphql<Json>(START_TRIAL, {
      input: { opportunityId: OPP.globex, trialEndDate: new Date(Date.now() - DAY).toISOString() },
    });
    expect(errorOf(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trialEndDate' });
    const runs = await stack.graphql<Json>(`query($id: ID!) { opportunity(id: $id) { provisioningRuns { id } } }`, { id: OPP.globex });
    expect(runs.body.data.opportunity.provisioningRuns).toEqual([]);
  });
});
