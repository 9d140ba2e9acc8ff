import { ClaimRunResult, Journal } from '../../src/services/journal';
import { describeEachJournal } from './journal-test-targets';
import { aClaim } from './journal-test-data';

const tally = (results: ClaimRunResult[]): Record<string, number> =>
  results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome]: (acc[r.outcome] ?? 0) + 1 }), {});

describeEachJournal('claimRun under concurrency', (target) => {
  let journals: Journal[];
  beforeAll(async () => {
    // Four journals on one database, as four gateway replicas would be.
    journals = [await target.open()];
    journals.push(...(await Promise.all([1, 2, 3].map(() => target.open()))));
  });

  it('20 concurrent claims for one opportunity through one journal: one CREATED, 19 IN_PROGRESS', async () => {
    const base = aClaim({ now: new Date() });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      journals[0].runs.claimRun({ ...base, owner: `caller-${i}` })));
    expect(tally(results)).toEqual({ CREATED: 1, IN_PROGRESS: 19 });
    const winner = results.find((r) => r.outcome === 'CREATED')!;
    expect(new Set(results.map((r) => r.run.id))).toEqual(new Set([winner.run.id]));
    expect(results.every((r) => r.run.leaseOwner === winner.run.leaseOwner)).toBe(true);
    expect((await journals[0].runs.getRun(winner.run.id))!.steps).toHaveLength(4);
  });

  it('20 concurrent claims spread over four journals sharing the database: one CREATED', async () => {
    const base = aClaim({ now: new Date() });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      journals[i % journals.length].runs.claimRun({ ...base, owner: `replica-${i % 4}-caller-${i}` })));
    expect(tally(results)).toEqual({ CREATED: 1, IN_PROGRESS: 19 });
  });

  it('20 concurrent resumes of an abandoned run: exactly one takes it over', async () => {
    const base = aClaim({ now: new Date('2025-03-01T00:00:00Z'), leaseMs: 1000 });
    await journals[0].runs.claimRun(base);
    const later = new Date('2025-03-01T00:10:00Z');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      journals[i % journals.length].runs.claimRun({ ...base, owner: `rescuer-${i}`, now: later })));
    expect(tally(results)).toEqual({ RESUMED: 1, IN_PROGRESS: 19 });
  });

  it('many opportunities claimed at once through four journals: each created once', async () => {
    const claims = Array.from({ length: 10 }, () => aClaim({ now: new Date() }));
    const results = await Promise.all(claims.flatMap((claim) => [0, 1, 2, 3].map((j) =>
      journals[j].runs.claimRun({ ...claim, owner: `j${j}` }))));
    expect(tally(results)).toEqual({ CREATED: 10, IN_PROGRESS: 30 });
  });
});
