import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { ENTRY, createDeal, salesforce, stiggState, writtenBack } from '../helpers/provisioning-helpers';
import { automationStatus, eventOutcomes, eventually, runsOf } from '../helpers/automation-helpers';

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

  it('automationStatus reports the mode, the subscription, the topic and the checkpoint', async () => {
    const status = await automationStatus(stack);
    expect(status).toMatchObject({ mode: 'provision', subscribed: true, topic: '/data/OpportunityChangeEvent', leader: true, pendingRetries: 0 });
    expect(status.lastReplayId).toEqual(expect.any(String));
    expect(new Date(status.lastEventAt).getTime()).not.toBeNaN();
    expect(status.lagSeconds).toBeGreaterThanOrEqual(0);
  });
});
