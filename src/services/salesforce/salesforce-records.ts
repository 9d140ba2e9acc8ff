import { Account, Contact, Opportunity, OpportunityContactRole, OpportunityLineItem, Product } from '../../domain/salesforce-records';
import { SalesforceFieldNames } from '../../config/gateway-config';
import { SalesforceClient } from './salesforce-client';
import { RawRecord, RecordMappers } from './record-mappers';
import { chunkForUri, soqlInList } from './soql';
import { RequestScope } from '../../observability/request-scope';

/** Opportunities and the accounts their rows carried (parent fields). */
export interface OpportunityRows {
  opportunities: Opportunity[];
  accounts: Account[];
}

/** Line items and the products their rows carried (parent fields). */
export interface LineItemRows {
  lineItems: OpportunityLineItem[];
  products: Product[];
}

/**
 * Batched reads of the Salesforce objects the gateway joins. Every method takes
 * a list of ids and issues one SOQL query per URI-sized chunk (about 200 ids),
 * skipping the query when the list is empty. DataLoaders call these.
 */
export class SalesforceRecords {
  constructor(
    private readonly client: SalesforceClient,
    private readonly fields: SalesforceFieldNames,
    private readonly map: RecordMappers,
  ) {}

  /** These reads for one request: their queries carry its id (SalesforceClient.forRequest). */
  forRequest(scope: RequestScope): SalesforceRecords {
    return Object.create(this, { client: { value: this.client.forRequest(scope) } }) as SalesforceRecords;
  }

  /** True when the org has multi-currency (Opportunity.CurrencyIsoCode exists). */
  async hasMultiCurrency(): Promise<boolean> {
    return (await this.client.fieldNames('Opportunity')).has('currencyisocode');
  }

  /**
   * Opportunity fields, with its Account's (`Account.Name`, ...): the account comes with the row,
   * so `Opportunity.account` costs no query of its own.
   */
  async opportunityFields(): Promise<string> {
    const currency = (await this.hasMultiCurrency()) ? ', CurrencyIsoCode' : '';
    return `Id, Name, StageName, IsClosed, IsWon, CloseDate, Amount, AccountId, Type, ${this.fields.subscriptionId}, ${this.fields.provisioningStatus}${currency}`
      + `, Account.Name, Account.${this.fields.customerId}`;
  }

  /** Line item fields, with its Product2's: `OpportunityLineItem.product` costs no query of its own. */
  async lineItemFields(): Promise<string> {
    const currency = (await this.hasMultiCurrency()) ? ', CurrencyIsoCode' : '';
    return `Id, OpportunityId, Product2Id, Quantity, UnitPrice, Discount, ListPrice, TotalPrice${currency}, `
      + `Product2.Name, Product2.ProductCode, Product2.IsActive, Product2.${this.fields.stiggType}, Product2.${this.fields.stiggId}`;
  }

  /** Opportunity rows as domain records, with the accounts they carried. */
  opportunityRows(rows: RawRecord[]): OpportunityRows {
    return {
      opportunities: rows.map((r) => this.map.opportunity(r)),
      accounts: rows.map((r) => this.map.accountOfOpportunity(r)).filter((a): a is Account => a !== null),
    };
  }

  get productFields(): string {
    return `Id, Name, ProductCode, IsActive, ${this.fields.stiggType}, ${this.fields.stiggId}`;
  }

  async opportunitiesByIds(ids: readonly string[]): Promise<OpportunityRows> {
    const fields = await this.opportunityFields();
    return this.opportunityRows(await this.byKey(`SELECT ${fields} FROM Opportunity WHERE Id IN `, ids, ''));
  }

  async opportunitiesByAccountIds(accountIds: readonly string[]): Promise<OpportunityRows> {
    const fields = await this.opportunityFields();
    return this.opportunityRows(await this.byKey(`SELECT ${fields} FROM Opportunity WHERE AccountId IN `, accountIds, ' ORDER BY Id'));
  }

  async accountsByIds(ids: readonly string[]): Promise<Account[]> {
    const rows = await this.byKey(`SELECT Id, Name, ${this.fields.customerId} FROM Account WHERE Id IN `, ids, '');
    return rows.map((r) => this.map.account(r));
  }

  async contactsByAccountIds(accountIds: readonly string[]): Promise<Contact[]> {
    const rows = await this.byKey('SELECT Id, AccountId, Name, Email FROM Contact WHERE AccountId IN ', accountIds, ' ORDER BY Id');
    return rows.map((r) => this.map.contact(r));
  }

  /** Line items of the opportunities, with the products they carried. */
  async lineItemsByOpportunityIds(opportunityIds: readonly string[]): Promise<LineItemRows> {
    const fields = await this.lineItemFields();
    const rows = await this.byKey(`SELECT ${fields} FROM OpportunityLineItem WHERE OpportunityId IN `, opportunityIds, ' ORDER BY Id');
    return {
      lineItems: rows.map((r) => this.map.lineItem(r)),
      products: rows.map((r) => this.map.productOfLineItem(r)).filter((p): p is Product => p !== null),
    };
  }

  async productsByIds(ids: readonly string[]): Promise<Product[]> {
    const rows = await this.byKey(`SELECT ${this.productFields} FROM Product2 WHERE Id IN `, ids, '');
    return rows.map((r) => this.map.product(r));
  }

  async contactRolesByOpportunityIds(opportunityIds: readonly string[]): Promise<OpportunityContactRole[]> {
    const rows = await this.byKey(
      'SELECT OpportunityId, ContactId, IsPrimary, Contact.Email FROM OpportunityContactRole WHERE OpportunityId IN ',
      opportunityIds, ' ORDER BY Id');
    return rows.map((r) => this.map.contactRole(r));
  }

  /** Every product with a Stigg Type (the mapping table), ordered by name. */
  async mappedProducts(): Promise<Product[]> {
    const rows = await this.client.query<RawRecord>(
      `SELECT ${this.productFields} FROM Product2 WHERE ${this.fields.stiggType} != null ORDER BY Name, Id`);
    return rows.map((r) => this.map.product(r));
  }

  /** Accounts whose Stigg customer id field holds one of these ids. */
  async accountsByStiggCustomerIds(customerIds: readonly string[]): Promise<Account[]> {
    const rows = await this.byKey(`SELECT Id, Name, ${this.fields.customerId} FROM Account WHERE ${this.fields.customerId} IN `, customerIds, '');
    return rows.map((r) => this.map.account(r));
  }

  /** Opportunities whose Stigg subscription id field holds one of these ids. */
  async opportunitiesBySubscriptionIds(subscriptionIds: readonly string[]): Promise<OpportunityRows> {
    const fields = await this.opportunityFields();
    return this.opportunityRows(await this.byKey(`SELECT ${fields} FROM Opportunity WHERE ${this.fields.subscriptionId} IN `, subscriptionIds, ''));
  }

  /** `prefix (<quoted values>) suffix`, chunked so each request URI stays under 16,384 bytes. */
  private async byKey(prefix: string, values: readonly string[], suffix: string): Promise<RawRecord[]> {
    const unique = [...new Set(values)];
    if (unique.length === 0) return [];
    const baseBytes = this.client.queryUriBaseBytes + Buffer.byteLength(encodeURIComponent(prefix + suffix));
    const chunks = chunkForUri(unique, { baseBytes });
    const pages = await Promise.all(chunks.map((chunk) => this.client.query<RawRecord>(`${prefix}${soqlInList(chunk)}${suffix}`)));
    return pages.flat();
  }
}

