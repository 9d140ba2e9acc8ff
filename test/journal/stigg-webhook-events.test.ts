import { Journal, NewStiggWebhookEvent } from '../../src/services/journal';
import { describeEachJournal } from './journal-test-targets';

const t = (iso: string) => new Date(iso);

function event(messageId: string, orderingKey: string, occurredAt: string, type = 'subscription.updated'): NewStiggWebhookEvent {
  return { messageId, type, orderingKey, subscriptionId: orderingKey, customerId: 'cust-1', occurredAt: t(occurredAt), body: { messageId, type } };
}

describeEachJournal('Stigg webhook events', (target) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await target.open();
  });

  it('records an event once: the same message id again is a duplicate and changes nothing', async () => {
    expect(await journal.stiggWebhookEvents.record(event('m-dup', 'sub-dup', '2026-01-01T00:00:00Z'), t('2026-01-01T00:00:01Z'))).toBe('RECORDED');
    expect(await journal.stiggWebhookEvents.record({ ...event('m-dup', 'sub-other', '2026-01-02T00:00:00Z'), body: { changed: true } }, t('2026-01-01T00:00:02Z')))
      .toBe('DUPLICATE');
    expect(await journal.stiggWebhookEvents.get('m-dup')).toMatchObject({
      messageId: 'm-dup', orderingKey: 'sub-dup', status: 'PENDING', attempts: 0, body: { messageId: 'm-dup', type: 'subscription.updated' },
      occurredAt: t('2026-01-01T00:00:00Z'), receivedAt: t('2026-01-01T00:00:01Z'),
    });
  });

  it('hands out the events of one key oldest first, one at a time, whatever order they arrived in', async () => {
    const now = t('2026-02-01T00:00:10Z');
    await journal.stiggWebhookEvents.record(event('m-late', 'sub-order', '2026-02-01T00:00:05Z'), t('2026-02-01T00:00:06Z'));
    await journal.stiggWebhookEvents.record(event('m-early', 'sub-order', '2026-02-01T00:00:01Z'), t('2026-02-01T00:00:07Z'));
    const first = await journal.stiggWebhookEvents.claimNext('replica-a', 60_000, now);
    expect(first?.messageId).toBe('m-dup');
    await journal.stiggWebhookEvents.markApplied('m-dup', 'replica-a', now);
    const second = await journal.stiggWebhookEvents.claimNext('replica-a', 60_000, now);
    expect(second?.messageId).toBe('m-early');
    // m-late waits: its key is being applied by replica-a
    expect(await journal.stiggWebhookEvents.claimNext('replica-b', 60_000, now)).toBeNull();
    expect(await journal.stiggWebhookEvents.markApplied('m-early', 'replica-b', now)).toBe(false);
    expect(await journal.stiggWebhookEvents.markApplied('m-early', 'replica-a', now)).toBe(true);
    const third = await journal.stiggWebhookEvents.claimNext('replica-b', 60_000, now);
    expect(third?.messageId).toBe('m-late');
    await journal.stiggWebhookEvents.markApplied('m-late', 'replica-b', now);
    expect(await journal.stiggWebhookEvents.get('m-early')).toMatchObject({ status: 'APPLIED', attempts: 1, appliedAt: now });
  });

  it('retries a failed application when due, holding back the later events of its key, and gives up when told', async () => {
    const now = t('2026-03-01T00:00:00Z');
    await journal.stiggWebhookEvents.record(event('m-fail', 'sub-retry', '2026-03-01T00:00:00Z'), now);
    await journal.stiggWebhookEvents.record(event('m-after', 'sub-retry', '2026-03-01T00:00:01Z'), now);
    await journal.stiggWebhookEvents.record(event('m-other', 'sub-free', '2026-03-01T00:00:02Z'), now);
    const claimed = await journal.stiggWebhookEvents.claimNext('r', 60_000, now);
    expect(claimed?.messageId).toBe('m-fail');
    await journal.stiggWebhookEvents.markFailed('m-fail', 'r', 'UPSTREAM_UNAVAILABLE: Salesforce', t('2026-03-01T00:01:00Z'));
    // not due yet: another key's event goes first, m-after waits behind m-fail
    expect((await journal.stiggWebhookEvents.claimNext('r', 60_000, now))?.messageId).toBe('m-other');
    await journal.stiggWebhookEvents.markApplied('m-other', 'r', now);
    expect(await journal.stiggWebhookEvents.claimNext('r', 60_000, now)).toBeNull();
    const later = t('2026-03-01T00:01:00Z');
    expect((await journal.stiggWebhookEvents.claimNext('r', 60_000, later))?.messageId).toBe('m-fail');
    await journal.stiggWebhookEvents.markFailed('m-fail', 'r', 'given up', null);
    expect(await journal.stiggWebhookEvents.get('m-fail')).toMatchObject({ status: 'FAILED', attempts: 2, lastError: 'given up' });
    expect((await journal.stiggWebhookEvents.claimNext('r', 60_000, later))?.messageId).toBe('m-after');
  });

  it('hands an event whose lease expired to another replica', async () => {
    const now = t('2026-04-01T00:00:00Z');
    await journal.stiggWebhookEvents.record(event('m-lease', 'sub-lease', '2026-04-01T00:00:00Z'), now);
    await journal.stiggWebhookEvents.markApplied('m-after', 'r', now);
    expect((await journal.stiggWebhookEvents.claimNext('a', 1_000, now))?.messageId).toBe('m-lease');
    expect(await journal.stiggWebhookEvents.claimNext('b', 1_000, now)).toBeNull();
    expect((await journal.stiggWebhookEvents.claimNext('b', 1_000, t('2026-04-01T00:00:02Z')))?.messageId).toBe('m-lease');
    expect(await journal.stiggWebhookEvents.markApplied('m-lease', 'a', now)).toBe(false);
    expect(await journal.stiggWebhookEvents.markApplied('m-lease', 'b', now)).toBe(true);
    expect((await journal.stiggWebhookEvents.list({ status: 'PENDING' })).map((e) => e.messageId)).toEqual([]);
  });
});
