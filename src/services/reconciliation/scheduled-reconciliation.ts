import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
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
  /** Calls `fn` every `ms`; `fn`'s promise settles when that tick's work is done (it never rejects). */
  every(ms: number, fn: () => Promise<void>): { cancel(): void };
}

const realTimer: ReconciliationTimer = {
  every(ms, fn) {
    const handle = setInterval(() => { void fn(); }, ms);
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
};

/**
 * Where the scheduled runs keep what must outlive a process (the journal's named state,
 * AutomationStateRepository): the findings already logged, and which replica runs the schedule.
 */
export interface ReconciliationState {
  read<T>(name: string): Promise<T | null>;
  write(name: string, value: unknown): Promise<void>;
  acquireLease(name: string, owner: string, leaseMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
}

const SEEN_FINDINGS = 'reconciliation.seen-findings';
const SCHEDULE_LEASE = 'reconciliation.schedule';

/** A finding's key as kept in the journal: short and fixed-length (the key holds ids and values). */
const keyDigest = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 16);

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
  /** The journal's named state; without it, what was logged is remembered in memory and every replica runs the schedule. */
  state?: ReconciliationState | null;
  /** Who holds the schedule's lease: this process (host:pid) unless given. */
  replica?: string;
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
 * written). One run at a time: a tick while a run is going is skipped. With the journal (`state`),
 * what the last run saw is kept there (a digest per finding), so a restart or another replica does
 * not log it again, and only the replica holding the schedule's lease runs the timer's ticks.
 */
export class ScheduledReconciliation {
  private handle: { cancel(): void } | null = null;
  private running: Promise<ReconciliationRunSummary> | null = null;
  private seen: Set<string> | null = null;
  private stopped = false;
  private readonly replica: string;

  constructor(private readonly options: ScheduledReconciliationOptions) {
    this.replica = options.replica ?? `${hostname()}:${process.pid}`;
  }

  start(): void {
    if (this.options.intervalMs <= 0 || this.handle) return;
    this.handle = (this.options.timer ?? realTimer).every(this.options.intervalMs, async () => {
      if (!this.running) await this.tick().catch(() => undefined);
    });
  }

  /** Stops the timer; a run under way stops after the page it is reading, and is waited for (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    const wasScheduled = this.handle !== null;
    this.handle?.cancel();
    this.handle = null;
    await this.running?.catch(() => undefined);
    if (wasScheduled) await this.options.state?.releaseLease(SCHEDULE_LEASE, this.replica).catch(() => undefined);
  }

  /**
   * A timer's tick: with the journal, only the replica holding the schedule's lease runs (it renews
   * the lease each tick, for two intervals; another replica takes over once it lapses).
   */
  private async tick(): Promise<void> {
    const state = this.options.state;
    if (state && !(await state.acquireLease(SCHEDULE_LEASE, this.replica, 2 * this.options.intervalMs))) return;
    await this.runOnce();
  }

  /** One reconciliation, now (the timer's tick; tests call it directly). A run already going is joined. */
  runOnce(): Promise<ReconciliationRunSummary> {
    if (!this.running) {
      this.stopped = false;
      this.running = this.run().finally(() => { this.running = null; });
    }
    return this.running;
  }

  /** The findings the previous run saw: from the journal when there is one (another replica's or a previous process's run counts). */
  private async seenFindings(): Promise<Set<string>> {
    if (this.options.state) return new Set((await this.options.state.read<string[]>(SEEN_FINDINGS)) ?? []);
    return this.seen ?? new Set();
  }

  private async rememberFindings(found: Set<string>): Promise<void> {
    this.seen = found;
    await this.options.state?.write(SEEN_FINDINGS, [...found]);
  }

  private async run(): Promise<ReconciliationRunSummary> {
    const { logger } = this.options;
    const counts = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
    const found = new Set<string>();
    const toResync = new Set<string>();
    let newFindings = 0;
    const seen = await this.seenFindings();
    try {
      for await (const drift of this.options.service.all(this.options.newLoaders, {}, this.options.pageSize ?? 200)) {
        counts[drift.kind] += 1;
        const key = keyDigest(driftKey(drift));
        found.add(key);
        if (!seen.has(key)) {
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
    await this.rememberFindings(found);
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
