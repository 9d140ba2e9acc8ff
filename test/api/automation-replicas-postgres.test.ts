/**
 * Two gateway replicas on one PostgreSQL journal hold one change-event subscriber between them (the
 * leader lease in the journal); when the leader dies (its lease runs out: moved on with the other
 * replica's clock rather than waited for) the other takes over, and every deal is provisioned once.
 * Needs TEST_DATABASE_URL (`TEST_DATABASE_URL="$(bash scripts/postgres/ensure-postgres.sh)"`).
 */
import { randomBytes } from 'node:crypto';
import * as jsforce from 'jsforce';
import { Client } from 'pg';
import { startSandbox, RunningSandbox } from '../../src/sandbox/start-sandbox';
import { ENTRY, createDeal } from '../helpers/provisioning-helpers';
import { Replica, eventually, replicaRunsOf, replicaStatus, startReplica } from '../helpers/automation-helpers';

const DATABASE_URL = process.env.TEST_DATABASE_URL || null;
const describePostgres = DATABASE_URL ? describe : describe.skip;
const title = DATABASE_URL
  ? 'Closed/Won automation: two replicas on PostgreSQL'
  : 'Closed/Won automation: two replicas on PostgreSQL SKIPPED: set TEST_DATABASE_URL (bash scripts/postgres/ensure-postgres.sh)';

describePostgres(title, () => {
  const schema = `automation_replicas_${randomBytes(5).toString('hex')}`;
  let sandbox: RunningSandbox;
  let conn: jsforce.Connection;
  const replicas: Replica[] = [];

  const open = async (name: string) => (await createDeal(conn, {
    name, stageName: 'Negotiation/Review', lines: [{ entry: ENTRY.growthPlan, quantity: 1, unitPrice: 480 }],
  })).opportunityId;
  const subscriptionsOf = (id: string) => [...sandbox.stigg.store.subscriptions.values()].filter((s) => s.salesforceId === id);

  beforeAll(async () => {
    const admin = new Client({ connectionString: DATABASE_URL! });
    await admin.connect();
    try {
      await admin.query(`create schema ${schema}`);
    } finally {
      await admin.end();
    }
    sandbox = await startSandbox({ salesforcePort: 0, stiggPort: 0, pubsubPort: 0 });
    const d = sandbox.describe().salesforce;
    conn = new jsforce.Connection({ instanceUrl: d.instanceUrl, accessToken: d.accessToken, version: d.apiVersion });
    const url = new URL(DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const env = { DATABASE_URL: url.toString(), AUTOMATION_MODE: 'provision', AUTOMATION_LEADER_LEASE_MS: '30000' };
    // Both start at once: one takes the lease.
    replicas.push(...await Promise.all([startReplica(sandbox, env), startReplica(sandbox, env)]));
  }, 40_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await sandbox?.stop();
    const admin = new Client({ connectionString: DATABASE_URL! });
    await admin.connect();
    try {
      await admin.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await admin.end();
    }
  });

  it('one replica leads and subscribes; the other does neither', async () => {
    await eventually(async () => {
      const statuses = await Promise.all(replicas.map(replicaStatus));
      return statuses.some((s) => s.subscribed) ? statuses : undefined;
    }, 'a subscriber');
    const statuses = await Promise.all(replicas.map(replicaStatus));
    expect(statuses.filter((s) => s.leader)).toHaveLength(1);
    expect(statuses.filter((s) => s.subscribed)).toHaveLength(1);
    expect(sandbox.pubsub.counters.snapshot().Subscribe).toBe(1);
  }, 30_000);

  it('a deal closed in Salesforce is provisioned once, by the leader', async () => {
    const id = await open('Replica Rho');
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
    const run = await eventually(async () => (await replicaRunsOf(replicas[0], id)).find((r) => r.status === 'SUCCEEDED'), 'the run');
    expect(run.trigger).toBe('EVENT');
    expect(await replicaRunsOf(replicas[1], id)).toHaveLength(1);
    expect(subscriptionsOf(id)).toHaveLength(1);
  }, 30_000);

  it('when the leader dies the other replica takes the lease over and provisions what comes next', async () => {
    const statuses = await Promise.all(replicas.map(replicaStatus));
    const leader = replicas[statuses.findIndex((s) => s.leader)];
    const follower = replicas[statuses.findIndex((s) => !s.leader)];
    // The leader "dies": it stops renewing (its automation stops without giving the lease up)...
    const leaderAutomation = leader.gateway.services.automation as unknown as { leaderTimer: NodeJS.Timeout | null };
    clearInterval(leaderAutomation.leaderTimer!);
    leaderAutomation.leaderTimer = null;
    // ...and its lease runs out: the follower's clock moves past it instead of the test waiting 30 s.
    follower.gateway.services.automation.useClock(() => new Date(Date.now() + 31_000));
    await follower.gateway.services.automation.leaderTick();
    await eventually(async () => (await replicaStatus(follower)).subscribed, 'the follower subscribed');
    expect((await replicaStatus(follower)).leader).toBe(true);

    // The old leader's next renewal fails: it steps down (no second subscriber).
    await leader.gateway.services.automation.leaderTick();
    expect(await replicaStatus(leader)).toMatchObject({ leader: false, subscribed: false });

    const id = await open('Replica Tau');
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
    const run = await eventually(async () => (await replicaRunsOf(follower, id)).find((r) => r.status === 'SUCCEEDED'), 'the run');
    expect(run.trigger).toMatch(/^(EVENT|SWEEP)$/);
    expect(subscriptionsOf(id)).toHaveLength(1);
  }, 40_000);
});
