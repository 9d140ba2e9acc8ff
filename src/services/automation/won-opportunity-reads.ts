import { SalesforceFieldNames } from '../../config/gateway-config';
import { PaymentCollectionMethod } from '../../domain/stigg-entities';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { quoteSoqlString } from '../salesforce/soql';
import { normalizeSalesforceId } from '../salesforce/ids';

/** What automation needs to know of an opportunity, read from Salesforce (never from an event's body). */
export interface WonOpportunityFacts {
  id: string;
  isWon: boolean;
  type: string | null;
  stiggSubscriptionId: string | null;
  provisioningStatus: string | null;
  /** The opportunity's SF_FIELD_PAYMENT_COLLECTION mapped to Stigg's method; null when blank (or the org has no such field). */
  paymentCollection: PaymentCollectionMethod | null;
}

/** The picklist's values (Invoice / Card on file / None) as Stigg's payment collection methods. */
const PAYMENT_COLLECTION_VALUES: Readonly<Record<string, PaymentCollectionMethod>> = {
  invoice: 'INVOICE',
  'card on file': 'PAYMENT_METHOD_ON_FILE',
  none: 'NONE',
};

/** Provisioning statuses that say the opportunity's deal is done with: the sweep does not look at these. */
const SETTLED_STATUSES = ['Provisioned', 'Scheduled', 'Canceled', 'Cancellation scheduled', 'Withdrawn'];

/** One page of the sweep: won opportunities after `afterId`, in Id order. */
export interface SweepPage {
  ids: string[];
  /** The last id of the page, for the next one; null when this was the last page. */
  nextAfterId: string | null;
}

export const SWEEP_PAGE_SIZE = 200;

/**
 * Automation's Salesforce reads: one opportunity's facts (after a change event, before anything is
 * started), and the sweep's keyset-paged search for won opportunities whose provisioning status is
 * not settled, modified since a watermark.
 */
export class WonOpportunityReads {
  constructor(
    private readonly client: SalesforceClient,
    private readonly fields: SalesforceFieldNames,
    private readonly paymentCollectionField: string,
  ) {}

  async facts(opportunityId: string): Promise<WonOpportunityFacts | null> {
    const id = normalizeSalesforceId(opportunityId, 'opportunityId', 'Opportunity');
    // An org without the payment collection field still works: every deal then takes the default.
    const hasPaymentField = (await this.client.fieldNames('Opportunity')).has(this.paymentCollectionField.toLowerCase());
    const payment = hasPaymentField ? `, ${this.paymentCollectionField}` : '';
    const rows = await this.client.query<Record<string, unknown>>(
      `SELECT Id, IsWon, Type, ${this.fields.subscriptionId}, ${this.fields.provisioningStatus}${payment} FROM Opportunity WHERE Id = ${quoteSoqlString(id)}`,
      'automationReadOpportunity');
    const row = rows[0];
    if (!row) return null;
    const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
    const paymentValue = hasPaymentField ? text(row[this.paymentCollectionField]) : null;
    return {
      id: row.Id as string,
      isWon: row.IsWon === true,
      type: text(row.Type),
      stiggSubscriptionId: text(row[this.fields.subscriptionId]),
      provisioningStatus: text(row[this.fields.provisioningStatus]),
      paymentCollection: paymentValue ? PAYMENT_COLLECTION_VALUES[paymentValue.toLowerCase()] ?? null : null,
    };
  }

  /**
   * Won opportunities whose provisioning status is blank or not settled, modified at or after `since`
   * (SystemModstamp; null: all of them, the daily full pass), `SWEEP_PAGE_SIZE` at a time by Id.
   */
  async sweepPage(since: Date | null, afterId: string | null): Promise<SweepPage> {
    const status = this.fields.provisioningStatus;
    const conditions = [
      'IsWon = true',
      `(${status} = null OR ${status} NOT IN (${SETTLED_STATUSES.map(quoteSoqlString).join(', ')}))`,
    ];
    // A datetime literal: seconds, UTC (SOQL's YYYY-MM-DDThh:mm:ssZ).
    if (since) conditions.push(`SystemModstamp >= ${since.toISOString().slice(0, 19)}Z`);
    if (afterId) conditions.push(`Id > ${quoteSoqlString(normalizeSalesforceId(afterId, 'afterId', 'Opportunity'))}`);
    const rows = await this.client.query<{ Id: string }>(
      `SELECT Id FROM Opportunity WHERE ${conditions.join(' AND ')} ORDER BY Id LIMIT ${SWEEP_PAGE_SIZE}`, 'automationSweep');
    const ids = rows.map((r) => r.Id);
    return { ids, nextAfterId: ids.length === SWEEP_PAGE_SIZE ? ids[ids.length - 1] : null };
  }
}
