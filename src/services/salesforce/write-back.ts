import { SalesforceFieldNames } from '../../config/gateway-config';
import { SalesforceClient } from './salesforce-client';

/** Stigg_Provisioning_Status__c (SF_FIELD_PROVISIONING_STATUS) picklist values the gateway writes. */
export type ProvisioningStatusValue =
  | 'Pending' | 'Provisioned' | 'Scheduled' | 'Action required' | 'Failed' | 'Canceled' | 'Cancellation scheduled' | 'Withdrawn';

/**
 * Writes Stigg ids and the provisioning status back to Salesforce
 * (PATCH: jsforce never retries it; a PATCH of the same values is idempotent, so asking again is safe).
 */
export class SalesforceWriteBack {
  constructor(private readonly client: SalesforceClient, private readonly fields: SalesforceFieldNames) {}

  async writeCustomerId(accountId: string, customerId: string): Promise<void> {
    await this.client.update('Account', { Id: accountId, [this.fields.customerId]: customerId });
  }

  async writeOpportunity(opportunityId: string, values: { subscriptionId?: string | null; status: ProvisioningStatusValue }): Promise<void> {
    const record: { Id: string } & Record<string, unknown> = { Id: opportunityId, [this.fields.provisioningStatus]: values.status };
    if (values.subscriptionId !== undefined) record[this.fields.subscriptionId] = values.subscriptionId;
    await this.client.update('Opportunity', record);
  }
}
