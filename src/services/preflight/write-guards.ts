import { Journal, JournalDialectName } from '../journal';
import { ApiKeyRepository, AuditLogRepository, AutomationStateRepository, IdempotencyKeyRepository, ProvisioningRunRepository } from '../journal';
import { StiggWebhookEventRepository } from '../journal';
import { SalesforceClient } from '../salesforce/salesforce-client';

/** What preflight answers when anything tries to write: it writes nothing, anywhere. */
export class PreflightWriteRefused extends Error {
  constructor(what: string) {
    super(`preflight writes nothing: ${what} was refused`);
    this.name = 'PreflightWriteRefused';
  }
}

/**
 * The journal preflight hands to services whose constructors need one: no database is opened
 * (not the gateway's SQLite file, not DATABASE_URL's PostgreSQL, whose migrations would be a
 * write), and any use throws. Previews never touch it; provisioning would fail at its first step.
 */
export class NoJournal implements Journal {
  get dialect(): JournalDialectName { throw new PreflightWriteRefused('the journal'); }
  get runs(): ProvisioningRunRepository { throw new PreflightWriteRefused('the journal (provisioning runs)'); }
  get idempotencyKeys(): IdempotencyKeyRepository { throw new PreflightWriteRefused('the journal (idempotency keys)'); }
  get audit(): AuditLogRepository { throw new PreflightWriteRefused('the journal (audit log)'); }
  get apiKeys(): ApiKeyRepository { throw new PreflightWriteRefused('the journal (API keys)'); }
  get automation(): AutomationStateRepository { throw new PreflightWriteRefused('the journal (automation state)'); }
  get stiggWebhookEvents(): StiggWebhookEventRepository { throw new PreflightWriteRefused('the journal (Stigg webhook events)'); }
  async ping(): Promise<void> { throw new PreflightWriteRefused('the journal'); }
  async close(): Promise<void> { /* nothing was opened */ }
}

/** The gateway's Salesforce door with its only write (record updates) refused: reads and describes go through. */
export class ReadOnlySalesforceClient extends SalesforceClient {
  override async update(sobject: string): Promise<void> {
    throw new PreflightWriteRefused(`an update of ${sobject} in Salesforce`);
  }
}
