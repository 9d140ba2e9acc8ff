import { SalesforceClient } from '../salesforce/salesforce-client';
import { RawRecord } from '../salesforce/record-mappers';
import { OpportunityRows, SalesforceRecords } from '../salesforce/salesforce-records';
import { quoteSoqlString } from '../salesforce/soql';

export interface WonOpportunityPage extends OpportunityRows {
  hasNextPage: boolean;
}

/**
 * Won opportunities a page at a time, in Id order (keyset: `Id > :last`, or `Id >= :id` to look at
 * an opportunity again when the previous page stopped among its findings): one SOQL query per page.
 * Rows carry their Account's fields, as every opportunity read does.
 */
export class WonOpportunityPages {
  constructor(private readonly client: SalesforceClient, private readonly records: SalesforceRecords) {}

  async page(args: { accountId: string | null; from: { id: string; inclusive: boolean } | null; first: number }): Promise<WonOpportunityPage> {
    const where = ['IsWon = true'];
    if (args.accountId) where.push(`AccountId = ${quoteSoqlString(args.accountId)}`);
    if (args.from) where.push(`Id ${args.from.inclusive ? '>=' : '>'} ${quoteSoqlString(args.from.id)}`);
    const fields = await this.records.opportunityFields();
    const soql = `SELECT ${fields} FROM Opportunity WHERE ${where.join(' AND ')} ORDER BY Id LIMIT ${args.first + 1}`;
    const rows = await this.client.query<RawRecord>(soql, 'reconciliationOpportunities');
    return { ...this.records.opportunityRows(rows.slice(0, args.first)), hasNextPage: rows.length > args.first };
  }
}
