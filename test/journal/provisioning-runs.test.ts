import { InvalidCursorError, Journal, firstUnfinishedStep } from '../../src/services/journal';
import { describeEachJournal } from './journal-test-targets';
import { aClaim, at } from './journal-test-data';

describeEachJournal('provisioning runs', (target) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await target.open();
  });

  describe('claimRun', () => {
    it('creates a RUNNING run leased to the owner, with four PENDING steps in order', async () => {
      const claim = aClaim({ idempotencyKey: 'idem-1' });
      const result = await journal.runs.claimRun(claim);
      expect(result.outcome).toBe('CREATED');
      const run = result.run;
      expect(run).toMatchObject({
        opportunityId: claim.opportunityId, kind: 'SUBSCRIPTION', status: 'RUNNING', requestHash: 'hash-a',
        request: claim.request, plan: claim.plan, idempotencyKey: 'idem-1', principal: 'key-1',
        customerId: null, subscriptionId: null, checkoutUrl: null, error: null, leaseOwner: claim.owner,
      });
      expect(run.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(run.leaseExpiresAt).toEqual(at('2025-01-01T10:02:00.000Z'));
      expect(run.createdAt).toEqual(claim.now);
      expect(run.updatedAt).toEqual(claim.now);
      expect(run.steps.map((s) => [s.name, s.position, s.status])).toEqual([
        ['HOOK', 0, 'PENDING'], ['CUSTOMER', 1, 'PENDING'], ['SUBSCRIPTION', 2, 'PENDING'], ['WRITE_BACK', 3, 'PENDING'],
      ]);
      expect(run.steps[0]).toMatchObject({ startedAt: null, finishedAt: null, error: null, output: null });
    });

    it('keys runs by (opportunity, kind): a TRIAL and a SUBSCRIPTION of one opportunity are two runs', async () => {
      const trial = await journal.runs.claimRun(aClaim({ opportunityId: '006000000000001AAA', kind: 'TRIAL' }));
      const sub = await journal.runs.claimRun(aClaim({ opportunityId: '006000000000001AAA', kind: 'SUBSCRIPTION' }));
      expect([trial.outcome, sub.outcome]).toEqual(['CREATED', 'CREATED']);
      expect(trial.run.id).not.toBe(sub.run.id);
    });

    it('answers IN_PROGRESS while another owner holds a live lease, whatever the request', async () => {
      const first = aClaim();
      await journal.runs.claimRun(first);
      const same = await journal.runs.claimRun({ ...first, owner: 'other', now: at('2025-01-01T10:01:59.000Z') });
      const other = await journal.runs.claimRun({ ...first, owner: 'other', requestHash: 'hash-b' });
      expect([same.outcome, other.outcome]).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
      expect(same.run.leaseOwner).toBe(first.owner);
    });

    it('lets the lease holder claim again (re-entrant)', async () => {
      const first = aClaim();
      const created = await journal.runs.claimRun(first);
      const again = await journal.runs.claimRun({ ...first, now: at('2025-01-01T10:01:00.000Z') });
      expect(again.outcome).toBe('RESUMED');
      expect(again.run.id).toBe(created.run.id);
      expect(again.run.leaseExpiresAt).toEqual(at('2025-01-01T10:03:00.000Z'));
    });

    it('resumes a RUNNING run whose lease expired, keeping its stored plan and finished steps', async () => {
      const first = aClaim();
      const created = await journal.runs.claimRun(first);
      await journal.runs.markStep(created.run.id, 'HOOK', { status: 'SKIPPED' });
      await journal.runs.markStep(created.run.id, 'CUSTOMER', { status: 'RUNNING', startedAt: at('2025-01-01T10:00:01Z') });
      const later = at('2025-01-01T10:02:00.000Z'); // exactly at expiry: expired
      const resumed = await journal.runs.claimRun({ ...first, owner: 'replica-2', plan: { planId: 'ignored' }, now: later });
      expect(resumed.outcome).toBe('RESUMED');
      expect(resumed.run).toMatchObject({ id: created.run.id, status: 'RUNNING', leaseOwner: 'replica-2', plan: first.plan });
      expect(resumed.run.leaseExpiresAt).toEqual(at('2025-01-01T10:04:00.000Z'));
      expect(firstUnfinishedStep(resumed.run)?.name).toBe('CUSTOMER');
    });

    it('resumes a FAILED run asked again with the same request, clearing its error', async () => {
      const first = aClaim();
      const created = await journal.runs.claimRun(first);
      await journal.runs.markStep(created.run.id, 'HOOK', { status: 'SUCCEEDED' });
      await journal.runs.markStep(created.run.id, 'CUSTOMER', { status: 'FAILED', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'timeout' } });
      await journal.runs.finishRun(created.run.id, {
        status: 'FAILED', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'timeout', step: 'CUSTOMER' }, owner: first.owner,
      });
      const resumed = await journal.runs.claimRun({ ...first, owner: 'retry', now: at('2025-01-01T10:00:30Z') });
      expect(resumed.outcome).toBe('RESUMED');
      expect(resumed.run).toMatchObject({ status: 'RUNNING', error: null, leaseOwner: 'retry' });
      expect(firstUnfinishedStep(resumed.run)).toMatchObject({ name: 'CUSTOMER', status: 'FAILED' });
    });

    it('answers CONFLICT when a FAILED run is asked again with another request', async () => {
      const first = aClaim();
      const created = await journal.runs.claimRun(first);
      await journal.runs.finishRun(created.run.id, { status: 'FAILED', error: { code: 'X', message: 'x', step: 'HOOK' } });
      const other = await journal.runs.claimRun({ ...first, requestHash: 'hash-b', owner: 'o2' });
      expect(other.outcome).toBe('CONFLICT');
      expect(other.run).toMatchObject({ id: created.run.id, status: 'FAILED' });
    });

    it('a SCHEDULED run withdrawn is started afresh by the next claim, whatever its request: new plan, steps PENDING, same id', async () => {
      const first = aClaim({ kind: 'CANCELLATION' });
      const created = await journal.runs.claimRun(first);
      await journal.runs.markStep(created.run.id, 'SUBSCRIPTION', { status: 'SUCCEEDED', output: { scheduled: true } });
      await journal.runs.finishRun(created.run.id, { status: 'SCHEDULED', subscriptionId: 'sub-1', effectiveAt: at('2025-02-01T00:00:00Z') });
      expect(await journal.runs.withdrawRun(created.run.id)).toBe(true);
      expect(await journal.runs.withdrawRun(created.run.id)).toBe(false); // only a SCHEDULED run is withdrawn
      expect((await journal.runs.getRun(created.run.id))!.status).toBe('WITHDRAWN');

      const again = await journal.runs.claimRun({ ...first, owner: 'o2', requestHash: 'hash-b', plan: { when: 'IMMEDIATE' } });
      expect(again.outcome).toBe('CREATED');
      expect(again.run).toMatchObject({ id: created.run.id, status: 'RUNNING', requestHash: 'hash-b', plan: { when: 'IMMEDIATE' }, effectiveAt: null, subscriptionId: null });
      expect(again.run.steps.map((s) => s.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    });

    it('answers CONFLICT for another request on an abandoned RUNNING run', async () => {
      const first = aClaim();
      await journal.runs.claimRun(first);
      const other = await journal.runs.claimRun({ ...first, requestHash: 'hash-b', owner: 'o2', now: at('2025-01-01T11:00:00Z') });
      expect(other.outcome).toBe('CONFLICT');
    });

    it('returns a SUCCEEDED run untouched for the same request, CONFLICT for another', async () => {
      const first = aClaim();
      const created = await journal.runs.claimRun(first);
      const finished = await journal.runs.finishRun(created.run.id, {
        status: 'SUCCEEDED', customerId: 'cust-1', subscriptionId: 'sub-1', owner: first.owner, now: at('2025-01-01T10:00:05Z'),
      });
      const same = await journal.runs.claimRun({ ...first, owner: 'o2', now: at('2025-01-02T00:00:00Z') });
      expect(same.outcome).toBe('SUCCEEDED');
      expect(same.run).toEqual(finished);
      const other = await journal.runs.claimRun({ ...first, owner: 'o3', requestHash: 'hash-b' });
      expect(other.outcome).toBe('CONFLICT');
      expect(other.run).toEqual(finished);
    });

    it('keeps a SCHEDULED run and when it takes effect, and returns it untouched for the same request, CONFLICT for another', async () => {
      const first = aClaim();
      const created = await journal.runs.claimRun(first);
      const finished = await journal.runs.finishRun(created.run.id, {
        status: 'SCHEDULED', subscriptionId: 'sub-1', effectiveAt: at('2025-02-01T00:00:00Z'), owner: first.owner, now: at('2025-01-01T10:00:05Z'),
      });
      expect(finished).toMatchObject({ status: 'SCHEDULED', effectiveAt: at('2025-02-01T00:00:00Z'), leaseOwner: null });
      expect(await journal.runs.getRun(created.run.id)).toEqual(finished);
      const same = await journal.runs.claimRun({ ...first, owner: 'o2', now: at('2025-01-02T00:00:00Z') });
      expect(same).toEqual({ outcome: 'SUCCEEDED', run: finished });
      expect((await journal.runs.claimRun({ ...first, owner: 'o3', requestHash: 'hash-b' })).outcome).toBe('CONFLICT');
    });

    it('resumes an ACTION_REQUIRED run asked again with the same request (the person may have acted)', async () => {
      const first = aClaim();
      const created = await journal.runs.claimRun(first);
      await journal.runs.finishRun(created.run.id, { status: 'ACTION_REQUIRED', checkoutUrl: 'https://checkout.example/1' });
      expect((await journal.runs.claimRun({ ...first, owner: 'o2', requestHash: 'h2' })).outcome).toBe('CONFLICT');
      const again = await journal.runs.claimRun({ ...first, owner: 'o2' });
      expect(again.outcome).toBe('RESUMED');
      expect(again.run.status).toBe('RUNNING');
    });

    it('rejects a non-positive lease', async () => {
      await expect(journal.runs.claimRun(aClaim({ leaseMs: 0 }))).rejects.toThrow(RangeError);
    });
  });

  describe('leases', () => {
    it('renews only for the holder of a RUNNING run', async () => {
      const claim = aClaim();
      const { run } = await journal.runs.claimRun(claim);
      expect(await journal.runs.renewLease(run.id, claim.owner, 60_000, at('2025-01-01T10:01:30Z'))).toBe(true);
      expect((await journal.runs.getRun(run.id))!.leaseExpiresAt).toEqual(at('2025-01-01T10:02:30Z'));
      expect(await journal.runs.renewLease(run.id, 'someone-else', 60_000)).toBe(false);
      await journal.runs.finishRun(run.id, { status: 'SUCCEEDED' });
      expect(await journal.runs.renewLease(run.id, claim.owner, 60_000)).toBe(false);
    });
  });

  describe('markStep', () => {
    it('records status, times, error and output, only the fields given', async () => {
      const claim = aClaim();
      const { run } = await journal.runs.claimRun(claim);
      expect(await journal.runs.markStep(run.id, 'SUBSCRIPTION', {
        status: 'RUNNING', startedAt: at('2025-01-01T10:00:01Z'), now: at('2025-01-01T10:00:01Z'),
      })).toBe(true);
      await journal.runs.markStep(run.id, 'SUBSCRIPTION', {
        status: 'FAILED', finishedAt: at('2025-01-01T10:00:02Z'), error: { code: 'UPSTREAM_REJECTED', message: 'no' },
        output: { attempt: 1, ids: ['a'] },
      });
      let step = (await journal.runs.getRun(run.id))!.steps.find((s) => s.name === 'SUBSCRIPTION')!;
      expect(step).toEqual({
        name: 'SUBSCRIPTION', position: 2, status: 'FAILED', startedAt: at('2025-01-01T10:00:01Z'),
        finishedAt: at('2025-01-01T10:00:02Z'), error: { code: 'UPSTREAM_REJECTED', message: 'no' }, output: { attempt: 1, ids: ['a'] },
      });
      await journal.runs.markStep(run.id, 'SUBSCRIPTION', { status: 'SUCCEEDED', error: null, finishedAt: at('2025-01-01T10:00:09Z') });
      step = (await journal.runs.getRun(run.id))!.steps.find((s) => s.name === 'SUBSCRIPTION')!;
      expect(step).toMatchObject({ status: 'SUCCEEDED', error: null, output: { attempt: 1, ids: ['a'] }, startedAt: at('2025-01-01T10:00:01Z') });
      expect((await journal.runs.getRun(run.id))!.updatedAt.getTime()).toBeGreaterThan(claim.now.getTime());
    });

    it('is fenced by the owner when one is given', async () => {
      const claim = aClaim();
      const { run } = await journal.runs.claimRun(claim);
      expect(await journal.runs.markStep(run.id, 'HOOK', { status: 'SKIPPED', owner: 'not-the-holder' })).toBe(false);
      expect((await journal.runs.getRun(run.id))!.steps[0].status).toBe('PENDING');
      expect(await journal.runs.markStep(run.id, 'HOOK', { status: 'SKIPPED', owner: claim.owner })).toBe(true);
      expect((await journal.runs.getRun(run.id))!.steps[0].status).toBe('SKIPPED');
    });

    it('returns false for an unknown run', async () => {
      expect(await journal.runs.markStep('00000000-0000-0000-0000-000000000000', 'HOOK', { status: 'SKIPPED' })).toBe(false);
    });
  });

  describe('finishRun and updateRunFields', () => {
    it('finishes with results and releases the lease', async () => {
      const claim = aClaim();
      const { run } = await journal.runs.claimRun(claim);
      const done = await journal.runs.finishRun(run.id, {
        status: 'ACTION_REQUIRED', customerId: 'cust-9', subscriptionId: 'sub-006x', checkoutUrl: 'https://pay.example/c',
        error: { code: 'PAYMENT_REQUIRED', message: 'add a card', step: 'SUBSCRIPTION' }, owner: claim.owner, now: at('2025-01-01T10:00:07Z'),
      });
      expect(done).toMatchObject({
        status: 'ACTION_REQUIRED', customerId: 'cust-9', subscriptionId: 'sub-006x', checkoutUrl: 'https://pay.example/c',
        error: { code: 'PAYMENT_REQUIRED', message: 'add a card', step: 'SUBSCRIPTION' }, leaseOwner: null, leaseExpiresAt: null,
        updatedAt: at('2025-01-01T10:00:07Z'),
      });
      expect(done!.steps).toHaveLength(4);
    });

    it('does not finish a run whose lease another owner took', async () => {
      const claim = aClaim();
      const { run } = await journal.runs.claimRun(claim);
      await journal.runs.claimRun({ ...claim, owner: 'replica-2', now: at('2025-01-01T11:00:00Z') });
      expect(await journal.runs.finishRun(run.id, { status: 'SUCCEEDED', owner: claim.owner })).toBeNull();
      expect((await journal.runs.getRun(run.id))!).toMatchObject({ status: 'RUNNING', leaseOwner: 'replica-2' });
      expect(await journal.runs.finishRun('00000000-0000-0000-0000-000000000000', { status: 'FAILED' })).toBeNull();
    });

    it('updates ids and the plan (after the hook supplied ids)', async () => {
      const claim = aClaim();
      const { run } = await journal.runs.claimRun(claim);
      expect(await journal.runs.updateRunFields(run.id, { customerId: 'hook-cust', plan: { planId: 'plan-pro', resourceId: 'ws-1' }, owner: claim.owner })).toBe(true);
      expect(await journal.runs.updateRunFields(run.id, { subscriptionId: 'nope', owner: 'intruder' })).toBe(false);
      expect(await journal.runs.getRun(run.id)).toMatchObject({
        customerId: 'hook-cust', subscriptionId: null, plan: { planId: 'plan-pro', resourceId: 'ws-1' },
      });
    });
  });

  describe('reads', () => {
    it('gets a run by id and by key; null when absent', async () => {
      const claim = aClaim({ kind: 'TRIAL' });
      const { run } = await journal.runs.claimRun(claim);
      expect(await journal.runs.getRun(run.id)).toEqual(run);
      expect(await journal.runs.findRunByKey(claim.opportunityId, 'TRIAL')).toEqual(run);
      expect(await journal.runs.findRunByKey(claim.opportunityId, 'SUBSCRIPTION')).toBeNull();
      expect(await journal.runs.getRun('00000000-0000-0000-0000-000000000000')).toBeNull();
    });
  });
});

describeEachJournal('provisioning run listing', (target) => {
  let journal: Journal;
  const ids: string[] = []; // created oldest first
  beforeAll(async () => {
    journal = await target.open();
    // 7 runs, two of them at the same instant (the id breaks the tie), over 4 opportunities.
    const times = ['2025-02-01T00:00:00.000Z', '2025-02-02T00:00:00.000Z', '2025-02-03T00:00:00.000Z',
      '2025-02-03T00:00:00.000Z', '2025-02-04T00:00:00.000Z', '2025-02-05T00:00:00.000Z', '2025-02-06T00:00:00.000Z'];
    for (let i = 0; i < times.length; i++) {
      const { run } = await journal.runs.claimRun(aClaim({
        opportunityId: `opp-${i % 4}`, kind: i < 3 ? 'SUBSCRIPTION' : 'TRIAL', now: at(times[i]),
      }));
      if (i % 2 === 0) await journal.runs.finishRun(run.id, { status: 'SUCCEEDED' });
      ids.push(run.id);
    }
  });

  const newestFirst = (): string[] => {
    // created_at desc, then id desc for the tie at index 2/3
    const order = [6, 5, 4, 3, 2, 1, 0];
    const [a, b] = [ids[2], ids[3]];
    const tie = a > b ? [2, 3] : [3, 2];
    return order.map((i) => (i === 3 ? ids[tie[0]] : i === 2 ? ids[tie[1]] : ids[i]));
  };

  it('lists newest first with keyset pagination and opaque cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await journal.runs.listRuns({ first: 3, after });
      pages++;
      seen.push(...page.edges.map((e) => e.node.id));
      expect(page.endCursor).toBe(page.edges.length ? page.edges[page.edges.length - 1].cursor : null);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst());
    const first = await journal.runs.listRuns({ first: 1 });
    expect(first.edges[0].cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.edges[0].node.steps).toHaveLength(4);
  });

  it('filters by status, kind, opportunity, opportunity ids and since', async () => {
    const succeeded = await journal.runs.listRuns({ first: 50, status: 'SUCCEEDED' });
    expect(succeeded.edges.map((e) => e.node.id).sort()).toEqual([ids[0], ids[2], ids[4], ids[6]].sort());
    const trials = await journal.runs.listRuns({ first: 50, kind: 'TRIAL' });
    expect(trials.edges).toHaveLength(4);
    const opp1 = await journal.runs.listRuns({ first: 50, opportunityId: 'opp-1' });
    expect(opp1.edges.map((e) => e.node.id)).toEqual([ids[5], ids[1]]);
    const batch = await journal.runs.listRuns({ first: 50, opportunityIds: ['opp-1', 'opp-2', 'unknown'] });
    expect(batch.edges.map((e) => e.node.opportunityId).sort()).toEqual(['opp-1', 'opp-1', 'opp-2', 'opp-2']);
    expect(await journal.runs.listRuns({ first: 50, opportunityIds: [] })).toEqual({ edges: [], hasNextPage: false, endCursor: null });
    const since = await journal.runs.listRuns({ first: 50, since: at('2025-02-05T00:00:00.000Z') });
    expect(since.edges.map((e) => e.node.id)).toEqual([ids[6], ids[5]]);
    const combined = await journal.runs.listRuns({ first: 1, status: 'SUCCEEDED', opportunityId: 'opp-0' });
    expect(combined.edges.map((e) => e.node.id)).toEqual([ids[4]]);
    expect(combined.hasNextPage).toBe(true);
  });

  it('rejects a forged cursor and a negative first', async () => {
    await expect(journal.runs.listRuns({ first: 5, after: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
    await expect(journal.runs.listRuns({ first: -1 })).rejects.toThrow(RangeError);
    expect((await journal.runs.listRuns({ first: 0 })).edges).toEqual([]);
  });
});
