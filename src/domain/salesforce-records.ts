/**
 * Salesforce records as the gateway sees them, mapped once at the service edge
 * (src/services/salesforce/record-mappers.ts). Ids are always 18 characters.
 */
export interface Account {
  id: string;
  name: string;
  /** Account.Stigg_Customer_Id__c (API name configurable). */
  stiggCustomerId: string | null;
}

export interface Contact {
  id: string;
  accountId: string | null;
  name: string;
  email: string | null;
}

export interface Product {
  id: string;
  name: string;
  productCode: string | null;
  isActive: boolean;
  /** The raw Stigg Type picklist value (e.g. "Plan", "Add-on"), null when unset. */
  stiggType: string | null;
  /** The Stigg ID text field, null when unset. */
  stiggId: string | null;
}

export interface Opportunity {
  id: string;
  name: string;
  stageName: string;
  isClosed: boolean;
  isWon: boolean;
  /** YYYY-MM-DD */
  closeDate: string | null;
  amount: number | null;
  /** CurrencyIsoCode when the org has multi-currency, else the configured default currency. */
  currency: string;
  accountId: string | null;
  /** Opportunity.Stigg_Subscription_Id__c (API name configurable). */
  stiggSubscriptionId: string | null;
  /** Opportunity.Stigg_Provisioning_Status__c (API name configurable). */
  provisioningStatus: string | null;
  /** Opportunity.Type (e.g. New Customer, Renewal: SF_RENEWAL_TYPE names a renewal's). */
  type: string | null;
}

export interface OpportunityLineItem {
  id: string;
  opportunityId: string;
  productId: string;
  quantity: number;
  /** The Sales Price column (UnitPrice), per unit, before discount. */
  unitPrice: number;
  /** Percent, 0..100, null when none. */
  discount: number | null;
  listPrice: number | null;
  /** Quantity x UnitPrice x (1 - Discount/100), as Salesforce computes it. */
  totalPrice: number;
  currency: string;
}

export interface OpportunityContactRole {
  opportunityId: string;
  contactId: string;
  isPrimary: boolean;
  email: string | null;
}
