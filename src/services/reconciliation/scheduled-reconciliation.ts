import { Logger } from '../../observability/logger';
import { GatewayError } from '../../errors/gateway-error';
import { RequestLoaders } from '../loaders/request-loaders';
import { Drift, DRIFT_KINDS, DriftKind, driftKey } from './drift';
import { OpportunityResync } from './opportunity-resync';
import { ReconciliationService } from './reconciliation-service';

/** The metrics a scheduled reconciliation writes (GatewayMetrics has them). */
export interface ReconciliationMetrics {
  setReconciliationDrifts(counts: Readonly<Record<string, number>>): void;
  recordReconciliationResync(outcome: string): void;
}

/** How the scheduled runs are timed; tests give their own and call `runOnce` themselves. */
export interface ReconciliationTimer {
  every(ms: number, fn: () => void): { cancel(): void };
}

const realTimer: ReconciliationTimer = {
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
};

/** Drift kinds a resync repairs: Salesforce's own fields. Term drifts and missing deals or subscriptions need a person. */
const RESYNCABLE: ReadonlySet<DriftKind> = new Set(['STALE_SALESFORCE_ID', 'STATUS_NOT_SYNCED']);

export interface ScheduledReconciliationOptions {
  service: ReconciliationService;
  resync: OpportunityResync;
  newLoaders: () => RequestLoaders;
  metrics: ReconciliationMetrics;
  logger: Logger;
  /** RECONCILIATION_INTERVAL_MS; 0: never runs by itself. */
  intervalMs: number;
  /** RECONCILIATION_AUTO_RESYNC: resync the opportunities whose Salesforce fields disagree with Stigg. */
  autoResync: boolean;
  timer?: ReconciliationTimer;
  /** Records a page looks at (the API's maximum, 200). */
  pageSize?: number;
}

export interface ReconciliationRunSummary {
  counts: Record<DriftKind, number>;
  /** Findings not seen by the previous run, logged once each. */
  newFindings: number;
  /** Opportunities resynced (RECONCILIATION_AUTO_RESYNC), and those whose resync failed. */
  resynced: string[];
  resyncFailed: string[];
}

/**
 * Reconciliation every RECONCILIATION_INTERVAL_MS: every page of `reconciliation` (no filter), then
 * `gateway_reconciliation_drifts{kind}` set for every kind, each finding the previous run had not
 * seen logged once (`reconciliation finding`, warn; a finding that goes away and comes back is
 * logged again), and, with RECONCILIATION_AUTO_RESYNC=true, each opportunity with a
 * STALE_SALESFORCE_ID or STATUS_NOT_SYNCED finding resynced (Salesforce fields only; Stigg is never
 * written). One run at a time: a tick while a run is going is skipped. (assumption) What was seen is
 * kept in memory: after a restart, the first run logs every finding again.
 */
export class ScheduledReconciliation {
  private handle: { cancel(): void } | null = null;
  private running: Promise<ReconciliationRunSummary> | null = null;
  private seen = new Set<string>();
  private stopped = false;

  constructor(private readonly options: ScheduledReconciliationOptions) {}

  start(): void {
    if (this.options.intervalMs <= 0 || this.handle) return;
    this.handle = (this.options.timer ?? realTimer).every(this.options.intervalMs, () => {
      if (!this.running) void this.runOnce().catch(() => undefined);
    });
  }

  /** Stops the timer; a run under way stops after the page it is reading, and is waited for (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.handle?.cancel();
    this.handle = null;
    await this.running?.catch(() => undefined);
  }

  /** One reconciliation, now (the timer's tick; tests call it directly). A run already going is joined. */
  runOnce(): Promise<ReconciliationRunSummary> {
    if (!this.running) {
      this.stopped = false;
      this.running = this.run().finally(() => { this.running = null; });
    }
    return this.running;
  }

  private async run(): Promise<ReconciliationRunSummary> {
    const { logger } = this.options;
    const counts = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
    const found = new Set<string>();
    const toResync = new Set<string>();
    let newFindings = 0;
    try {
      for await (const drift of this.options.service.all(this.options.newLoaders, {}, this.options.pageSize ?? 200)) {
        counts[drift.kind] += 1;
        const key = driftKey(drift);
        found.add(key);
        if (!this.seen.has(key)) {
          newFindings += 1;
          logger.warn({ drift: loggable(drift) }, 'reconciliation finding');
        }
        if (this.options.autoResync && RESYNCABLE.has(drift.kind) && drift.opportunityId) toResync.add(drift.opportunityId);
        if (this.stopped) break;
      }
    } catch (err) {
      logger.warn({ code: (err as GatewayError).code ?? 'INTERNAL_SERVER_ERROR', err: (err as Error).message }, 'reconciliation failed');
      throw err;
    }
    if (this.stopped) return { counts, newFindings, resynced: [], resyncFailed: [] };
    this.seen = found;
    this.options.metrics.setReconciliationDrifts(counts);

    const resynced: string[] = [];
    const resyncFailed: string[] = [];
    for (const opportunityId of toResync) {
      try {
        const { writes } = await this.options.resync.resync(this.options.newLoaders(), opportunityId);
        resynced.push(opportunityId);
        this.options.metrics.recordReconciliationResync('ok');
        logger.info({ opportunityId, opportunityFields: Object.keys(writes.opportunity), accountFields: Object.keys(writes.account) }, 'reconciliation resynced');
      } catch (err) {
        const code = (err as GatewayError).code ?? 'INTERNAL_SERVER_ERROR';
        resyncFailed.push(opportunityId);
        this.options.metrics.recordReconciliationResync(code);
        logger.warn({ opportunityId, code }, 'reconciliation resync failed');
      }
    }
    logger.info({ counts, newFindings, resynced: resynced.length, resyncFailed: resyncFailed.length }, 'reconciliation finished');
    return { counts, newFindings, resynced, resyncFailed };
  }
}

function loggable(d: Drift): Record<string, unknown> {
  return { kind: d.kind, opportunityId: d.opportunityId, subscriptionId: d.subscriptionId, customerId: d.customerId, field: d.field, message: d.message };
}
