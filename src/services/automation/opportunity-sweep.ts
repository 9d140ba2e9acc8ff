import { Journal } from '../journal';
import { Logger } from '../../observability/logger';
import { AutomationMetrics } from './automation-metrics';
import { ClosedWonHandler } from './closed-won-handler';
import { WonOpportunityReads } from './won-opportunity-reads';

/** The sweep's memory in the journal (automation_state). */
interface SweepState {
  /** Opportunities modified at or after this were looked at by the last pass (ISO time). */
  watermark: string | null;
  lastSweepAt: string | null;
  lastFullPassAt: string | null;
}

export const SWEEP_STATE = 'automation.sweep';
/** A full pass (no watermark) at least this often. */
export const FULL_PASS_INTERVAL_MS = 24 * 3_600_000;
/** The next pass starts this long before the last one did: clock skew between the gateway and Salesforce, and commits in flight. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;

export interface SweepResult {
  full: boolean;
  /** Won, unprovisioned opportunities with no run: each an event that was missed (or automation was off). */
  findings: number;
  looked: number;
}

/**
 * The safety net under change events: won opportunities whose provisioning status is not settled,
 * modified since the last watermark (keyset-paged SOQL), plus a full pass daily. Each one with no run
 * is handled like an event, with trigger SWEEP, and counted. It catches deals closed while automation
 * was off, events lost beyond Salesforce's retention, and anything the listener missed.
 */
export class OpportunitySweep {
  constructor(
    private readonly journal: Journal,
    private readonly reads: WonOpportunityReads,
    private readonly handler: ClosedWonHandler,
    private readonly metrics: AutomationMetrics,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  async lastSweepAt(): Promise<Date | null> {
    const state = await this.journal.automation.read<SweepState>(SWEEP_STATE);
    return state?.lastSweepAt ? new Date(state.lastSweepAt) : null;
  }

  /**
   * One pass; `full` forces a pass with no watermark. `stopped` is asked before each deal: a pass cut
   * short (shutdown, the lease lost) keeps the old watermark, so the next pass looks again.
   */
  async run(options: { full?: boolean; stopped?: () => boolean } = {}): Promise<SweepResult> {
    const startedAt = this.clock();
    const state = (await this.journal.automation.read<SweepState>(SWEEP_STATE)) ?? { watermark: null, lastSweepAt: null, lastFullPassAt: null };
    const full = options.full === true || !state.watermark || !state.lastFullPassAt
      || startedAt.getTime() - new Date(state.lastFullPassAt).getTime() >= FULL_PASS_INTERVAL_MS;
    const since = full ? null : new Date(state.watermark!);
    let findings = 0;
    let looked = 0;
    let afterId: string | null = null;
    do {
      const page = await this.reads.sweepPage(since, afterId);
      for (const id of page.ids) {
        if (options.stopped?.()) {
          this.logger.info({ looked, findings }, 'sweep: pass stopped before its end; the next pass looks again');
          return { full, findings, looked };
        }
        looked += 1;
        try {
          const outcome = await this.handler.handle(id, 'SWEEP');
          if (outcome === 'provisioned' || outcome === 'previewed' || outcome === 'needs_attention') {
            findings += 1;
            this.metrics.recordSweepFinding();
            this.logger.warn({ opportunityId: id, outcome }, 'sweep: found a won opportunity no event had provisioned');
          }
        } catch (err) {
          // One deal failing (an upstream down) does not stop the pass; the next pass finds it again.
          this.logger.warn({ opportunityId: id, code: (err as { code?: string }).code, err: { message: (err as Error).message } }, 'sweep: could not handle an opportunity');
        }
      }
      afterId = page.nextAfterId;
    } while (afterId);
    const next: SweepState = {
      watermark: new Date(startedAt.getTime() - WATERMARK_OVERLAP_MS).toISOString(),
      lastSweepAt: startedAt.toISOString(),
      lastFullPassAt: full ? startedAt.toISOString() : state.lastFullPassAt,
    };
    await this.journal.automation.write(SWEEP_STATE, next, startedAt);
    this.logger.info({ full, looked, findings, since: since?.toISOString() ?? null }, 'sweep: pass done');
    return { full, findings, looked };
  }
}
