export { openJournal } from './open-journal';
export type { OpenJournalOptions } from './open-journal';
export type { Journal } from './journal';
export type { JournalDialectName } from './journal-dialect-name';
export type { JournalLogger } from './journal-logger';
export { STEP_ORDER, RUN_STATUSES, firstUnfinishedStep, isDoneRun } from './provisioning-run-record';
export type {
  ProvisioningKind, ProvisioningRunRecord, ProvisioningStepRecord, ProvisioningTrigger, RunError, RunStatus, FinishedRunStatus,
  StepError, StepName, StepStatus,
} from './provisioning-run-record';
export { ProvisioningRunRepository } from './provisioning-run-repository';
export type {
  ClaimRunInput, ClaimRunResult, FinishRunInput, ListRunsInput, MarkStepInput, RunConnection, RunFieldsInput,
} from './provisioning-run-repository';
export { InvalidCursorError } from './run-list-cursor';
export { IdempotencyKeyRepository } from './idempotency-key-repository';
export type { ReserveIdempotencyKeyInput, ReserveIdempotencyKeyResult } from './idempotency-key-repository';
export { AuditLogRepository } from './audit-log-repository';
export type { AuditEntry, AuditInput, ListAuditInput } from './audit-log-repository';
export { ApiKeyRepository, InvalidApiKeyInputError } from './api-key-repository';
export type { ApiKeyRecord, CreateApiKeyInput, IssuedApiKey } from './api-key-repository';
export { AutomationStateRepository } from './automation-state-repository';
export { StiggWebhookEventRepository } from './stigg-webhook-event-repository';
export type { NewStiggWebhookEvent, StiggWebhookEventRecord, StiggWebhookEventStatus } from './stigg-webhook-event-repository';
export type { LeaseHolder } from './automation-state-repository';
export type { RecordNeedsAttentionInput } from './provisioning-run-repository';
