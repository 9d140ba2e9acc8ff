/**
 * Closed/Won automation across restarts, against one sandbox and one SQLite journal, each gateway in
 * production mode (real-upstream configuration, SALESFORCE_PUBSUB_ENDPOINT at the sandbox's Pub/Sub API
 * emulator), started in turn: a deal closed while automation was off is found by the sweep; a gateway
 * restarted mid-stream resumes from its checkpoint with no deal lost or doubled; a checkpoint Salesforce
 * no longer holds (beyond retention) is survived.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jsforce from 'jsforce';
import { startSandbox, RunningSandbox } from '../../src/sandbox/start-sandbox';
import { ENTRY, createDeal } from '../helpers/provisioning-helpers';
import { Replica, eventually, replicaRunsOf, replicaStatus, startReplica } from '../helpers/automation-helpers';

describe('Closed/Won automation across restarts', () => {
  let sandbox: RunningSandbox;
  let conn: jsforce.Connection;
  let dir: string;
  let journal: string;
  let replica: Replica | null = null;

  const open = async (name: string) => (await createDeal(conn, {
    name, stageName: 'Negotiation/Review', lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 480 }],
  })).opportunityId;
  const close = (id: string) => conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
  const subscriptionsOf = (id: string) => [...sandbox.stigg.store.subscriptions.values()].filter((s) => s.salesforceId === id);
  const start = async (env: Record<string, string>) => {
    replica = await startReplica(sandbox, { JOURNAL_PATH: journal, ...env });
    return replica;
  };
  const ready = (r: Replica) => eventually(async () => { const s = await replicaStatus(r); return s.subscribed && s.lastSweepAt !== null; }, 'subscribed and swept');
  const provisionedOnce = (r: Replica, id: string) => eventually(async () => {
    const runs = await replicaRunsOf(r, id);
    return runs.length === 1 && runs[0].status === 'SUCCEEDED' ? runs[0] : undefined;
  }, `${id} provisioned`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'o2c-automation-'));
    journal = join(dir, 'journal.db');
    sandbox = await startSandbox({ salesforcePort: 0, stiggPort: 0, pubsubPort: 0 });
    const d = sandbox.describe().salesforce;
    conn = new jsforce.Connection({ instanceUrl: d.instanceUrl, accessToken: d.accessToken, version: d.apiVersion });
  });
  afterEach(async () => {
    await replica?.stop();
    replica = null;
  });
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let closedWhileOff: string;
  it('with AUTOMATION_MODE off (the default) nothing is subscribed and a closed deal is left alone', async () => {
    const r = await start({});
    closedWhileOff = await open('Sweep Sigma');
    await close(closedWhileOff);
    expect(await replicaStatus(r)).toMatchObject({ mode: 'off', subscribed: false, topic: null, leader: false });
    expect(await replicaRunsOf(r, closedWhileOff)).toEqual([]);
  });

  it('the sweep finds the deal closed while automation was off (trigger SWEEP, counted)', async () => {
    const r = await start({ AUTOMATION_MODE: 'provision' });
    const run = await provisionedOnce(r, closedWhileOff);
    expect(run.trigger).toBe('SWEEP');
    expect(subscriptionsOf(closedWhileOff)).toHaveLength(1);
    await ready(r);
    const metrics = await (await fetch(`${r.gateway.url}/metrics`)).text();
    expect(Number(/^gateway_automation_sweep_findings_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  }, 40_000);

  const deals: string[] = [];
  it('restarted mid-stream, the gateway resumes from its checkpoint: no deal lost or doubled', async () => {
    const first = await start({ AUTOMATION_MODE: 'provision' });
    await ready(first);
    for (let i = 0; i < 6; i += 1) deals.push(await open(`Restart ${i}`));
    await Promise.all(deals.slice(0, 3).map(close));
    for (const id of deals.slice(0, 3)) expect((await provisionedOnce(first, id)).trigger).toBe('EVENT');
    const checkpoint = (await replicaStatus(first)).lastReplayId;
    expect(checkpoint).toEqual(expect.any(String));
    await first.stop();
    replica = null;

    // Closed while no gateway runs: the events wait on the bus.
    await Promise.all(deals.slice(3).map(close));
    const second = await start({ AUTOMATION_MODE: 'provision' });
    for (const id of deals) await provisionedOnce(second, id);
    for (const id of deals) expect(subscriptionsOf(id)).toHaveLength(1);
    expect(second.logs.some((l) => l.includes('change events: subscribed') && l.includes('"from":"checkpoint"'))).toBe(true);
    await eventually(async () => (await replicaStatus(second)).lastReplayId !== checkpoint, 'the checkpoint moved on');
  }, 60_000);

  it('a checkpoint beyond the retention is survived: logged, subscribed from LATEST, the sweep provisions what was missed', async () => {
    const r1 = await start({ AUTOMATION_MODE: 'provision' });
    await ready(r1);
    await r1.stop();
    replica = null;
    const missed = await open('Expired Epsilon');
    await close(missed);
    // The bus moves 73 hours on: every event so far, the checkpoint's included, is past the 72-hour retention.
    const advanced = await fetch(`${sandbox.salesforce.url}/__sandbox/pubsub/clock`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 73 * 3_600_000 }),
    });
    expect(advanced.ok).toBe(true);

    const r2 = await start({ AUTOMATION_MODE: 'provision' });
    const run = await provisionedOnce(r2, missed);
    expect(run.trigger).toBe('SWEEP');
    await eventually(async () => r2.logs.some((l) => l.includes('no longer holds the checkpoint replay id')), 'the warning');
    await eventually(async () => (await replicaStatus(r2)).subscribed, 'subscribed again');
    // The subscription works again: the next deal closed arrives as an event.
    const next = await open('After Expiry');
    await close(next);
    expect((await provisionedOnce(r2, next)).trigger).toBe('EVENT');
    for (const id of [...deals, missed, next]) expect(subscriptionsOf(id)).toHaveLength(1);
  }, 60_000);
});
