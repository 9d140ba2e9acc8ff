/**
 * The scheduled reconciliation against the sandbox, run by hand (RECONCILIATION_INTERVAL_MS=0 keeps
 * the timer off; its timer is injectable): a metric per drift kind, each finding logged once across
 * runs, and with RECONCILIATION_AUTO_RESYNC=true Salesforce's fields repaired, never Stigg.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { ENTRY, Json, createDeal, provision, resetCounters, salesforce, writesCounted } from '../helpers/provisioning-helpers';
import { ScheduledReconciliation, ReconciliationRunSummary } from '../../src/services/reconciliation/scheduled-reconciliation';
import { RequestLoaders } from '../../src/services/loaders/request-loaders';
import { GatewayServices } from '../../src/services/gateway-services';

let stack: TestStack;
let conn: jsforce.Connection;
let services: GatewayServices;

beforeAll(async () => {
  stack = await startTestStack({ RECONCILIATION_INTERVAL_MS: '0', RECONCILIATION_AUTO_RESYNC: 'true' });
  conn = salesforce(stack);
  services = stack.gateway.services;
});
afterAll(async () => {
  await stack?.stop();
});

const GROWTH = { entry: ENTRY.growthPlan, quantity: 1, unitPrice: 500 };
const seats = (quantity: number) => ({ entry: ENTRY.seats, quantity, unitPrice: 20 });

async function update(sobject: string, record: Json): Promise<void> {
  const result = await conn.sobject(sobject).update(record) as Json;
  if (!result.success) throw new Error(`update failed: ${JSON.stringify(result)}`);
}

const findingsLogged = (opportunityId: string): Json[] => stack.logs.map((l) => JSON.parse(l))
  .filter((l) => l.msg === 'reconciliation finding' && l.drift?.opportunityId === opportunityId);

const newLoaders = () => new RequestLoaders(services.salesforceRecords, services.stiggReader, { runsByOpportunityIds: async () => [] });

describe('a scheduled run', () => {
  let deal: { opportunityId: string; accountId: string };
  let subscriptionId: string;
  let first: ReconciliationRunSummary;

  beforeAll(async () => {
    deal = await createDeal(conn, { name: 'Scheduled Co', lines: [GROWTH, seats(5)] });
    const run = await provision(stack, { opportunityId: deal.opportunityId, paymentCollectionMethod: 'NONE' });
    subscriptionId = run.subscriptionId;
    const { records } = await conn.query<Json>(`SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${deal.opportunityId}' AND PricebookEntryId = '${ENTRY.seats}'`);
    await update('OpportunityLineItem', { Id: records[0].Id, Quantity: 7 });
    await update('Opportunity', { Id: deal.opportunityId, Stigg_Subscription_Id__c: null });
    resetCounters(stack);
    first = await services.reconciliation.scheduled.runOnce();
  });

  it('reports a metric per drift kind', async () => {
    expect(first.counts.QUANTITY_MISMATCH).toBeGreaterThanOrEqual(1);
    expect(first.counts.STALE_SALESFORCE_ID).toBeGreaterThanOrEqual(1);
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    for (const [kind, count] of Object.entries(first.counts)) {
      expect(text).toContain(`gateway_reconciliation_drifts{kind="${kind}"} ${count}`);
    }
  });

  it('repairs the Salesforce fields it may (auto-resync), and never writes to Stigg', async () => {
    expect(first.resynced).toContain(deal.opportunityId);
    expect(Object.keys(writesCounted(stack)).filter((k) => k.startsWith('stigg.'))).toEqual([]);
    const { records } = await conn.query<Json>(`SELECT Stigg_Subscription_Id__c FROM Opportunity WHERE Id = '${deal.opportunityId}'`);
    expect(records[0].Stigg_Subscription_Id__c).toBe(subscriptionId);
    expect(stack.sandbox.stigg.store.subscriptions.get(subscriptionId)!.billableFeatures).toEqual([{ featureRefId: 'feature-seats', quantity: 5 }]);
  });

  it('logs a finding once: the next run finds the seats still edited and logs nothing new about them', async () => {
    // The cleared id, the mirrored status and plan no webhook wrote, the edited seats.
    const logged = findingsLogged(deal.opportunityId).map((l) => `${l.drift.kind} ${l.drift.field}`).sort();
    expect(logged).toEqual(['QUANTITY_MISMATCH billableFeatures.feature-seats', 'STALE_SALESFORCE_ID Stigg_Subscription_Id__c',
      'STATUS_NOT_SYNCED Stigg_Plan_Id__c', 'STATUS_NOT_SYNCED Stigg_Subscription_Status__c']);
    const second = await services.reconciliation.scheduled.runOnce();
    expect(second.counts.QUANTITY_MISMATCH).toBe(first.counts.QUANTITY_MISMATCH);
    expect(findingsLogged(deal.opportunityId)).toHaveLength(logged.length);
    expect(second.resynced).not.toContain(deal.opportunityId);
  });
});

describe('across processes and replicas (the journal)', () => {
  const quiet = { warn() {}, info() {} };
  const another = (replica: string, logged: string[], timer?: ConstructorParameters<typeof ScheduledReconciliation>[0]['timer']) => new ScheduledReconciliation({
    service: services.reconciliation.service, resync: services.reconciliation.resync, newLoaders,
    logger: { ...quiet, warn: (o: Json, msg: string) => { if (msg === 'reconciliation finding') logged.push(o.drift.opportunityId); } } as never,
    metrics: { setReconciliationDrifts: () => undefined, recordReconciliationResync: () => undefined },
    intervalMs: 3_600_000, autoResync: false, state: services.journal.automation, replica, timer,
  });

  it('a restarted process or another replica does not log again what the last run logged', async () => {
    await services.reconciliation.scheduled.runOnce();
    const logged: string[] = [];
    await another('replica-b', logged).runOnce();
    expect(logged).toEqual([]);
  });

  it('only the replica holding the schedule\'s lease runs on its timer; it takes over when the holder stops', async () => {
    const ticks = new Map<string, () => Promise<void>>();
    const timer = (name: string) => ({ every: (_ms: number, fn: () => Promise<void>) => { ticks.set(name, fn); return { cancel: () => undefined }; } });
    const a = another('replica-a', [], timer('a'));
    const b = another('replica-b', [], timer('b'));
    a.start();
    b.start();
    const queriesOfTick = async (name: string): Promise<number> => {
      resetCounters(stack);
      await ticks.get(name)!();
      return stack.sandbox.salesforce.counters.snapshot().query ?? 0;
    };
    expect(await queriesOfTick('a')).toBeGreaterThan(0);
    expect(await queriesOfTick('b')).toBe(0);
    await a.stop();
    expect(await queriesOfTick('b')).toBeGreaterThan(0);
    await b.stop();
  });
});

describe('without auto-resync, and its timer', () => {
  it('finds and reports, and writes nothing anywhere', async () => {
    const deal = await createDeal(conn, { name: 'Report Only Co', lines: [GROWTH, seats(2)] });
    await provision(stack, { opportunityId: deal.opportunityId, paymentCollectionMethod: 'NONE' });
    await update('Opportunity', { Id: deal.opportunityId, Stigg_Subscription_Id__c: null });
    const counts: Array<Readonly<Record<string, number>>> = [];
    const reportOnly = new ScheduledReconciliation({
      service: services.reconciliation.service, resync: services.reconciliation.resync, newLoaders, logger: { warn() {}, info() {} } as never,
      metrics: { setReconciliationDrifts: (c) => counts.push(c), recordReconciliationResync: () => undefined },
      intervalMs: 0, autoResync: false,
    });
    resetCounters(stack);
    const summary = await reportOnly.runOnce();
    expect(summary.resynced).toEqual([]);
    expect(writesCounted(stack)).toEqual({});
    expect(counts).toEqual([summary.counts]);
  });

  it('runs on its timer, one run at a time, and stops with the gateway', async () => {
    const ticks: Array<() => Promise<void>> = [];
    let canceled = 0;
    const timed = new ScheduledReconciliation({
      service: services.reconciliation.service, resync: services.reconciliation.resync, newLoaders, logger: { warn() {}, info() {} } as never,
      metrics: { setReconciliationDrifts: () => undefined, recordReconciliationResync: () => undefined },
      intervalMs: 3_600_000, autoResync: false,
      timer: { every: (ms, fn) => { expect(ms).toBe(3_600_000); ticks.push(fn); return { cancel: () => { canceled += 1; } }; } },
    });
    timed.start();
    timed.start();
    expect(ticks).toHaveLength(1);
    resetCounters(stack);
    const first = ticks[0]();
    const second = ticks[0](); // a tick while a run is going is skipped
    await Promise.all([first, second]);
    // One run: the won opportunities' pages and the subscriptions' pages, each listed once.
    const once = stack.sandbox.stigg.counters.snapshot().subscriptions;
    resetCounters(stack);
    await ticks[0]();
    expect(stack.sandbox.stigg.counters.snapshot().subscriptions).toBe(once);
    await timed.stop();
    expect(canceled).toBe(1);
  });
});
