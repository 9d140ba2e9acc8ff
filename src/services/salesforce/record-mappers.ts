import { Account, Contact, Opportunity, OpportunityContactRole, OpportunityLineItem, Product } from '../../domain/salesforce-records';
import { SalesforceFieldNames } from '../../config/gateway-config';

/** A raw jsforce record: field API names to values. */
export type RawRecord = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Maps raw records to the gateway's domain types, once, at the service edge. */
export class RecordMappers {
  constructor(private readonly fields: SalesforceFieldNames, private readonly defaultCurrency: string) {}

  /** `id`: the record's Id, or for a parent record carried on a child row, the child's lookup field (the parent carries no Id of its own unless selected). */
  account(r: RawRecord, id = r.Id as string): Account {
    return { id, name: str(r.Name) ?? '', stiggCustomerId: str(r[this.fields.customerId]) };
  }

  /** The Account an Opportunity row carried (`Account.Name`, ...), or null (no account, or not selected). */
  accountOfOpportunity(r: RawRecord): Account | null {
    const parent = r.Account;
    if (!parent || typeof parent !== 'object' || typeof r.AccountId !== 'string') return null;
    return this.account(parent as RawRecord, r.AccountId);
  }

  /** The Product2 a line item row carried (`Product2.Name`, ...), or null. */
  productOfLineItem(r: RawRecord): Product | null {
    const parent = r.Product2;
    if (!parent || typeof parent !== 'object' || typeof r.Product2Id !== 'string') return null;
    return this.product(parent as RawRecord, r.Product2Id);
  }

  contact(r: RawRecord): Contact {
    return { id: r.Id as string, accountId: str(r.AccountId), name: str(r.Name) ?? '', email: str(r.Email) };
  }

  /** `id` as for account(). */
  product(r: RawRecord, id = r.Id as string): Product {
    return {
      id,
      name: str(r.Name) ?? '',
      productCode: str(r.ProductCode),
      isActive: r.IsActive === true,
      stiggType: str(r[this.fields.stiggType]),
      stiggId: str(r[this.fields.stiggId])?.trim() ?? null,
    };
  }

  opportunity(r: RawRecord): Opportunity {
    return {
      id: r.Id as string,
      name: str(r.Name) ?? '',
      stageName: str(r.StageName) ?? '',
      isClosed: r.IsClosed === true,
      isWon: r.IsWon === true,
      closeDate: str(r.CloseDate),
      amount: num(r.Amount),
      currency: str(r.CurrencyIsoCode) ?? this.defaultCurrency,
      accountId: str(r.AccountId),
      stiggSubscriptionId: str(r[this.fields.subscriptionId]),
      provisioningStatus: str(r[this.fields.provisioningStatus]),
      type: str(r.Type),
    };
  }

  lineItem(r: RawRecord): OpportunityLineItem {
    return {
      id: r.Id as string,
      opportunityId: r.OpportunityId as string,
      productId: r.Product2Id as string,
      quantity: num(r.Quantity) ?? 0,
      unitPrice: num(r.UnitPrice) ?? 0,
      discount: num(r.Discount),
      listPrice: num(r.ListPrice),
      totalPrice: num(r.TotalPrice) ?? 0,
      currency: str(r.CurrencyIsoCode) ?? this.defaultCurrency,
    };
  }

  contactRole(r: RawRecord): OpportunityContactRole {
    const contact = (r.Contact ?? null) as RawRecord | null;
    return {
      opportunityId: r.OpportunityId as string,
      contactId: r.ContactId as string,
      isPrimary: r.IsPrimary === true,
      email: contact ? str(contact.Email) : null,
    };
  }
}
