import { ApiKeyRepository } from './api-key-repository';
import { AuditLogRepository } from './audit-log-repository';
import { AutomationStateRepository } from './automation-state-repository';
import { IdempotencyKeyRepository } from './idempotency-key-repository';
import { JournalDialectName } from './journal-dialect-name';
import { ProvisioningRunRepository } from './provisioning-run-repository';
import { StiggWebhookEventRepository } from './stigg-webhook-event-repository';

/** The gateway's durable memory: provisioning runs, idempotency keys, the audit log and API keys. */
export interface Journal {
  readonly dialect: JournalDialectName;
  readonly runs: ProvisioningRunRepository;
  readonly idempotencyKeys: IdempotencyKeyRepository;
  readonly audit: AuditLogRepository;
  readonly apiKeys: ApiKeyRepository;
  /** Stigg's webhook events: deduplicated, applied in order per subscription, retried (0004-stigg-webhook-events). */
  readonly stiggWebhookEvents: StiggWebhookEventRepository;
  /** Closed/Won automation's checkpoint, watermark and leader lease. */
  readonly automation: AutomationStateRepository;
  /** Resolves when the database answers (readiness); rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the database (idempotent). */
  close(): Promise<void>;
}
