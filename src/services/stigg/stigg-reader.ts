import { CreditBalance, CreditGrant, Customer, Subscription } from '../../domain/stigg-entities';
import { StiggCatalog } from '../../domain/stigg-catalog';
import { StiggLookupIds } from './operations';
import { RequestScope } from '../../observability/request-scope';

/** What StiggReader.lookup answers, per kind of key. */
export interface StiggLookups {
  customersById: Customer[];
  /** Customers whose salesforceId is one of the Account ids asked for. */
  customersBySalesforceId: Customer[];
  subscriptionsById: Subscription[];
  /** Subscriptions whose salesforceId is one of the Opportunity ids asked for. */
  subscriptionsBySalesforceId: Subscription[];
  /** Every subscription of the customers asked for, ended ones (CANCELED, EXPIRED) included. */
  subscriptionsOfCustomers: Subscription[];
  /** The customers the subscription lookups matched (they come with their subscriptions). */
  customersOfSubscriptions: Customer[];
}

/**
 * Batched Stigg reads: every method answers for many ids with a constant
 * number of requests (documented filters or aliased fields in one document),
 * never through the SDK's per-entity calls or its in-process balance cache.
 */
export interface StiggReader {
  /** This reader for one request: its documents carry the request's id (request-scope.ts). Absent: the reader is used as it is. */
  forRequest?(scope: RequestScope): StiggReader;
  /** Customers and subscriptions by several kinds of key at once: one request for all of them. */
  lookup(ids: StiggLookupIds): Promise<StiggLookups>;
  customersByIds(ids: readonly string[]): Promise<Customer[]>;
  /** Customers whose salesforceId is one of these Salesforce Account ids. */
  customersBySalesforceIds(accountIds: readonly string[]): Promise<Customer[]>;
  subscriptionsByIds(ids: readonly string[]): Promise<Subscription[]>;
  subscriptionsByCustomerIds(customerIds: readonly string[]): Promise<Subscription[]>;
  /** Subscriptions whose salesforceId is one of these Salesforce Opportunity ids. */
  subscriptionsBySalesforceIds(opportunityIds: readonly string[]): Promise<Subscription[]>;
  /** Balances of these customers, one per custom currency they hold credits of. */
  creditBalancesByCustomerIds(customerIds: readonly string[]): Promise<CreditBalance[]>;
  creditGrantsByCustomerIds(customerIds: readonly string[]): Promise<CreditGrant[]>;
  catalog(): Promise<StiggCatalog>;
}
