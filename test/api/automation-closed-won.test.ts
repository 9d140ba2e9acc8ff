import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { ENTRY, createDeal, salesforce, stiggState, writtenBack } from '../helpers/provisioning-helpers';
import { automationStatus, eventOutcomes, eventually, pubsubControl, runsOf } from '../helpers/automation-helpers';

/** A Growth deal, not yet won, on a new account with a contact. */
async function openDeal(conn: jsforce.Connection, name: string) {
  return createDeal(conn, { name, stageName: 'Negotiation/Review', lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 480 }, { entry: ENTRY.seats, quantity: 5, unitPrice: 20 }] });
}

describe('Closed/Won automation: a deal closed in Salesforce is provisioned with no API call', () => {
  let stack: TestStack;
  let conn: jsforce.Connection;

  beforeAll(async () => {
    stack = await startTestStack({ AUTOMATION_MODE: 'provision' });
    conn = salesforce(stack);
    // Subscribed, and the first sweep (which provisions the seed's won deals) done.
    await eventually(async () => { const s = await automationStatus(stack); return s.subscribed && s.lastSweepAt !== null; }, 'the subscription and the first sweep');
  }, 30_000);
  afterAll(() => stack?.stop());

  it('moving the opportunity to Closed Won provisions it once (trigger EVENT), even when it is updated again', async () => {
    const deal = await openDeal(conn, 'Automation Alpha');
    const apiCallsBefore = stack.logs.filter((l) => l.includes('"graphql request"')).length;
    await conn.sobject('Opportunity').update({ Id: deal.opportunityId, StageName: 'Closed Won' });

    const run = await eventually(async () => (await runsOf(stack, deal.opportunityId)).find((r) => r.status === 'SUCCEEDED'), 'the run');
    expect(run).toMatchObject({ kind: 'SUBSCRIPTION', trigger: 'EVENT', attempts: 1, requestedBy: 'automation', subscriptionId: `sub-${deal.opportunityId}` });
    expect(await writtenBack(conn, deal.opportunityId)).toMatchObject({ status: 'Provisioned', subscriptionId: `sub-${deal.opportunityId}` });
    expect(stiggState(stack, deal.opportunityId).live).toHaveLength(1);
    expect(stack.logs.filter((l) => l.includes('"graphql request"')).length).toBe(apiCallsBefore);

    // Updated again while won (its description), then reopened and won again: three more events, nothing new.
    await conn.sobject('Opportunity').update({ Id: deal.opportunityId, Description: 'signed copy attached' });
    await conn.sobject('Opportunity').update({ Id: deal.opportunityId, StageName: 'Negotiation/Review' });
    await conn.sobject('Opportunity').update({ Id: deal.opportunityId, StageName: 'Closed Won' });
    await eventually(async () => (await eventOutcomes(stack)).duplicate >= 1 && (await eventOutcomes(stack)).ignored >= 2, 'the three events handled');
    const runs = await runsOf(stack, deal.opportunityId);
    expect(runs).toHaveLength(1);
    expect(stiggState(stack, deal.opportunityId).subscriptions).toHaveLength(1);
  }, 30_000);

  it('an amendment closed in Salesforce goes to the subscription it names (kind AMENDMENT), the original untouched', async () => {
    const original = await openDeal(conn, 'Automation Beta');
    await conn.sobject('Opportunity').update({ Id: original.opportunityId, StageName: 'Closed Won' });
    await eventually(async () => (await runsOf(stack, original.opportunityId)).find((r) => r.status === 'SUCCEEDED'), 'the original provisioned');
    const upsell = await createDeal(conn, {
      name: 'Automation Beta upsell', accountId: original.accountId, contactEmail: null, stageName: 'Negotiation/Review',
      lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 480 }, { entry: ENTRY.seats, quantity: 12, unitPrice: 20 }],
    });
    await conn.sobject('Opportunity').update({ Id: upsell.opportunityId, Type: 'Existing Customer - Upgrade', Stigg_Subscription_Id__c: `sub-${original.opportunityId}` });
    await conn.sobject('Opportunity').update({ Id: upsell.opportunityId, StageName: 'Closed Won' });

    const run = await eventually(async () => (await runsOf(stack, upsell.opportunityId)).find((r) => r.status === 'SUCCEEDED'), 'the amendment');
    expect(run).toMatchObject({ kind: 'AMENDMENT', trigger: 'EVENT' });
    expect(stiggState(stack, original.opportunityId).live).toHaveLength(1);
    const seats = stiggState(stack, original.opportunityId).live[0].billableFeatures.find((f) => f.featureRefId === 'feature-seats');
    expect(seats?.quantity).toBe(12);
    expect(await runsOf(stack, original.opportunityId)).toHaveLength(1);
  }, 30_000);

  it('a subscription Salesforce refuses reconnects with backoff, from its checkpoint, and deals keep being provisioned once', async () => {
    const automation = stack.gateway.services.automation;
    const subscribesBefore = (await pubsubControl(stack, 'GET', '/counters')).Subscribe;
    // The next two Subscribe calls fail (UNAVAILABLE), then the Pub/Sub API is back.
    await pubsubControl(stack, 'POST', '/faults', { operation: 'Subscribe', failure: 'UNAVAILABLE', times: 2 });
    await automation.stop();
    const first = await openDeal(conn, 'Automation Gamma');
    await conn.sobject('Opportunity').update({ Id: first.opportunityId, StageName: 'Closed Won' });
    automation.start();
    await eventually(async () => (await automationStatus(stack)).subscribed && (await pubsubControl(stack, 'GET', '/counters')).Subscribe >= subscribesBefore + 3,
      'subscribed after two refusals');
    expect(stack.logs.filter((l) => l.includes('change events: subscription dropped; reconnecting')).length).toBeGreaterThanOrEqual(2);
    // The deal closed while nothing was subscribed comes from the checkpoint (or the sweep that starts with the lease).
    await eventually(async () => (await runsOf(stack, first.opportunityId)).find((r) => r.status === 'SUCCEEDED'), 'the deal closed meanwhile');
    const second = await openDeal(conn, 'Automation Delta');
    await conn.sobject('Opportunity').update({ Id: second.opportunityId, StageName: 'Closed Won' });
    expect((await eventually(async () => (await runsOf(stack, second.opportunityId)).find((r) => r.status === 'SUCCEEDED'), 'the next deal')).trigger).toBe('EVENT');
    for (const deal of [first, second]) {
      expect(await runsOf(stack, deal.opportunityId)).toHaveLength(1);
      expect(stiggState(stack, deal.opportunityId).subscriptions).toHaveLength(1);
    }
  }, 30_000);

  it('automationStatus reports the mode, the subscription, the topic and the checkpoint', async () => {
    const status = await automationStatus(stack);
    expect(status).toMatchObject({ mode: 'provision', subscribed: true, topic: '/data/OpportunityChangeEvent', leader: true, pendingRetries: 0 });
    expect(status.lastReplayId).toEqual(expect.any(String));
    expect(new Date(status.lastEventAt).getTime()).not.toBeNaN();
    expect(status.lagSeconds).toBeGreaterThanOrEqual(0);
  });
});

describe('Closed/Won automation on a custom channel with a filter (AUTOMATION_TOPIC=/data/O2C__chn)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ AUTOMATION_MODE: 'provision', AUTOMATION_TOPIC: '/data/O2C__chn' });
    await eventually(async () => { const s = await automationStatus(stack); return s.subscribed && s.lastSweepAt !== null; }, 'subscribed and swept');
  }, 30_000);
  afterAll(() => stack?.stop());

  it('a deal closed in Salesforce is provisioned from the channel\'s event', async () => {
    const conn = salesforce(stack);
    const deal = await openDeal(conn, 'Channel Kappa');
    await conn.sobject('Opportunity').update({ Id: deal.opportunityId, StageName: 'Closed Won' });
    const run = await eventually(async () => (await runsOf(stack, deal.opportunityId)).find((r) => r.status === 'SUCCEEDED'), 'the run');
    expect(run.trigger).toBe('EVENT');
    expect((await automationStatus(stack)).topic).toBe('/data/O2C__chn');
  }, 30_000);
});
