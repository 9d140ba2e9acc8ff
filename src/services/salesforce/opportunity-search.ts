import { Account, Opportunity } from '../../domain/salesforce-records';
import { SalesforceFieldNames } from '../../config/gateway-config';
import { SalesforceClient } from './salesforce-client';
import { RawRecord, RecordMappers } from './record-mappers';
import { SalesforceRecords } from './salesforce-records';
import { formatSoqlDate, quoteSoqlString } from './soql';
import { RequestScope } from '../../observability/request-scope';

export interface OpportunitySearchFilter {
  /** Already validated and normalised to 18 characters. */
  accountId?: string | null;
  isWon?: boolean | null;
  stageName?: string | null;
  /** YYYY-MM-DD */
  closedAfter?: string | null;
  unprovisioned?: boolean | null;
}

export interface OpportunityPage {
  opportunities: Opportunity[];
  /** The accounts the rows carried (parent fields), to prime the request's account loader. */
  accounts: Account[];
  hasNextPage: boolean;
}

/**
 * Lists opportunities with keyset pagination (`ORDER BY Id`, `WHERE Id > :last`):
 * Salesforce's OFFSET stops at 2,000, keyset never does. One SOQL query per page.
 */
export class OpportunitySearch {
  constructor(
    private readonly client: SalesforceClient,
    private readonly records: SalesforceRecords,
    private readonly fields: SalesforceFieldNames,
    private readonly map: RecordMappers,
  ) {}

  /** This search for one request: its queries carry its id (SalesforceClient.forRequest). */
  forRequest(scope: RequestScope, records: SalesforceRecords = this.records.forRequest(scope)): OpportunitySearch {
    return Object.create(this, { client: { value: this.client.forRequest(scope) }, records: { value: records } }) as OpportunitySearch;
  }

  async page(filter: OpportunitySearchFilter, first: number, afterId: string | null): Promise<OpportunityPage> {
    const where: string[] = [];
    if (filter.accountId) where.push(`AccountId = ${quoteSoqlString(filter.accountId)}`);
    if (filter.isWon === true || filter.isWon === false) where.push(`IsWon = ${filter.isWon}`);
    if (filter.stageName != null) where.push(`StageName = ${quoteSoqlString(filter.stageName)}`);
    if (filter.closedAfter) where.push(`CloseDate > ${formatSoqlDate(filter.closedAfter)}`);
    if (filter.unprovisioned === true) where.push(`IsWon = true AND ${this.fields.subscriptionId} = null`);
    if (filter.unprovisioned === false) where.push(`${this.fields.subscriptionId} != null`);
    if (afterId) where.push(`Id > ${quoteSoqlString(afterId)}`);
    const fields = await this.records.opportunityFields();
    const soql = `SELECT ${fields} FROM Opportunity${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY Id LIMIT ${first + 1}`;
    const rows = await this.client.query<RawRecord>(soql, 'listOpportunities');
    return { ...this.records.opportunityRows(rows.slice(0, first)), hasNextPage: rows.length > first };
  }
}
