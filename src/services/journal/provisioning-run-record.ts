/** A provisioning run and its steps as the journal stores them (the saga's memory). */
/** SUBSCRIPTION and TRIAL make a subscription; AMENDMENT changes one (keyed by the amendment opportunity); CANCELLATION ends one (keyed by the opportunity that made it). */
export type ProvisioningKind = 'SUBSCRIPTION' | 'TRIAL' | 'AMENDMENT' | 'CANCELLATION';
/**
 * SCHEDULED: Stigg accepted the change and applies it at `effectiveAt`. WITHDRAWN: a SCHEDULED
 * change withdrawn before it took effect (Stigg's cancelSchedule); the next claim of its
 * opportunity and kind starts it afresh.
 */
/**
 * NEEDS_ATTENTION: every automatic retry failed, or an automatically triggered deal failed a
 * precondition (then the run has no plan and the precondition's code as its error): a person must act.
 */
export type RunStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'SCHEDULED' | 'ACTION_REQUIRED' | 'FAILED' | 'WITHDRAWN' | 'NEEDS_ATTENTION';
export type FinishedRunStatus = 'SUCCEEDED' | 'SCHEDULED' | 'ACTION_REQUIRED' | 'FAILED';
/** What started a run: a caller of the API, a change event, the sweep, or a retry (automatic, or retryProvisioning). */
export type ProvisioningTrigger = 'API' | 'EVENT' | 'SWEEP' | 'RETRY';
export type StepName = 'HOOK' | 'CUSTOMER' | 'SUBSCRIPTION' | 'WRITE_BACK';
export type StepStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

export const RUN_STATUSES: readonly RunStatus[] = ['PENDING', 'RUNNING', 'SUCCEEDED', 'SCHEDULED', 'ACTION_REQUIRED', 'FAILED', 'WITHDRAWN', 'NEEDS_ATTENTION'];
/** Runs with nothing left to do: Stigg has the subscription, or has scheduled the change. */
export function isDoneRun(run: Pick<ProvisioningRunRecord, 'status'>): boolean {
  return run.status === 'SUCCEEDED' || run.status === 'SCHEDULED';
}
/** The saga's steps in the order they run; `position` is the index here. */
export const STEP_ORDER: readonly StepName[] = ['HOOK', 'CUSTOMER', 'SUBSCRIPTION', 'WRITE_BACK'];

export interface StepError {
  code: string;
  message: string;
}

export interface RunError extends StepError {
  step: StepName | null;
}

export interface ProvisioningStepRecord {
  name: StepName;
  position: number;
  status: StepStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: StepError | null;
  output: unknown;
}

export interface ProvisioningRunRecord {
  id: string;
  opportunityId: string;
  kind: ProvisioningKind;
  status: RunStatus;
  requestHash: string;
  request: unknown;
  plan: unknown;
  idempotencyKey: string | null;
  /** Who asked: an API key id, `jwt:<subject>` for a JWT, or 'sandbox'. Never a key. */
  principal: string;
  customerId: string | null;
  subscriptionId: string | null;
  checkoutUrl: string | null;
  /** When a SCHEDULED run's change takes effect. */
  effectiveAt: Date | null;
  error: RunError | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** What started the run's latest attempt. */
  trigger: ProvisioningTrigger;
  /** Times the run was claimed (1 for a run tried once). */
  attempts: number;
  /** When the next automatic retry is due; null when none is. */
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** In STEP_ORDER. */
  steps: ProvisioningStepRecord[];
}

/** The first step neither SUCCEEDED nor SKIPPED: where a claimed run goes on. Null when all are done. */
export function firstUnfinishedStep(run: ProvisioningRunRecord): ProvisioningStepRecord | null {
  return run.steps.find((s) => s.status !== 'SUCCEEDED' && s.status !== 'SKIPPED') ?? null;
}
