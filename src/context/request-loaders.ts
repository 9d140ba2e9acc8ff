import DataLoader from 'dataloader';
import { Account, Contact, Opportunity, OpportunityContactRole, OpportunityLineItem, Product } from '../domain/salesforce-records';
import { CreditBalance, CreditGrant, Customer, Subscription } from '../domain/stigg-entities';
import { StiggCatalog } from '../domain/stigg-catalog';
import { SalesforceRecords } from '../services/salesforce/salesforce-records';
import { StiggReader } from '../services/stigg/stigg-reader';
import { manyByKey, oneByKey } from './group-by';
import { RunView } from '../services/provisioning/run-view';
import { CreditEntitlement } from '../domain/stigg-entities';

/** Batched reads the loaders need beyond Salesforce and the StiggReader. */
export interface ExtraBatchReads {
  runsByOpportunityIds(ids: readonly string[]): Promise<RunView[]>;
  creditEntitlementsBySubscriptionIds(ids: readonly string[]): Promise<Map<string, CreditEntitlement[]>>;
}

/**
 * One set of DataLoaders per request (never shared between requests): each
 * level of a query costs one batched upstream read per object type, whatever
 * the number of rows. Batches are scheduled on the next tick so sibling
 * resolvers of one level join the same batch.
 */
export class RequestLoaders {
  readonly opportunity: DataLoader<string, Opportunity | null>;
  readonly opportunitiesByAccount: DataLoader<string, Opportunity[]>;
  readonly opportunityBySubscriptionId: DataLoader<string, Opportunity | null>;
  readonly account: DataLoader<string, Account | null>;
  readonly accountByCustomerId: DataLoader<string, Account | null>;
  readonly contactsByAccount: DataLoader<string, Contact[]>;
  readonly lineItemsByOpportunity: DataLoader<string, OpportunityLineItem[]>;
  readonly product: DataLoader<string, Product | null>;
  readonly contactRolesByOpportunity: DataLoader<string, OpportunityContactRole[]>;
  readonly customer: DataLoader<string, Customer | null>;
  readonly customerBySalesforceId: DataLoader<string, Customer | null>;
  readonly subscription: DataLoader<string, Subscription | null>;
  readonly subscriptionsByCustomer: DataLoader<string, Subscription[]>;
  readonly subscriptionBySalesforceId: DataLoader<string, Subscription | null>;
  readonly creditBalancesByCustomer: DataLoader<string, CreditBalance[]>;
  readonly creditGrantsByCustomer: DataLoader<string, CreditGrant[]>;
  readonly provisioningRunsByOpportunity: DataLoader<string, RunView[]>;
  readonly creditEntitlementsBySubscription: DataLoader<string, CreditEntitlement[]>;
  private catalogPromise: Promise<StiggCatalog> | null = null;

  constructor(sf: SalesforceRecords, private readonly stigg: StiggReader, extra: ExtraBatchReads) {
    const opts = { maxBatchSize: 2000 };
    this.opportunity = new DataLoader(async (ids) => oneByKey(ids, await sf.opportunitiesByIds(ids), (o) => o.id), opts);
    this.opportunitiesByAccount = new DataLoader(async (ids) => manyByKey(ids, await sf.opportunitiesByAccountIds(ids), (o) => o.accountId), opts);
    this.opportunityBySubscriptionId = new DataLoader(
      async (ids) => oneByKey(ids, await sf.opportunitiesBySubscriptionIds(ids), (o) => o.stiggSubscriptionId), opts);
    this.account = new DataLoader(async (ids) => oneByKey(ids, await sf.accountsByIds(ids), (a) => a.id), opts);
    this.accountByCustomerId = new DataLoader(async (ids) => oneByKey(ids, await sf.accountsByStiggCustomerIds(ids), (a) => a.stiggCustomerId), opts);
    this.contactsByAccount = new DataLoader(async (ids) => manyByKey(ids, await sf.contactsByAccountIds(ids), (c) => c.accountId), opts);
    this.lineItemsByOpportunity = new DataLoader(async (ids) => manyByKey(ids, await sf.lineItemsByOpportunityIds(ids), (l) => l.opportunityId), opts);
    this.product = new DataLoader(async (ids) => oneByKey(ids, await sf.productsByIds(ids), (p) => p.id), opts);
    this.contactRolesByOpportunity = new DataLoader(
      async (ids) => manyByKey(ids, await sf.contactRolesByOpportunityIds(ids), (r) => r.opportunityId), opts);

    this.customer = new DataLoader(async (ids) => oneByKey(ids, await stigg.customersByIds(ids), (c) => c.id), opts);
    this.customerBySalesforceId = new DataLoader(
      async (ids) => oneByKey(ids, await stigg.customersBySalesforceIds(ids), (c) => c.salesforceId), opts);
    this.subscription = new DataLoader(async (ids) => oneByKey(ids, await stigg.subscriptionsByIds(ids), (s) => s.id), opts);
    this.subscriptionsByCustomer = new DataLoader(
      async (ids) => manyByKey(ids, await stigg.subscriptionsByCustomerIds(ids), (s) => s.customerId), opts);
    this.subscriptionBySalesforceId = new DataLoader(
      async (ids) => oneByKey(ids, preferLive(await stigg.subscriptionsBySalesforceIds(ids)), (s) => s.salesforceId), opts);
    this.creditBalancesByCustomer = new DataLoader(
      async (ids) => manyByKey(ids, await stigg.creditBalancesByCustomerIds(ids), (b) => b.customerId), opts);
    this.creditGrantsByCustomer = new DataLoader(
      async (ids) => manyByKey(ids, await stigg.creditGrantsByCustomerIds(ids), (g) => g.customerId), opts);
    this.provisioningRunsByOpportunity = new DataLoader(
      async (ids) => manyByKey(ids, await extra.runsByOpportunityIds(ids), (r) => r.opportunityId), opts);
    this.creditEntitlementsBySubscription = new DataLoader(async (ids) => {
      const byId = await extra.creditEntitlementsBySubscriptionIds(ids);
      return ids.map((id) => byId.get(id) ?? []);
    }, opts);
  }

  /** The Stigg catalog, read at most once per request. */
  catalog(): Promise<StiggCatalog> {
    this.catalogPromise ??= this.stigg.catalog();
    return this.catalogPromise;
  }
}

const LIVE = new Set(['ACTIVE', 'IN_TRIAL', 'PAYMENT_PENDING', 'NOT_STARTED']);

/** When an opportunity produced several subscriptions (trial, then paid), the live one comes first. */
function preferLive(subscriptions: Subscription[]): Subscription[] {
  return [...subscriptions].sort((a, b) => Number(LIVE.has(b.status)) - Number(LIVE.has(a.status))
    || Number(a.isTrial) - Number(b.isTrial));
}
