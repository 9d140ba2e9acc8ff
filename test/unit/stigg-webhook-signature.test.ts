/**
 * How a Stigg webhook is authenticated (docs.stigg.io/docs/webhooks, "Verifying webhook secret"):
 * Stigg signs nothing; its Stigg-Webhooks-Secret header carries the webhook's secret, compared in
 * constant time; the event's timestamp must be within the tolerance, so a captured request sent
 * again later is refused. The receiver runs on a fake clock and a real journal (SQLite in a
 * temporary directory): nothing is journaled for a refused request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StiggWebhookReceiver } from '../../src/services/stigg-webhooks/stigg-webhook-receiver';
import { checkSecret, checkTimestamp, secretMatches } from '../../src/services/stigg-webhooks/webhook-authenticity';
import { Journal, openJournal, StiggWebhookEventRecord } from '../../src/services/journal';
import { createLogger } from '../../src/observability/logger';

const SECRET = 'whsec-unit-0123456789';
const MINUTE = 60_000;

describe('the Stigg-Webhooks-Secret header', () => {
  it('matches only the configured secret, whatever the length of what is presented', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(`${SECRET}x`, SECRET)).toBe(false);
    expect(secretMatches(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(secretMatches(SECRET.toUpperCase(), SECRET)).toBe(false);
    expect(secretMatches('', SECRET)).toBe(false);
    expect(secretMatches(null, SECRET)).toBe(false);
  });

  it('says why a request is refused: no secret, or a wrong one', () => {
    expect(checkSecret(undefined, SECRET)).toBe('NO_SECRET');
    expect(checkSecret('', SECRET)).toBe('NO_SECRET');
    expect(checkSecret('nope', SECRET)).toBe('WRONG_SECRET');
    expect(checkSecret([SECRET], SECRET)).toBeNull();
    expect(checkSecret(SECRET, SECRET)).toBeNull();
  });
});

describe('the timestamp tolerance', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  it('accepts an event made within the tolerance either side of now, refuses one outside it', () => {
    expect(checkTimestamp(new Date(now.getTime() - 10 * MINUTE), now, 10 * MINUTE)).toBeNull();
    expect(checkTimestamp(new Date(now.getTime() + 10 * MINUTE), now, 10 * MINUTE)).toBeNull();
    expect(checkTimestamp(new Date(now.getTime() - 10 * MINUTE - 1), now, 10 * MINUTE)).toBe('STALE_TIMESTAMP');
    expect(checkTimestamp(new Date(now.getTime() + 10 * MINUTE + 1), now, 10 * MINUTE)).toBe('STALE_TIMESTAMP');
  });
});

describe('the receiver', () => {
  let clock: Date;
  let receiver: StiggWebhookReceiver;
  let journal: Journal;
  let dir: string;
  let journaled: () => Promise<StiggWebhookEventRecord[]>;
  const lines: string[] = [];

  beforeEach(async () => {
    clock = new Date('2026-05-01T12:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'stigg-webhook-unit-'));
    journal = await openJournal({ sqlitePath: join(dir, 'journal.db') });
    journaled = () => journal.stiggWebhookEvents.list();
    receiver = new StiggWebhookReceiver({
      secret: SECRET, toleranceMs: 10 * MINUTE, events: journal.stiggWebhookEvents,
      logger: createLogger('info', { write: (l: string) => { lines.push(l); } }), onJournaled: () => undefined, now: () => clock,
    });
  });
  afterEach(async () => {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const body = (overrides: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({
    type: 'subscription.canceled', messageId: 'msg-1', traceId: 't-1', timestamp: clock.toISOString(), id: 'sub-1', status: 'CANCELED',
    customer: { id: 'cust-1' }, ...overrides,
  }));

  it('journals an authentic event once; the same message id again is a duplicate', async () => {
    expect(await receiver.receive({ 'stigg-webhooks-secret': SECRET }, body())).toEqual({ kind: 'JOURNALED', messageId: 'msg-1' });
    expect(await receiver.receive({ 'stigg-webhooks-secret': SECRET }, body())).toEqual({ kind: 'DUPLICATE', messageId: 'msg-1' });
    expect(await journaled()).toEqual([expect.objectContaining({
      messageId: 'msg-1', type: 'subscription.canceled', orderingKey: 'subscription:sub-1', subscriptionId: 'sub-1', customerId: 'cust-1',
    })]);
  });

  it('refuses an unsigned or forged request before reading its body, and journals nothing', async () => {
    expect(await receiver.receive({}, body())).toEqual({ kind: 'REFUSED', reason: 'NO_SECRET' });
    expect(await receiver.receive({ 'stigg-webhooks-secret': 'forged' }, Buffer.from('not even json'))).toEqual({ kind: 'REFUSED', reason: 'WRONG_SECRET' });
    expect(await journaled()).toEqual([]);
  });

  it('refuses the exact captured request replayed 11 minutes later (fake clock), and journals nothing', async () => {
    const captured = body({ messageId: 'msg-replayed' });
    clock = new Date(clock.getTime() + 11 * MINUTE);
    expect(await receiver.receive({ 'stigg-webhooks-secret': SECRET }, captured)).toEqual({ kind: 'REFUSED', reason: 'STALE_TIMESTAMP' });
    expect(await journaled()).toEqual([]);
  });

  it('refuses (400) an authentic body that is no event: no timestamp, no message id, no subscription id', async () => {
    for (const bad of [body({ timestamp: undefined }), body({ messageId: undefined }), body({ id: undefined }), Buffer.from('[]')]) {
      expect((await receiver.receive({ 'stigg-webhooks-secret': SECRET }, bad)).kind).toBe('BAD_EVENT');
    }
    expect(await journaled()).toEqual([]);
  });

  it('acknowledges an event type it does not act on without journaling it', async () => {
    expect(await receiver.receive({ 'stigg-webhooks-secret': SECRET }, body({ type: 'plan.created', messageId: 'msg-plan' })))
      .toEqual({ kind: 'IGNORED', messageId: 'msg-plan', type: 'plan.created' });
    expect(await journaled()).toEqual([]);
  });

  it('keys credit events by customer, payment failures by subscription', async () => {
    await receiver.receive({ 'stigg-webhooks-secret': SECRET }, Buffer.from(JSON.stringify({
      type: 'credit_balance.low', messageId: 'msg-low', timestamp: clock.toISOString(), customer: { id: 'cust-9' }, creditCurrency: { id: 'cred' },
    })));
    await receiver.receive({ 'stigg-webhooks-secret': SECRET }, Buffer.from(JSON.stringify({
      type: 'customer.payment_failed', messageId: 'msg-pay', timestamp: clock.toISOString(), customer: { id: 'cust-9' },
      subscription: { id: 'sub-9' }, error: { code: 'card_declined', message: 'Declined' },
    })));
    expect((await journaled()).map((e) => [e.messageId, e.orderingKey]).sort()).toEqual([['msg-low', 'customer:cust-9'], ['msg-pay', 'subscription:sub-9']]);
  });

  it('never writes the secret to a log line', () => {
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(lines.some((l) => l.includes('"reason":"WRONG_SECRET"'))).toBe(true);
  });
});
