import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { ENTRY, createDeal, salesforce, stiggState } from '../helpers/provisioning-helpers';
import { AUTOMATION_RUN_FIELDS, automationStatus, eventually, runsOf } from '../helpers/automation-helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RETRY = `mutation($id: ID!) { retryProvisioning(runId: $id) { ${AUTOMATION_RUN_FIELDS} } }`;

async function salesforceStatus(conn: jsforce.Connection, id: string) {
  const { records } = await conn.query<{ Stigg_Provisioning_Status__c: string | null; Stigg_Provisioning_Error__c: string | null }>(
    `SELECT Stigg_Provisioning_Status__c, Stigg_Provisioning_Error__c FROM Opportunity WHERE Id = '${id}'`);
  return { status: records[0].Stigg_Provisioning_Status__c, error: records[0].Stigg_Provisioning_Error__c };
}

describe('Closed/Won automation: retries that end in a person\'s hands (a fake clock, no sleeps)', () => {
  let stack: TestStack;
  let conn: jsforce.Connection;
  let now = new Date('2026-06-01T09:00:00.000Z');

  beforeAll(async () => {
    // The breaker must not stay open after the fault is gone: this suite fails Stigg many times in a row.
    stack = await startTestStack({ AUTOMATION_MODE: 'provision', UPSTREAM_BREAKER_FAILURES: '1000' });
    stack.gateway.services.automation.useClock(() => now);
    conn = salesforce(stack);
    await eventually(async () => { const s = await automationStatus(stack); return s.subscribed && s.lastSweepAt !== null; }, 'the subscription and the first sweep');
  }, 30_000);
  afterEach(() => stack.sandbox.stigg.faults.clear());
  afterAll(() => stack?.stop());

  it('retries a retryable failure at 1 min, 5 min, 30 min, 2 h and 12 h, then NEEDS_ATTENTION; retryProvisioning succeeds once Stigg is back', async () => {
    // The first sweep made the seed's unprovisionable won deals NEEDS_ATTENTION: counts below are relative to it.
    const before = await automationStatus(stack);
    const metricsText = async () => (await (await fetch(`${stack.url}/metrics`)).text());
    const attentionMetric = async () => Number(/gateway_automation_needs_attention_total\{kind="SUBSCRIPTION"\} (\d+)/.exec(await metricsText())?.[1] ?? 0);
    const metricBefore = await attentionMetric();
    stack.sandbox.stigg.faults.add({ operation: 'provisionSubscriptionV2', failure: 'SERVER_ERROR' });
    const deal = await createDeal(conn, { name: 'Retry Rho', stageName: 'Negotiation/Review', lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 480 }] });
    await conn.sobject('Opportunity').update({ Id: deal.opportunityId, StageName: 'Closed Won' });

    let run = await eventually(async () => (await runsOf(stack, deal.opportunityId)).find((r) => r.status === 'FAILED'), 'the first failure');
    expect(run).toMatchObject({ trigger: 'EVENT', attempts: 1, error: { code: 'UPSTREAM_UNAVAILABLE', step: 'SUBSCRIPTION' } });
    expect(new Date(run.nextAttemptAt)).toEqual(new Date(now.getTime() + MINUTE));
    expect((await automationStatus(stack)).pendingRetries).toBe(1);

    const schedule = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 12 * HOUR];
    for (let i = 0; i < schedule.length; i += 1) {
      // Not due yet: a second early, nothing is asked.
      now = new Date(now.getTime() + schedule[i] - 1_000);
      expect(await stack.gateway.services.automation.runDueRetries()).toBe(0);
      now = new Date(now.getTime() + 1_000);
      await stack.gateway.services.automation.runDueRetries();
      run = await eventually(async () => (await runsOf(stack, deal.opportunityId)).find((r) => r.status !== 'RUNNING' && r.attempts === i + 2), `attempt ${i + 2}`);
      expect(run.trigger).toBe('RETRY');
      if (i < schedule.length - 1) {
        expect(run.status).toBe('FAILED');
        expect(new Date(run.nextAttemptAt)).toEqual(new Date(now.getTime() + schedule[i + 1]));
      }
    }
    expect(run).toMatchObject({ status: 'NEEDS_ATTENTION', attempts: 6, nextAttemptAt: null, error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(await salesforceStatus(conn, deal.opportunityId)).toEqual({
      status: 'Needs attention', error: expect.stringMatching(/^UPSTREAM_UNAVAILABLE: .+retry/),
    });
    const listed = await stack.graphql<any>('{ provisioningRuns(filter: { status: NEEDS_ATTENTION }) { edges { node { id } } } }');
    expect(listed.body.data.provisioningRuns.edges.map((e: any) => e.node.id)).toContain(run.id);
    expect(await automationStatus(stack)).toMatchObject({ pendingRetries: 0, needsAttentionCount: before.needsAttentionCount + 1 });
    expect(await attentionMetric()).toBe(metricBefore + 1);
    expect(stack.logs.some((l) => l.includes('provisioning run needs attention') && l.includes(deal.opportunityId))).toBe(true);
    // Nothing more is retried by itself.
    now = new Date(now.getTime() + 48 * HOUR);
    expect(await stack.gateway.services.automation.runDueRetries()).toBe(0);

    // Stigg is back; someone asks again.
    stack.sandbox.stigg.faults.clear();
    const retried = await stack.graphql<any>(RETRY, { id: run.id });
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data.retryProvisioning).toMatchObject({ id: run.id, status: 'SUCCEEDED', trigger: 'RETRY', attempts: 7, error: null });
    expect(stiggState(stack, deal.opportunityId).live).toHaveLength(1);
    expect(await salesforceStatus(conn, deal.opportunityId)).toEqual({ status: 'Provisioned', error: null });
    expect((await automationStatus(stack)).needsAttentionCount).toBe(before.needsAttentionCount);
  }, 60_000);

  it('a deal that fails a precondition becomes a NEEDS_ATTENTION run with its code; retryProvisioning succeeds after the deal is fixed', async () => {
    // No plan on the deal: only seats.
    const deal = await createDeal(conn, { name: 'Precondition Pi', stageName: 'Negotiation/Review', lines: [{ entry: ENTRY.seats, quantity: 3, unitPrice: 20 }] });
    await conn.sobject('Opportunity').update({ Id: deal.opportunityId, StageName: 'Closed Won' });
    const run = await eventually(async () => (await runsOf(stack, deal.opportunityId)).find((r) => r.status === 'NEEDS_ATTENTION'), 'the run');
    expect(run).toMatchObject({ trigger: 'EVENT', error: { code: 'PLAN_MISSING', step: null }, requestedBy: 'automation' });
    expect(await salesforceStatus(conn, deal.opportunityId)).toEqual({ status: 'Needs attention', error: expect.stringMatching(/^PLAN_MISSING: /) });

    // Asked again before anyone fixed it: still the precondition, as a GraphQL error; the run unchanged.
    const early = await stack.graphql<any>(RETRY, { id: run.id });
    expect(early.body.errors?.[0]?.extensions?.code).toBe('PLAN_MISSING');
    expect((await runsOf(stack, deal.opportunityId))[0]).toMatchObject({ id: run.id, status: 'NEEDS_ATTENTION' });

    // Sales ops adds the plan.
    const added = await conn.sobject('OpportunityLineItem').create({ OpportunityId: deal.opportunityId, PricebookEntryId: ENTRY.growthPlan, Quantity: 1, UnitPrice: 480 });
    expect((added as any).success).toBe(true);
    const retried = await stack.graphql<any>(RETRY, { id: run.id });
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data.retryProvisioning).toMatchObject({ id: run.id, status: 'SUCCEEDED', trigger: 'RETRY' });
    expect(await salesforceStatus(conn, deal.opportunityId)).toEqual({ status: 'Provisioned', error: null });
  }, 60_000);

  it('retryProvisioning refuses a run that is not FAILED or NEEDS_ATTENTION, and an unknown one', async () => {
    const done = (await stack.graphql<any>('{ provisioningRuns(filter: { status: SUCCEEDED }, first: 1) { edges { node { id } } } }')).body.data.provisioningRuns.edges[0].node.id;
    expect((await stack.graphql<any>(RETRY, { id: done })).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'runId' });
    expect((await stack.graphql<any>(RETRY, { id: '00000000-0000-0000-0000-000000000000' })).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
