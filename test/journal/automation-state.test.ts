import { randomUUID } from 'node:crypto';
import { Journal } from '../../src/services/journal';
import { describeEachJournal } from './journal-test-targets';
import { aClaim, at } from './journal-test-data';

const opportunity = () => `006${randomUUID().replace(/-/g, '').slice(0, 15)}`;

describeEachJournal('automation in the journal', (target) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await target.open();
  });

  describe('runs: trigger, attempts, retries', () => {
    it('records what started a run and counts its attempts; a resume clears the pending retry', async () => {
      const claim = aClaim({ trigger: 'EVENT' });
      const created = await journal.runs.claimRun(claim);
      expect(created.run).toMatchObject({ trigger: 'EVENT', attempts: 1, nextAttemptAt: null });
      await journal.runs.finishRun(created.run.id, { status: 'FAILED', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down', step: 'CUSTOMER' } });
      expect(await journal.runs.scheduleRetry(created.run.id, at('2025-01-01T10:01:00.000Z'))).toBe(true);
      expect((await journal.runs.getRun(created.run.id))!.nextAttemptAt).toEqual(at('2025-01-01T10:01:00.000Z'));
      const resumed = await journal.runs.claimRun({ ...claim, trigger: 'RETRY', owner: 'other', now: at('2025-01-01T10:01:00.000Z') });
      expect(resumed.outcome).toBe('RESUMED');
      expect(resumed.run).toMatchObject({ trigger: 'RETRY', attempts: 2, nextAttemptAt: null });
    });

    it('a run claimed with no trigger is an API run', async () => {
      const created = await journal.runs.claimRun(aClaim());
      expect(created.run.trigger).toBe('API');
    });

    it('lists FAILED runs whose retry is due, and counts pending retries and NEEDS_ATTENTION runs', async () => {
      const before = await journal.runs.automationCounts();
      const due = await journal.runs.claimRun(aClaim({ trigger: 'SWEEP' }));
      const later = await journal.runs.claimRun(aClaim({ trigger: 'SWEEP' }));
      for (const run of [due.run, later.run]) {
        await journal.runs.finishRun(run.id, { status: 'FAILED', error: { code: 'UPSTREAM_RATE_LIMITED', message: 'slow down', step: 'SUBSCRIPTION' } });
      }
      await journal.runs.scheduleRetry(due.run.id, at('2030-01-01T10:05:00.000Z'));
      await journal.runs.scheduleRetry(later.run.id, at('2030-01-01T12:00:00.000Z'));
      const found = await journal.runs.dueRetries(at('2030-01-01T10:05:00.000Z'));
      expect(found.map((r) => r.id)).toContain(due.run.id);
      expect(found.map((r) => r.id)).not.toContain(later.run.id);
      expect(await journal.runs.automationCounts()).toEqual({ pendingRetries: before.pendingRetries + 2, needsAttention: before.needsAttention });

      const attention = await journal.runs.markNeedsAttention(later.run.id);
      expect(attention).toMatchObject({ status: 'NEEDS_ATTENTION', nextAttemptAt: null, error: { code: 'UPSTREAM_RATE_LIMITED' } });
      expect(await journal.runs.markNeedsAttention(later.run.id)).toBeNull();
      expect(await journal.runs.automationCounts()).toEqual({ pendingRetries: before.pendingRetries + 1, needsAttention: before.needsAttention + 1 });
      const listed = await journal.runs.listRuns({ status: 'NEEDS_ATTENTION', first: 100 });
      expect(listed.edges.map((e) => e.node.id)).toContain(later.run.id);
    });

    it('a NEEDS_ATTENTION run whose retries ran out resumes with its plan when claimed with the same request', async () => {
      const claim = aClaim({ trigger: 'EVENT' });
      const created = await journal.runs.claimRun(claim);
      await journal.runs.markStep(created.run.id, 'HOOK', { status: 'SKIPPED' });
      await journal.runs.finishRun(created.run.id, { status: 'FAILED', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down', step: 'CUSTOMER' } });
      await journal.runs.markNeedsAttention(created.run.id);
      const other = await journal.runs.claimRun({ ...claim, requestHash: 'hash-other', owner: 'o2' });
      expect(other.outcome).toBe('CONFLICT');
      const again = await journal.runs.claimRun({ ...claim, plan: { planId: 'ignored' }, trigger: 'RETRY', owner: 'o3' });
      expect(again.outcome).toBe('RESUMED');
      expect(again.run).toMatchObject({ status: 'RUNNING', plan: claim.plan, error: null, trigger: 'RETRY', attempts: 2 });
      expect(again.run.steps[0].status).toBe('SKIPPED');
    });
  });

  describe('a precondition failure of an automatic trigger', () => {
    const input = (opportunityId: string) => ({
      opportunityId, kind: 'SUBSCRIPTION' as const, requestHash: 'hash-auto', request: { opportunityId }, principal: 'automation',
      trigger: 'EVENT' as const, error: { code: 'PLAN_MISSING', message: 'No line item is a plan.' }, now: at('2025-01-01T10:00:00.000Z'),
    });

    it('is a NEEDS_ATTENTION run with no plan and the precondition as its error', async () => {
      const run = await journal.runs.recordNeedsAttention(input(opportunity()));
      expect(run).toMatchObject({ status: 'NEEDS_ATTENTION', plan: null, trigger: 'EVENT', attempts: 1, error: { code: 'PLAN_MISSING', step: null }, leaseOwner: null });
      expect(run.steps.map((s) => s.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    });

    it('recorded again takes the new error; any claim then starts the run afresh with its own plan', async () => {
      const id = opportunity();
      const first = await journal.runs.recordNeedsAttention(input(id));
      const second = await journal.runs.recordNeedsAttention({ ...input(id), trigger: 'SWEEP', error: { code: 'PRODUCT_MAPPING_INVALID', message: 'bad' } });
      expect(second).toMatchObject({ id: first.id, trigger: 'SWEEP', attempts: 2, error: { code: 'PRODUCT_MAPPING_INVALID' } });
      const claimed = await journal.runs.claimRun(aClaim({ opportunityId: id, requestHash: 'hash-api' }));
      expect(claimed.outcome).toBe('CREATED');
      expect(claimed.run).toMatchObject({ id: first.id, status: 'RUNNING', plan: { planId: 'plan-pro' }, error: null, trigger: 'API', attempts: 3 });
    });

    it('leaves a run that did something untouched', async () => {
      const claim = aClaim();
      const created = await journal.runs.claimRun(claim);
      const run = await journal.runs.recordNeedsAttention(input(claim.opportunityId));
      expect(run).toMatchObject({ id: created.run.id, status: 'RUNNING', error: null });
    });
  });

  describe('named state and leader leases', () => {
    it('stores and reads back a value (a checkpoint), replacing it', async () => {
      expect(await journal.automation.read('checkpoint:test')).toBeNull();
      await journal.automation.write('checkpoint:test', { replayId: 'AAAB' });
      await journal.automation.write('checkpoint:test', { replayId: 'AAAC' });
      expect(await journal.automation.read('checkpoint:test')).toEqual({ replayId: 'AAAC' });
    });

    it('gives a lease to one owner at a time; another takes it once it expired or was released', async () => {
      const name = `leader:${randomUUID()}`;
      const t0 = at('2025-01-01T10:00:00.000Z');
      expect(await journal.automation.acquireLease(name, 'a', 30_000, t0)).toBe(true);
      expect(await journal.automation.acquireLease(name, 'b', 30_000, at('2025-01-01T10:00:29.000Z'))).toBe(false);
      expect(await journal.automation.acquireLease(name, 'a', 30_000, at('2025-01-01T10:00:20.000Z'))).toBe(true);
      expect(await journal.automation.leaseHolder(name, at('2025-01-01T10:00:40.000Z'))).toEqual({ owner: 'a', expiresAt: at('2025-01-01T10:00:50.000Z') });
      expect(await journal.automation.acquireLease(name, 'b', 30_000, at('2025-01-01T10:00:50.000Z'))).toBe(true);
      expect(await journal.automation.acquireLease(name, 'a', 30_000, at('2025-01-01T10:00:51.000Z'))).toBe(false);
      await journal.automation.releaseLease(name, 'b');
      expect(await journal.automation.leaseHolder(name, at('2025-01-01T10:00:52.000Z'))).toBeNull();
      expect(await journal.automation.acquireLease(name, 'a', 30_000, at('2025-01-01T10:00:52.000Z'))).toBe(true);
    });

    it('a lease and a value under one name live side by side', async () => {
      const name = `both:${randomUUID()}`;
      await journal.automation.write(name, 7);
      expect(await journal.automation.acquireLease(name, 'a', 1_000)).toBe(true);
      await journal.automation.write(name, 8);
      expect(await journal.automation.read(name)).toBe(8);
      expect((await journal.automation.leaseHolder(name))?.owner).toBe('a');
    });

    it('two owners racing for a free lease: exactly one wins', async () => {
      const name = `race:${randomUUID()}`;
      const other = await target.open();
      const results = await Promise.all([
        journal.automation.acquireLease(name, 'a', 30_000),
        other.automation.acquireLease(name, 'b', 30_000),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
});
