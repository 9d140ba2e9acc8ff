import { Logger } from '../../observability/logger';
import { StiggWebhookEventRecord } from '../journal';
import { SalesforceMirror } from '../salesforce-mirror/salesforce-mirror';
import { PaymentFailureWriter } from './payment-failure-writer';
import { envelopeOf, isHandledStiggEventType, stiggWebhookEventOf } from './stigg-webhook-event';

/**
 * Applies one journaled Stigg event to Salesforce. An event is a reason to look, not the state to
 * write: the subscription's (or customer's) current state is read from Stigg again and mirrored
 * (src/services/salesforce-mirror), so an event delivered late or twice writes what Stigg says now,
 * and a record that already says it is not written again. A payment failure also writes the
 * failure itself (payment-failure-writer.ts), which no state holds. Throws when a read or a write
 * fails: the worker retries the event from the journal.
 */
export class StiggWebhookApplication {
  constructor(
    private readonly mirror: SalesforceMirror,
    private readonly paymentFailures: PaymentFailureWriter,
    private readonly logger: Logger,
  ) {}

  async apply(record: StiggWebhookEventRecord): Promise<void> {
    const { type, messageId, timestamp } = envelopeOf(record.body);
    if (!isHandledStiggEventType(type)) return;
    const event = stiggWebhookEventOf(record.body, type, messageId, timestamp);
    let written: string[] = [];
    if (event.subscriptionId) {
      const writes = await this.mirror.mirrorSubscriptions([event.subscriptionId]);
      written = writes.map((w) => `${w.sobject}:${w.id}`);
    } else if (event.customerId) {
      const writes = await this.mirror.mirrorCustomers([event.customerId]);
      written = writes.map((w) => `${w.sobject}:${w.id}`);
    }
    if (event.type === 'customer.payment_failed' && event.paymentFailure && event.subscriptionId) {
      const opportunities = await this.mirror.opportunitiesOfSubscriptions([event.subscriptionId]);
      const failed = await this.paymentFailures.write(opportunities.map((o) => o.id), event.timestamp, event.paymentFailure);
      written.push(...failed.map((id) => `Opportunity:${id} (payment failure)`));
    }
    this.logger.info({ messageId, type, subscriptionId: event.subscriptionId, customerId: event.customerId, written }, 'stigg webhook: applied');
  }
}
