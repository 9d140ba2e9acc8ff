import { Journal, ProvisioningRunRecord } from '../journal';
import { SalesforceWriteBack } from '../salesforce/write-back';
import { Logger } from '../../observability/logger';
import { GatewayError } from '../../errors/gateway-error';
import { AutomationMetrics } from './automation-metrics';
import { attentionNotice } from './attention-notice';
import { isRetryableCode, retryDelayAfter } from './retry-schedule';

/**
 * What happens to a run an attempt left FAILED (AUTOMATION_MODE=provision; ProvisioningService's
 * run-ended hook): a retryable error gets its next attempt on the schedule (retry-schedule.ts); once
 * the retries are spent, or when an automatically started run fails with an error no retry fixes, the
 * run becomes NEEDS_ATTENTION and Salesforce, the metrics and the log say so. A run started from the
 * API that fails with such an error stays FAILED: its caller has the answer and asks again.
 */
export class RetryPolicy {
  constructor(
    private readonly journal: Journal,
    private readonly writeBack: SalesforceWriteBack,
    private readonly metrics: AutomationMetrics,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  async runEnded(run: ProvisioningRunRecord): Promise<ProvisioningRunRecord> {
    if (run.status !== 'FAILED') return run;
    const code = run.error?.code ?? null;
    const delay = isRetryableCode(code) ? retryDelayAfter(run.attempts) : null;
    if (delay !== null) {
      const next = new Date(this.clock().getTime() + delay);
      await this.journal.runs.scheduleRetry(run.id, next, this.clock());
      this.logger.info({ runId: run.id, opportunityId: run.opportunityId, code, attempts: run.attempts, nextAttemptAt: next.toISOString() },
        'provisioning run failed: automatic retry scheduled');
      return { ...run, nextAttemptAt: next };
    }
    if (!isRetryableCode(code) && run.trigger === 'API') return run;
    return this.needsAttention(run);
  }

  /** The run needs a person: NEEDS_ATTENTION in the journal, 'Needs attention' and the notice in Salesforce, a metric, a warning. */
  async needsAttention(run: ProvisioningRunRecord): Promise<ProvisioningRunRecord> {
    const marked = run.status === 'NEEDS_ATTENTION' ? run : await this.journal.runs.markNeedsAttention(run.id, this.clock());
    const code = run.error?.code ?? 'INTERNAL_SERVER_ERROR';
    this.metrics.recordNeedsAttention(run.kind);
    this.logger.warn({ runId: run.id, opportunityId: run.opportunityId, kind: run.kind, code, attempts: run.attempts, trigger: run.trigger },
      'provisioning run needs attention');
    await this.tellSalesforce(run.opportunityId, code);
    return marked ?? run;
  }

  /** Writes 'Needs attention' and the notice on the opportunity; a failure here is logged, never thrown. */
  async tellSalesforce(opportunityId: string, code: string): Promise<void> {
    try {
      await this.writeBack.writeNeedsAttention(opportunityId, attentionNotice(code));
    } catch (err) {
      this.logger.warn({ opportunityId, code: (err as GatewayError).code }, 'could not write Needs attention back to Salesforce');
    }
  }
}
