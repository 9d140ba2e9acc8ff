import { ProvisioningRunRecord } from '../journal';
import { planFromJournal } from './stored-plan';

/** A journal run as the API shows it: the stored plan with its dates restored, and who asked. */
export function runView(run: ProvisioningRunRecord) {
  return {
    id: run.id,
    kind: run.kind,
    opportunityId: run.opportunityId,
    status: run.status,
    customerId: run.customerId,
    subscriptionId: run.subscriptionId,
    checkoutUrl: run.checkoutUrl,
    effectiveAt: run.effectiveAt,
    // A cancellation's plan is not a provisioning plan (CancellationPlan): the API shows none.
    plan: run.plan && run.kind !== 'CANCELLATION' ? planFromJournal(run.plan) : null,
    steps: run.steps.map((s) => ({
      name: s.name,
      status: s.status,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      error: s.error ? { code: s.error.code, message: s.error.message, step: s.name } : null,
    })),
    error: run.error ? { code: run.error.code, message: run.error.message, step: run.error.step } : null,
    requestedBy: run.principal,
    trigger: run.trigger,
    attempts: run.attempts,
    nextAttemptAt: run.nextAttemptAt,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}

export type RunView = ReturnType<typeof runView>;
