import { Journal } from '../../src/services/journal';
import { describeEachJournal } from './journal-test-targets';

describeEachJournal('idempotency keys', (target) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await target.open();
  });

  it('is NEW the first time, SAME with the same request, REUSED with another', async () => {
    const input = { scope: 'provisionOpportunity', key: 'k-1', requestHash: 'h1', resultType: 'ProvisioningRun' };
    expect(await journal.idempotencyKeys.reserveIdempotencyKey(input)).toEqual({ outcome: 'NEW' });
    expect(await journal.idempotencyKeys.reserveIdempotencyKey(input))
      .toEqual({ outcome: 'SAME', reservedAt: expect.any(Date), resultType: 'ProvisioningRun', resultId: null });
    expect(await journal.idempotencyKeys.reserveIdempotencyKey({ ...input, requestHash: 'h2' })).toEqual({ outcome: 'REUSED' });
  });

  it('attaches the result later, and scopes keys', async () => {
    await journal.idempotencyKeys.reserveIdempotencyKey({ scope: 'grantCredits', key: 'k-2', requestHash: 'h' });
    expect(await journal.idempotencyKeys.attachResult('grantCredits', 'k-2', 'grant-77', 'CreditGrant')).toBe(true);
    expect(await journal.idempotencyKeys.reserveIdempotencyKey({ scope: 'grantCredits', key: 'k-2', requestHash: 'h' }))
      .toEqual({ outcome: 'SAME', reservedAt: expect.any(Date), resultType: 'CreditGrant', resultId: 'grant-77' });
    expect(await journal.idempotencyKeys.attachResult('grantCredits', 'missing', 'x')).toBe(false);
    // the same key in another scope is another key
    expect(await journal.idempotencyKeys.reserveIdempotencyKey({ scope: 'startTrial', key: 'k-2', requestHash: 'other' }))
      .toEqual({ outcome: 'NEW' });
  });

  it('keeps a result given at reservation', async () => {
    await journal.idempotencyKeys.reserveIdempotencyKey({ scope: 's', key: 'k-3', requestHash: 'h', resultType: 'Run', resultId: 'run-1' });
    expect(await journal.idempotencyKeys.reserveIdempotencyKey({ scope: 's', key: 'k-3', requestHash: 'h' }))
      .toEqual({ outcome: 'SAME', reservedAt: expect.any(Date), resultType: 'Run', resultId: 'run-1' });
  });

  it('records what a key points at once (the first record stays), and finds it', async () => {
    expect(await journal.idempotencyKeys.findResult('creditGrantCustomer', 'grant-9')).toBeNull();
    await journal.idempotencyKeys.recordResult('creditGrantCustomer', 'grant-9', 'Customer', 'customer-a');
    await journal.idempotencyKeys.recordResult('creditGrantCustomer', 'grant-9', 'Customer', 'customer-b');
    expect(await journal.idempotencyKeys.findResult('creditGrantCustomer', 'grant-9')).toEqual({ resultType: 'Customer', resultId: 'customer-a' });
    // a reservation with no result yet points at nothing
    await journal.idempotencyKeys.reserveIdempotencyKey({ scope: 'creditGrantCustomer', key: 'k-none', requestHash: 'h' });
    expect(await journal.idempotencyKeys.findResult('creditGrantCustomer', 'k-none')).toBeNull();
  });

  it('20 concurrent reservations of one key through two journals: exactly one NEW', async () => {
    const second = await target.open();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? second : journal).idempotencyKeys.reserveIdempotencyKey({ scope: 'c', key: 'race', requestHash: 'h' })));
    expect(results.filter((r) => r.outcome === 'NEW')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'SAME')).toHaveLength(19);
  });

  it('releases a reservation that produced nothing, and never one that points at a result', async () => {
    const input = { scope: 'grantCredits', key: 'k-release', requestHash: 'h' };
    expect((await journal.idempotencyKeys.reserveIdempotencyKey(input)).outcome).toBe('NEW');
    await journal.idempotencyKeys.releaseIdempotencyKey('grantCredits', 'k-release');
    expect((await journal.idempotencyKeys.reserveIdempotencyKey(input)).outcome).toBe('NEW');
    await journal.idempotencyKeys.attachResult('grantCredits', 'k-release', 'grant-1');
    await journal.idempotencyKeys.releaseIdempotencyKey('grantCredits', 'k-release');
    expect(await journal.idempotencyKeys.reserveIdempotencyKey(input))
      .toEqual({ outcome: 'SAME', reservedAt: expect.any(Date), resultType: null, resultId: 'grant-1' });
  });
});
