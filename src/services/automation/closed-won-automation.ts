import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AutomationConfig, AutomationMode } from '../../config/gateway-config';
import { Logger } from '../../observability/logger';
import { Journal } from '../journal';
import { AutomationMetrics } from './automation-metrics';
import { ChangeEventSubscriber, ReplayCheckpoints } from './change-event-subscriber';
import { ClosedWonHandler } from './closed-won-handler';
import { OpportunitySweep } from './opportunity-sweep';
import { ChangeEvent } from './pubsub/change-event-decoder';
import { RunRetries } from './run-retries';

/** The leader lease's name in automation_state: its holder is the one replica that subscribes, sweeps and retries. */
export const LEADER_LEASE = 'automation.leader';
/** Automatic retries due are looked for this often. */
export const RETRY_POLL_MS = 15_000;

/** What automationStatus answers. */
export interface AutomationStatusView {
  mode: AutomationMode;
  subscribed: boolean;
  topic: string | null;
  /** The checkpoint: the last replay id handled, base64. */
  lastReplayId: string | null;
  lastEventAt: Date | null;
  /** Seconds from the last event's commit in Salesforce to its handling here. */
  lagSeconds: number | null;
  lastSweepAt: Date | null;
  pendingRetries: number;
  needsAttention: number;
  /** Whether this replica holds the leader lease. */
  leader: boolean;
}

/** The subscriber's checkpoint in automation_state. */
interface Checkpoint {
  replayId: string;
  lastEventAt: string | null;
  lastCommitAt: string | null;
}

export interface ClosedWonAutomationDeps {
  config: AutomationConfig;
  journal: Journal;
  handler: ClosedWonHandler;
  sweep: OpportunitySweep;
  retries: RunRetries;
  /** Builds the change-event subscriber (null: no Pub/Sub endpoint to reach). */
  subscriber: ((deps: { checkpoints: ReplayCheckpoints; handle: (e: ChangeEvent) => Promise<void>; fallBackToSweep: (reason: string) => void }) => ChangeEventSubscriber) | null;
  metrics: AutomationMetrics;
  logger: Logger;
  clock: () => Date;
  leaderLeaseMs: number;
}

/**
 * Closed/Won automation on one replica: it competes for the leader lease in the journal (renewed at a
 * third of its length; a replica that dies stops renewing and another takes over when it expires), and
 * while it leads it runs the change-event subscriber, the sweep every AUTOMATION_SWEEP_INTERVAL_MS and,
 * in provision mode, the automatic retries. AUTOMATION_MODE=off starts nothing.
 */
export class ClosedWonAutomation {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private leading = false;
  private leaderTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private subscriber: ChangeEventSubscriber | null = null;
  private sweeping: Promise<unknown> | null = null;
  private retrying: Promise<unknown> | null = null;
  private leaderTicking: Promise<void> | null = null;
  private clock: () => Date;

  constructor(private readonly deps: ClosedWonAutomationDeps) {
    this.clock = deps.clock;
  }

  get mode(): AutomationMode {
    return this.deps.config.mode;
  }

  /** Tests drive time: the lease, the sweep's watermark and the retry schedule read this clock. */
  useClock(clock: () => Date): void {
    this.clock = clock;
  }

  now(): Date {
    return this.clock();
  }

  start(): void {
    if (this.mode === 'off' || this.leaderTimer) return;
    void this.leaderTick();
    this.leaderTimer = setInterval(() => void this.leaderTick(), Math.max(100, Math.floor(this.deps.leaderLeaseMs / 3)));
    this.leaderTimer.unref();
  }

  /** Stops everything this replica runs and gives the lease up, so another replica takes over at once. */
  async stop(): Promise<void> {
    if (this.leaderTimer) clearInterval(this.leaderTimer);
    this.leaderTimer = null;
    await this.leaderTicking?.catch(() => undefined);
    const wasLeading = this.leading;
    await this.stepDown();
    if (wasLeading) await this.deps.journal.automation.releaseLease(LEADER_LEASE, this.owner).catch(() => undefined);
  }

  /** Takes or renews the leader lease, and starts or stops the leader's work accordingly. */
  leaderTick(): Promise<void> {
    this.leaderTicking ??= (async () => {
      try {
        const held = await this.deps.journal.automation.acquireLease(LEADER_LEASE, this.owner, this.deps.leaderLeaseMs, this.clock());
        if (held && !this.leading) this.becomeLeader();
        else if (!held && this.leading) await this.stepDown();
      } catch (err) {
        this.deps.logger.warn({ err: { message: (err as Error).message } }, 'automation: could not renew the leader lease');
      } finally {
        this.leaderTicking = null;
      }
    })();
    return this.leaderTicking;
  }

  private becomeLeader(): void {
    this.leading = true;
    this.deps.logger.info({ mode: this.mode, topic: this.deps.config.topic }, 'automation: this replica leads (subscribes, sweeps, retries)');
    this.subscriber = this.deps.subscriber?.({
      checkpoints: this.checkpoints(),
      handle: (event) => this.handleEvent(event),
      fallBackToSweep: (reason) => {
        this.deps.logger.warn({ reason }, 'automation: falling back to the sweep');
        void this.sweepNow();
      },
    }) ?? null;
    this.subscriber?.start();
    // A first pass at once: whatever was closed while no replica led is found now.
    void this.sweepNow();
    this.sweepTimer = setInterval(() => void this.sweepNow(), this.deps.config.sweepIntervalMs);
    this.sweepTimer.unref();
    if (this.mode === 'provision') {
      this.retryTimer = setInterval(() => void this.runDueRetries(), RETRY_POLL_MS);
      this.retryTimer.unref();
    }
  }

  private async stepDown(): Promise<void> {
    if (this.leading) this.deps.logger.info({}, 'automation: this replica no longer leads');
    this.leading = false;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.sweepTimer = null;
    this.retryTimer = null;
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.stop();
    await this.sweeping?.catch(() => undefined);
    await this.retrying?.catch(() => undefined);
  }

  /** One sweep pass (one at a time; a pass asked while one runs shares it). */
  sweepNow(options: { full?: boolean } = {}): Promise<unknown> {
    this.sweeping ??= this.deps.sweep.run({ ...options, stopped: () => !this.leading })
      .catch((err: Error) => this.deps.logger.warn({ err: { message: err.message } }, 'sweep: pass failed'))
      .finally(() => { this.sweeping = null; });
    return this.sweeping;
  }

  /** Asks the automatic retries due now (provision mode); answers how many. */
  runDueRetries(): Promise<number> {
    if (this.mode !== 'provision') return Promise.resolve(0);
    const run = this.deps.retries.runDue(this.clock());
    this.retrying = run.catch(() => undefined).finally(() => { this.retrying = null; });
    return run;
  }

  private async handleEvent(event: ChangeEvent): Promise<void> {
    const { metrics, logger } = this.deps;
    if (event.changeType === 'GAP_OVERFLOW') {
      logger.warn({}, 'change events: Salesforce reported an overflow gap; sweeping');
      void this.sweepNow();
      return;
    }
    if (event.entityName !== 'Opportunity') return;
    const stageChanged = event.changeType === 'UPDATE' ? event.changedFields.includes('StageName')
      : event.changeType === 'CREATE' || event.changeType === 'UNDELETE' ? event.values.StageName !== undefined
        // A gap event says something changed without saying what: the re-read decides.
        : event.changeType.startsWith('GAP_') && event.changeType !== 'GAP_DELETE';
    if (!stageChanged) {
      metrics.recordAutomationEvent('ignored');
      return;
    }
    for (const id of event.recordIds) {
      try {
        const outcome = await this.deps.handler.handle(id, 'EVENT');
        metrics.recordAutomationEvent(outcome);
      } catch (err) {
        // The deal stays won and unprovisioned: the next sweep finds it.
        metrics.recordAutomationEvent('failed');
        logger.warn({ opportunityId: id, code: (err as { code?: string }).code, err: { message: (err as Error).message } },
          'change events: could not handle a Closed/Won change; the sweep will find it');
      }
    }
  }

  private checkpointName(): string {
    return `automation.checkpoint:${this.deps.config.topic}`;
  }

  private checkpoints(): ReplayCheckpoints {
    const name = this.checkpointName();
    const { journal } = this.deps;
    return {
      read: async () => {
        const stored = await journal.automation.read<Checkpoint>(name);
        return stored?.replayId ? Buffer.from(stored.replayId, 'base64') : null;
      },
      write: async (replayId, lastEvent) => {
        const previous = await journal.automation.read<Checkpoint>(name);
        const now = this.clock();
        await journal.automation.write(name, {
          replayId: replayId.toString('base64'),
          lastEventAt: lastEvent ? now.toISOString() : previous?.lastEventAt ?? null,
          lastCommitAt: lastEvent ? lastEvent.commitTimestamp.toISOString() : previous?.lastCommitAt ?? null,
        } satisfies Checkpoint, now);
      },
      clear: async () => {
        const previous = await journal.automation.read<Checkpoint>(name);
        await journal.automation.write(name, previous ? { ...previous, replayId: null } : null, this.clock());
      },
    };
  }

  async status(): Promise<AutomationStatusView> {
    const [checkpoint, lastSweepAt, counts] = await Promise.all([
      this.deps.journal.automation.read<Checkpoint>(this.checkpointName()),
      this.deps.sweep.lastSweepAt(),
      this.deps.journal.runs.automationCounts(),
    ]);
    const lastEventAt = checkpoint?.lastEventAt ? new Date(checkpoint.lastEventAt) : null;
    const lastCommitAt = checkpoint?.lastCommitAt ? new Date(checkpoint.lastCommitAt) : null;
    return {
      mode: this.mode,
      subscribed: this.subscriber?.connected ?? false,
      topic: this.mode === 'off' ? null : this.deps.config.topic,
      lastReplayId: checkpoint?.replayId ?? null,
      lastEventAt,
      lagSeconds: lastEventAt && lastCommitAt ? Math.max(0, (lastEventAt.getTime() - lastCommitAt.getTime()) / 1000) : null,
      lastSweepAt,
      pendingRetries: counts.pendingRetries,
      needsAttention: counts.needsAttention,
      leader: this.leading,
    };
  }
}
