/**
 * The worker that applies journaled Stigg events, on a real journal (SQLite in a temporary
 * directory) and a fake clock: a failure is retried when due with a doubling backoff and given up
 * (FAILED) after the last attempt; a subscription's events wait for its failed one; `stop`
 * (graceful shutdown) waits for the event being applied and claims nothing more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, openJournal, StiggWebhookEventRecord } from '../../src/services/journal';
import { StiggWebhookWorker } from '../../src/services/stigg-webhooks/stigg-webhook-worker';
import { createLogger } from '../../src/observability/logger';

let dir: string;
let journal: Journal;
let clock: Date;
const logger = createLogger('silent');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stigg-webhook-worker-'));
  journal = await openJournal({ sqlitePath: join(dir, 'journal.db') });
  clock = new Date('2026-06-01T00:00:00Z');
});
afterEach(async () => {
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
});

async function record(messageId: string, subscriptionId: string, secondsIn: number): Promise<void> {
  await journal.stiggWebhookEvents.record({
    messageId, type: 'subscription.updated', orderingKey: `subscription:${subscriptionId}`, subscriptionId, customerId: null,
    occurredAt: new Date(clock.getTime() + secondsIn * 1000), body: {},
  }, clock);
}

function worker(apply: (e: StiggWebhookEventRecord) => Promise<void>, maxAttempts = 3): StiggWebhookWorker {
  return new StiggWebhookWorker({ events: journal.stiggWebhookEvents, apply, logger, retryBaseMs: 1_000, maxAttempts, now: () => clock });
}

it('retries a failed event when due, 1 s then 2 s later, and gives it up after the last attempt; the next event of its subscription waits', async () => {
  await record('m-1', 'sub-a', 0);
  await record('m-2', 'sub-a', 1);
  await record('m-3', 'sub-b', 2);
  const applied: string[] = [];
  const w = worker(async (e) => {
    if (e.messageId === 'm-1') throw Object.assign(new Error('Salesforce is down'), { code: 'UPSTREAM_UNAVAILABLE' });
    applied.push(e.messageId);
  });
  await w.drain();
  expect(applied).toEqual(['m-3']);
  expect(await journal.stiggWebhookEvents.get('m-1')).toMatchObject({
    status: 'PENDING', attempts: 1, lastError: 'UPSTREAM_UNAVAILABLE: Salesforce is down', nextAttemptAt: new Date(clock.getTime() + 1_000),
  });
  clock = new Date(clock.getTime() + 999);
  await w.drain();
  expect((await journal.stiggWebhookEvents.get('m-1'))?.attempts).toBe(1);
  clock = new Date(clock.getTime() + 1);
  await w.drain();
  expect(await journal.stiggWebhookEvents.get('m-1')).toMatchObject({ attempts: 2, nextAttemptAt: new Date(clock.getTime() + 2_000) });
  clock = new Date(clock.getTime() + 2_000);
  await w.drain();
  expect(await journal.stiggWebhookEvents.get('m-1')).toMatchObject({ status: 'FAILED', attempts: 3 });
  expect(applied).toEqual(['m-3', 'm-2']);
});

it('an event that fails once lands once when retried', async () => {
  await record('m-once', 'sub-c', 0);
  let calls = 0;
  const w = worker(async () => {
    calls += 1;
    if (calls === 1) throw new Error('a PATCH answered 500');
  });
  await w.drain();
  clock = new Date(clock.getTime() + 1_000);
  await w.drain();
  await w.drain();
  expect(calls).toBe(2);
  expect(await journal.stiggWebhookEvents.get('m-once')).toMatchObject({ status: 'APPLIED', attempts: 2, lastError: null });
});

it('stop waits for the event being applied, then claims nothing more', async () => {
  await record('m-slow', 'sub-d', 0);
  await record('m-later', 'sub-e', 1);
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => { markStarted = resolve; });
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  const w = worker(async (e) => {
    if (e.messageId === 'm-slow') {
      markStarted();
      await released;
    }
  });
  w.nudge();
  await started;
  const stopping = w.stop();
  expect((await journal.stiggWebhookEvents.get('m-slow'))?.status).toBe('PENDING');
  release();
  await stopping;
  expect((await journal.stiggWebhookEvents.get('m-slow'))?.status).toBe('APPLIED');
  expect((await journal.stiggWebhookEvents.get('m-later'))?.status).toBe('PENDING');
  w.nudge();
  await w.drain();
  expect((await journal.stiggWebhookEvents.get('m-later'))?.status).toBe('PENDING');
});
