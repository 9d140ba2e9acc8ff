import { CreditBalance, CreditGrant, Customer, Subscription } from '../../domain/stigg-entities';
import { StiggCatalog } from '../../domain/stigg-catalog';

/**
 * Batched Stigg reads: every method answers for many ids with a constant
 * number of requests (documented filters or aliased fields in one document),
 * never through the SDK's per-entity calls or its in-process balance cache.
 */
export interface StiggReader {
  customersByIds(ids: readonly string[]): Promise<Customer[]>;
  /** Customers whose salesforceId is one of these Salesforce Account ids. */
  customersBySalesforceIds(accountIds: readonly string[]): Promise<Customer[]>;
  subscriptionsByIds(ids: readonly string[]): Promise<Subscription[]>;
  subscriptionsByCustomerIds(customerIds: readonly string[]): Promise<Subscription[]>;
  /** Subscriptions whose salesforceId is one of these Salesforce Opportunity ids. */
  subscriptionsBySalesforceIds(opportunityIds: readonly string[]): Promise<Subscription[]>;
  creditBalancesByCustomerIds(customerIds: readonly string[]): Promise<CreditBalance[]>;
  creditGrantsByCustomerIds(customerIds: readonly string[]): Promise<CreditGrant[]>;
  catalog(): Promise<StiggCatalog>;
}
