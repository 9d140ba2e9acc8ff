import { Selectable } from 'kysely';
import { ProvisioningRunsTable, ProvisioningStepsTable } from './journal-tables';
import {
  ProvisioningKind, ProvisioningRunRecord, ProvisioningStepRecord, ProvisioningTrigger, RunStatus, StepName, StepStatus,
} from './provisioning-run-record';
import { fromStoredJson, fromStoredTime, fromStoredTimeOrNull } from './stored-values';

/** Rows of provisioning_runs / provisioning_steps -> records. */
export function toStepRecord(row: Selectable<ProvisioningStepsTable>): ProvisioningStepRecord {
  return {
    name: row.name as StepName,
    position: Number(row.position),
    status: row.status as StepStatus,
    startedAt: fromStoredTimeOrNull(row.started_at),
    finishedAt: fromStoredTimeOrNull(row.finished_at),
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    output: fromStoredJson(row.output_json),
  };
}

export function toRunRecord(row: Selectable<ProvisioningRunsTable>, stepRows: Selectable<ProvisioningStepsTable>[]): ProvisioningRunRecord {
  return {
    id: row.id,
    opportunityId: row.opportunity_id,
    kind: row.kind as ProvisioningKind,
    status: row.status as RunStatus,
    requestHash: row.request_hash,
    request: fromStoredJson(row.request_json),
    plan: fromStoredJson(row.plan_json),
    idempotencyKey: row.idempotency_key,
    principal: row.principal,
    customerId: row.customer_id,
    subscriptionId: row.subscription_id,
    checkoutUrl: row.checkout_url,
    effectiveAt: fromStoredTimeOrNull(row.effective_at),
    error: row.error_code === null
      ? null
      : { code: row.error_code, message: row.error_message ?? '', step: (row.error_step as StepName | null) ?? null },
    leaseOwner: row.lease_owner,
    leaseExpiresAt: fromStoredTimeOrNull(row.lease_expires_at),
    trigger: (row.trigger ?? 'API') as ProvisioningTrigger,
    attempts: Number(row.attempts ?? 1),
    nextAttemptAt: fromStoredTimeOrNull(row.next_attempt_at ?? null),
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
    steps: stepRows.map(toStepRecord).sort((a, b) => a.position - b.position),
  };
}
