import { SalesforceMirrorFieldNames } from '../../config/gateway-config';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { MirroredValuesReader } from '../salesforce-mirror/mirrored-values-reader';
import { PaymentFailure } from './stigg-webhook-event';

/**
 * A payment failure is a fact Stigg's subscription state does not keep (the status may say
 * PAYMENT_PENDING, or not at all for a failed renewal), so the event itself is written: when it
 * failed (SF_FIELD_PAYMENT_FAILED_AT) and the billing provider's code and message
 * (SF_FIELD_PAYMENT_FAILURE, at most 255 characters). An older failure arriving after a newer one
 * (Stigg guarantees no order) changes nothing; the same failure again neither.
 */
export class PaymentFailureWriter {
  private readonly values: MirroredValuesReader;

  constructor(private readonly client: SalesforceClient, private readonly fields: SalesforceMirrorFieldNames) {
    this.values = new MirroredValuesReader(client);
  }

  /** The opportunities written (those whose last failure was older or none). */
  async write(opportunityIds: readonly string[], failedAt: Date, failure: PaymentFailure): Promise<string[]> {
    const current = await this.values.read('Opportunity', opportunityIds, [this.fields.paymentFailedAt]);
    const written: string[] = [];
    for (const id of opportunityIds) {
      const values = current.get(id);
      if (!values) continue;
      const last = Object.entries(values).find(([k]) => k.toLowerCase() === this.fields.paymentFailedAt.toLowerCase())?.[1];
      const lastAt = typeof last === 'string' ? Date.parse(last.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      if (!Number.isNaN(lastAt) && lastAt >= failedAt.getTime()) continue;
      const description = [failure.code, failure.message].filter(Boolean).join(': ') || 'payment failed';
      await this.client.update('Opportunity', {
        Id: id, [this.fields.paymentFailedAt]: failedAt.toISOString(), [this.fields.paymentFailure]: description.slice(0, 255),
      });
      written.push(id);
    }
    return written;
  }
}
