import { startTestStack, TestStack } from '../helpers/test-stack';
import { ENTRY, createDeal, resetCounters, salesforce, writesCounted, writtenBack } from '../helpers/provisioning-helpers';
import { automationStatus, eventOutcomes, eventually, runsOf } from '../helpers/automation-helpers';

describe('Closed/Won automation in preview mode: the plan and any precondition recorded, nothing written', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ AUTOMATION_MODE: 'preview' });
    await eventually(async () => { const s = await automationStatus(stack); return s.subscribed && s.lastSweepAt !== null; }, 'subscribed and swept');
  }, 30_000);
  afterAll(() => stack?.stop());

  it('a deal closed in Salesforce is planned, not provisioned: no run, no write to Stigg or Salesforce', async () => {
    const conn = salesforce(stack);
    const good = await createDeal(conn, { name: 'Preview Phi', stageName: 'Negotiation/Review', lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 480 }] });
    const noPlan = await createDeal(conn, { name: 'Preview Psi', stageName: 'Negotiation/Review', lines: [{ entry: ENTRY.seats, quantity: 2, unitPrice: 20 }] });
    const before = (await eventOutcomes(stack)).previewed;
    await conn.sobject('Opportunity').update({ Id: good.opportunityId, StageName: 'Closed Won' });
    await conn.sobject('Opportunity').update({ Id: noPlan.opportunityId, StageName: 'Closed Won' });
    resetCounters(stack);
    await eventually(async () => (await eventOutcomes(stack)).previewed >= before + 2, 'both previewed');

    expect(writesCounted(stack)).toEqual({});
    expect(await runsOf(stack, good.opportunityId)).toEqual([]);
    expect(await runsOf(stack, noPlan.opportunityId)).toEqual([]);
    expect(await writtenBack(conn, good.opportunityId)).toMatchObject({ status: null, subscriptionId: null });
    const audit = await stack.gateway.services.journal.audit.listAudit({ principal: 'automation', first: 500 });
    const entries: any[] = audit.filter((e) => e.operation === 'automationPreview');
    expect(entries.find((e: any) => e.target === good.opportunityId)).toMatchObject({ principal: 'automation', outcome: 'PLANNED' });
    expect(entries.find((e: any) => e.target === good.opportunityId).details.plan).toMatchObject({ planId: expect.any(String), opportunityId: good.opportunityId });
    expect(entries.find((e: any) => e.target === noPlan.opportunityId)).toMatchObject({ outcome: 'PLAN_MISSING' });
    expect(await automationStatus(stack)).toMatchObject({ mode: 'preview', pendingRetries: 0, needsAttentionCount: 0 });
  }, 30_000);
});
