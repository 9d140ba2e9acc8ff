import { SalesforceFieldNames } from '../../config/gateway-config';
import { SalesforceClient } from './salesforce-client';

/** Stigg_Provisioning_Status__c (SF_FIELD_PROVISIONING_STATUS) picklist values the gateway writes. */
export type ProvisioningStatusValue =
  | 'Pending' | 'Provisioned' | 'Scheduled' | 'Action required' | 'Failed' | 'Canceled' | 'Cancellation scheduled' | 'Withdrawn' | 'Needs attention';

/**
 * Writes Stigg ids and the provisioning status back to Salesforce
 * (PATCH: jsforce never retries it; a PATCH of the same values is idempotent, so asking again is safe).
 */
export class SalesforceWriteBack {
  /**
   * `errorField`: SF_FIELD_PROVISIONING_ERROR when Closed/Won automation is on (AUTOMATION_MODE preview or
   * provision), else null: the field is then never written, so an org without it works as before.
   */
  constructor(private readonly client: SalesforceClient, private readonly fields: SalesforceFieldNames, private readonly errorField: string | null = null) {}

  async writeCustomerId(accountId: string, customerId: string): Promise<void> {
    await this.client.update('Account', { Id: accountId, [this.fields.customerId]: customerId });
  }

  async writeOpportunity(opportunityId: string, values: { subscriptionId?: string | null; status: ProvisioningStatusValue }): Promise<void> {
    const record: { Id: string } & Record<string, unknown> = { Id: opportunityId, [this.fields.provisioningStatus]: values.status };
    if (values.subscriptionId !== undefined) record[this.fields.subscriptionId] = values.subscriptionId;
    // A run that got through clears what a run that needed attention had written.
    if (this.errorField && (values.status === 'Provisioned' || values.status === 'Scheduled')) record[this.errorField] = null;
    await this.client.update('Opportunity', record);
  }

  /** 'Needs attention', and the error field's code and sentence for sales ops (when the field is configured). */
  async writeNeedsAttention(opportunityId: string, notice: string): Promise<void> {
    const record: { Id: string } & Record<string, unknown> = { Id: opportunityId, [this.fields.provisioningStatus]: 'Needs attention' };
    if (this.errorField) record[this.errorField] = notice;
    await this.client.update('Opportunity', record);
  }
}
