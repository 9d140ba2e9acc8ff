import { Account, Opportunity } from '../../domain/salesforce-records';
import { Customer, Subscription } from '../../domain/stigg-entities';
import { RequestLoaders } from '../loaders/request-loaders';

/**
 * How Salesforce and Stigg records point at each other (README, "How the two systems link"):
 *
 * - Stigg's `salesforceId` wins: the customer whose salesforceId is an Account's id is that
 *   account's customer; the subscription whose salesforceId is an Opportunity's id (the live one,
 *   a paid one before a trial; when every one has ended, the newest) is that opportunity's
 *   subscription.
 * - The Salesforce field (Stigg_Customer_Id__c / Stigg_Subscription_Id__c) is the fallback, used
 *   only when no Stigg record claims the Salesforce record, and only when the record it names
 *   does not itself point at another Salesforce record (a customer or subscription without a
 *   salesforceId, or with this one).
 * - The field is stale when it disagrees: it names another id than the Stigg record that claims
 *   this Salesforce record (or none), a Stigg record that belongs to another Salesforce record, or
 *   a Stigg record that does not exist (any more).
 *
 * Both sides are asked at once, so a link costs one level of the query, not two.
 */
export interface Link<T> {
  record: T | null;
  /** The Salesforce field disagrees with Stigg (see above). */
  stale: boolean;
}

function link<T extends { id: string; salesforceId: string | null }>(
  salesforceRecordId: string, field: string | null, viaStigg: T | null, viaField: T | null,
): Link<T> {
  if (viaStigg) return { record: viaStigg, stale: field !== viaStigg.id };
  if (field === null) return { record: null, stale: false };
  if (viaField && (viaField.salesforceId === null || viaField.salesforceId === salesforceRecordId)) return { record: viaField, stale: false };
  return { record: null, stale: true };
}

export async function subscriptionOfOpportunity(loaders: RequestLoaders, opp: Opportunity): Promise<Link<Subscription>> {
  const [viaStigg, viaField] = await Promise.all([
    loaders.subscriptionBySalesforceId.load(opp.id),
    opp.stiggSubscriptionId ? loaders.subscriptionOf(opp.stiggSubscriptionId) : null,
  ]);
  return link(opp.id, opp.stiggSubscriptionId, viaStigg, viaField);
}

export async function customerOfAccount(loaders: RequestLoaders, account: Account): Promise<Link<Customer>> {
  const [viaStigg, viaField] = await Promise.all([
    loaders.customerBySalesforceId.load(account.id),
    account.stiggCustomerId ? loaders.customerOf(account.stiggCustomerId) : null,
  ]);
  return link(account.id, account.stiggCustomerId, viaStigg, viaField);
}

/** The customer's salesforceId names its account; without one (or when that account is gone), the account whose field names the customer. */
export async function accountOfCustomer(loaders: RequestLoaders, customer: Customer): Promise<Account | null> {
  if (customer.salesforceId) {
    const account = await loaders.accountOf(customer.salesforceId);
    if (account) return account;
  }
  return loaders.accountByCustomerId.load(customer.id);
}

/** The subscription's salesforceId names its opportunity; without one (or when that opportunity is gone), the opportunity whose field names it. */
export async function opportunityOfSubscription(loaders: RequestLoaders, subscription: Subscription): Promise<Opportunity | null> {
  if (subscription.salesforceId) {
    const opp = await loaders.opportunity.load(subscription.salesforceId);
    if (opp) return opp;
  }
  return loaders.opportunityBySubscriptionId.load(subscription.id);
}
