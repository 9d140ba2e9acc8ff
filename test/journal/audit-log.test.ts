import { Journal } from '../../src/services/journal';
import { describeEachJournal } from './journal-test-targets';

describeEachJournal('audit log', (target) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await target.open();
    await journal.audit.recordAudit({ principal: 'key-a', operation: 'provisionOpportunity', target: '006A', outcome: 'SUCCEEDED',
      details: { runId: 'r1', kind: 'SUBSCRIPTION' }, now: new Date('2025-04-01T09:00:00Z') });
    await journal.audit.recordAudit({ principal: 'key-b', operation: 'grantCredits', target: 'cust-1', outcome: 'BAD_USER_INPUT',
      now: new Date('2025-04-01T10:00:00Z') });
    await journal.audit.recordAudit({ principal: 'key-a', operation: 'voidCreditGrant', outcome: 'SUCCEEDED',
      details: { grantId: 'g1' }, now: new Date('2025-04-01T11:00:00Z') });
  });

  it('records who did what to what, with which outcome', async () => {
    const entry = await journal.audit.recordAudit({ principal: 'sandbox', operation: 'startTrial', target: '006B', outcome: 'FAILED' });
    expect(entry).toMatchObject({ principal: 'sandbox', operation: 'startTrial', target: '006B', outcome: 'FAILED', details: null });
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists newest first, by principal and since', async () => {
    const all = await journal.audit.listAudit({ first: 3, since: new Date('2025-01-01T00:00:00Z') });
    expect(all.map((e) => e.operation)).toEqual(['startTrial', 'voidCreditGrant', 'grantCredits']);
    const byA = await journal.audit.listAudit({ first: 10, principal: 'key-a' });
    expect(byA).toEqual([
      { id: expect.any(String), occurredAt: new Date('2025-04-01T11:00:00Z'), principal: 'key-a', operation: 'voidCreditGrant',
        target: null, outcome: 'SUCCEEDED', details: { grantId: 'g1' } },
      { id: expect.any(String), occurredAt: new Date('2025-04-01T09:00:00Z'), principal: 'key-a', operation: 'provisionOpportunity',
        target: '006A', outcome: 'SUCCEEDED', details: { runId: 'r1', kind: 'SUBSCRIPTION' } },
    ]);
    const recent = await journal.audit.listAudit({ first: 10, principal: 'key-a', since: new Date('2025-04-01T10:00:00Z') });
    expect(recent.map((e) => e.operation)).toEqual(['voidCreditGrant']);
    expect(await journal.audit.listAudit({ first: 0 })).toEqual([]);
  });
});
