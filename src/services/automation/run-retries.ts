import { Principal } from '../../domain/principal';
import { ProvisioningRequest } from '../../domain/provisioning-plan';
import { GatewayError } from '../../errors/gateway-error';
import { Logger } from '../../observability/logger';
import { Journal, ProvisioningRunRecord } from '../journal';
import { RequestLoaders } from '../loaders/request-loaders';
import { ProvisioningService } from '../provisioning/provisioning-service';
import { SubscriptionLifecycle } from '../provisioning/subscription-lifecycle';
import { AutomationMetrics } from './automation-metrics';
import { AUTOMATION_PRINCIPAL } from './automation-principal';

/** Statuses a run can be asked again from. */
const RETRYABLE_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'NEEDS_ATTENTION']);

/**
 * Asking a run again: `retryProvisioning(runId)` by hand (after someone fixed the deal), and the
 * automatic retries when they fall due. Both go through ProvisioningService.retryRun with trigger
 * RETRY: the run resumes with its stored plan; a run that has none (an automatically triggered deal
 * that failed a precondition) is planned afresh from the request it was made for.
 */
export class RunRetries {
  constructor(
    private readonly journal: Journal,
    private readonly provisioning: ProvisioningService,
    private readonly lifecycle: SubscriptionLifecycle,
    private readonly loaders: () => RequestLoaders,
    private readonly metrics: AutomationMetrics,
    private readonly logger: Logger,
  ) {}

  /** retryProvisioning: NOT_FOUND for no such run; BAD_USER_INPUT for a run that is not FAILED or NEEDS_ATTENTION. */
  async retry(principal: Principal, runId: string, loaders: RequestLoaders): Promise<ProvisioningRunRecord> {
    const run = /^[0-9a-f-]{36}$/i.test(runId.trim()) ? await this.journal.runs.getRun(runId.trim()) : null;
    if (!run) throw new GatewayError('NOT_FOUND', `No provisioning run ${runId}.`, { field: 'runId' });
    if (!RETRYABLE_STATUSES.has(run.status)) {
      throw GatewayError.badInput('runId', `Run ${run.id} is ${run.status}: only a FAILED or NEEDS_ATTENTION run is asked again.`);
    }
    try {
      return await this.provisioning.retryRun(principal, run, () => this.planFor(run, loaders), 'RETRY');
    } catch (err) {
      // Still failing its precondition: the run keeps saying why, with the latest code.
      if (err instanceof GatewayError && run.plan === null && !err.code.startsWith('UPSTREAM_')) {
        await this.journal.runs.recordNeedsAttention({
          opportunityId: run.opportunityId, kind: run.kind, requestHash: run.requestHash, request: run.request, principal: run.principal,
          trigger: 'RETRY', error: { code: err.code, message: err.message }, now: new Date(),
        });
      }
      throw err;
    }
  }

  /** Asks every automatic retry due at `now` again; answers how many were asked. */
  async runDue(now: Date): Promise<number> {
    const due = await this.journal.runs.dueRetries(now);
    for (const run of due) {
      try {
        const after = await this.provisioning.retryRun(AUTOMATION_PRINCIPAL, run, () => this.planFor(run, this.loaders()), 'RETRY');
        this.metrics.recordAutomaticRetry(after.status);
        this.logger.info({ runId: run.id, opportunityId: run.opportunityId, status: after.status, attempts: after.attempts }, 'automatic retry asked');
      } catch (err) {
        this.metrics.recordAutomaticRetry((err as GatewayError).code ?? 'INTERNAL_SERVER_ERROR');
        this.logger.warn({ runId: run.id, code: (err as GatewayError).code }, 'automatic retry could not start');
      }
    }
    return due.length;
  }

  /** A fresh plan for a run that has none, from the request it was made for (its kind's planner). */
  private async planFor(run: ProvisioningRunRecord, loaders: RequestLoaders): Promise<unknown> {
    const request = (run.request ?? {}) as Record<string, unknown>;
    if (run.kind === 'AMENDMENT') {
      return this.lifecycle.planAmendment(loaders, {
        opportunityId: run.opportunityId,
        subscriptionId: (request.subscriptionId as string | null) ?? null,
        paymentCollectionMethod: (request.paymentCollectionMethod as ProvisioningRequest['paymentCollectionMethod']) ?? null,
      });
    }
    if (run.kind === 'CANCELLATION') throw GatewayError.badInput('runId', 'A cancellation run always has its plan; this one has none.');
    const stored = request as unknown as Omit<ProvisioningRequest, 'idempotencyKey'>;
    const trial = stored.trial
      ? { endDate: stored.trial.endDate ? new Date(stored.trial.endDate as unknown as string) : null, endBehavior: stored.trial.endBehavior ?? null }
      : null;
    return this.provisioning.preview(loaders, { ...stored, trial, idempotencyKey: null });
  }
}
