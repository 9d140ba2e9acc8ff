import { Account, Opportunity } from '../../domain/salesforce-records';
import { Customer, Subscription } from '../../domain/stigg-entities';
import { RequestLoaders } from '../../context/request-loaders';

/**
 * How Salesforce and Stigg records point at each other (README, "How the two
 * systems link"): Stigg's `salesforceId` on a customer (an Account id) or a
 * subscription (an Opportunity id) wins; the Salesforce fields
 * Stigg_Customer_Id__c / Stigg_Subscription_Id__c are the fallback, and are
 * reported stale when they disagree with Stigg. Both sides are asked at once
 * so a link costs one level of the query, not two.
 */
export interface Link<T> {
  record: T | null;
  /** The Salesforce field holds another id than the one Stigg's salesforceId points at, or none. */
  stale: boolean;
}

export async function subscriptionOfOpportunity(loaders: RequestLoaders, opp: Opportunity): Promise<Link<Subscription>> {
  const [viaStigg, viaField] = await Promise.all([
    loaders.subscriptionBySalesforceId.load(opp.id),
    opp.stiggSubscriptionId ? loaders.subscription.load(opp.stiggSubscriptionId) : Promise.resolve(null),
  ]);
  if (viaStigg) return { record: viaStigg, stale: opp.stiggSubscriptionId !== viaStigg.id };
  return { record: viaField, stale: false };
}

export async function customerOfAccount(loaders: RequestLoaders, account: Account): Promise<Link<Customer>> {
  const [viaStigg, viaField] = await Promise.all([
    loaders.customerBySalesforceId.load(account.id),
    account.stiggCustomerId ? loaders.customer.load(account.stiggCustomerId) : Promise.resolve(null),
  ]);
  if (viaStigg) return { record: viaStigg, stale: account.stiggCustomerId !== viaStigg.id };
  return { record: viaField, stale: false };
}

export async function accountOfCustomer(loaders: RequestLoaders, customer: Customer): Promise<Account | null> {
  if (customer.salesforceId) {
    const account = await loaders.account.load(customer.salesforceId);
    if (account) return account;
  }
  return loaders.accountByCustomerId.load(customer.id);
}

export async function opportunityOfSubscription(loaders: RequestLoaders, subscription: Subscription): Promise<Opportunity | null> {
  if (subscription.salesforceId) {
    const opp = await loaders.opportunity.load(subscription.salesforceId);
    if (opp) return opp;
  }
  return loaders.opportunityBySubscriptionId.load(subscription.id);
}
