import DataLoader from 'dataloader';
import { Account, Contact, Opportunity, OpportunityContactRole, OpportunityLineItem, Product } from '../../domain/salesforce-records';
import { CreditBalance, CreditGrant, Customer, Subscription } from '../../domain/stigg-entities';
import { StiggCatalog } from '../../domain/stigg-catalog';
import { OpportunityRows, SalesforceRecords } from '../salesforce/salesforce-records';
import { StiggLookups, StiggReader } from '../stigg/stigg-reader';
import { LIVE_SUBSCRIPTION_STATUSES, StiggLookupIds, StiggLookupKind } from '../stigg/operations';
import { RunView } from '../provisioning/run-view';
import { manyByKey, oneByKey } from './group-by';

/** Batched reads the loaders need beyond Salesforce and the StiggReader. */
export interface ExtraBatchReads {
  runsByOpportunityIds(ids: readonly string[]): Promise<RunView[]>;
}

const LOOKUP_KEY_SEPARATOR = '\u0000';

/**
 * One set of DataLoaders per request (never shared between requests): each level of a query
 * costs a fixed number of batched upstream requests, whatever the number of rows. DataLoader
 * dispatches a batch once the current promise jobs have run, so the resolvers of one level
 * (sibling fields, and fields of records already in hand) join the same batch.
 *
 * What `opportunities(first: N) { lineItems { product mapping } account { contacts customer {
 * creditBalances } } subscription { customer { creditBalances } entitlements creditEntitlements } }`
 * costs, for any N up to 200 (test/api/read-batching.test.ts measures it):
 *
 * - Salesforce, 3 SOQL queries: the page of opportunities (its rows carry their Account's
 *   fields, which prime `account`); the line items of all of them (rows carry their Product2's
 *   fields, which prime `product`); the contacts of all their accounts. Once per process: one
 *   `describe` of Opportunity (multi-currency or not). An IN list holds at most 200 ids and a
 *   result page 2,000 rows, so only a page with more than 2,000 line items or contacts costs more.
 * - Stigg, 2 requests: one document for every customer and subscription lookup (subscriptions
 *   by the opportunities' ids and by their Stigg_Subscription_Id__c, customers by the accounts'
 *   ids and by their Stigg_Customer_Id__c: one aliased `customers` or `subscriptions` field per
 *   kind, see `stiggLookups`); then one document for the customers' balances (`entitlementV2`, an
 *   alias per customer and custom currency). A subscription's feature and credit entitlements
 *   come with it, and so does its customer: `Subscription.customer` and `creditEntitlements` are
 *   free (found customers and subscriptions prime `customer` and `subscription`). The catalog
 *   (plans, add-ons, features, products and custom currencies in one document) is read once per
 *   minute per process. 250 ids of a kind per request, so N <= 200 is one each.
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
  /**
   * Every customer/subscription lookup of a level, whatever its kind, in one Stigg request. The
   * five Stigg loaders above hand their keys to this one (`<kind>\0<id>`); it dispatches after
   * them, so their batches of one level meet here.
   */
  private readonly stiggLookups: DataLoader<string, unknown>;
  private catalogPromise: Promise<StiggCatalog> | null = null;
  /**
   * Records already in hand in this request (a row carried them, or a lookup found them). A
   * DataLoader answers even a cached key only at its next dispatch; answering these at once
   * lets the fields below them join the batches of the level they belong to.
   */
  private readonly inHand = {
    account: new Map<string, Account>(),
    product: new Map<string, Product>(),
    customer: new Map<string, Customer>(),
    subscription: new Map<string, Subscription>(),
  };

  constructor(sf: SalesforceRecords, private readonly stigg: StiggReader, extra: ExtraBatchReads) {
    const opts = { maxBatchSize: 2000 };
    /** Opportunities loaded by any key prime `opportunity`, and the accounts their rows carried prime `account`. */
    const primeOpportunities = (rows: OpportunityRows): Opportunity[] => {
      for (const a of rows.accounts) this.primeAccount(a);
      for (const o of rows.opportunities) this.opportunity.prime(o.id, o);
      return rows.opportunities;
    };
    this.opportunity = new DataLoader(async (ids) => oneByKey(ids, primeOpportunities(await sf.opportunitiesByIds(ids)), (o) => o.id), opts);
    this.opportunitiesByAccount = new DataLoader(
      async (ids) => manyByKey(ids, primeOpportunities(await sf.opportunitiesByAccountIds(ids)), (o) => o.accountId), opts);
    this.opportunityBySubscriptionId = new DataLoader(
      async (ids) => oneByKey(ids, primeOpportunities(await sf.opportunitiesBySubscriptionIds(ids)), (o) => o.stiggSubscriptionId), opts);
    this.account = new DataLoader(async (ids) => oneByKey(ids, await sf.accountsByIds(ids), (a) => a.id), opts);
    this.accountByCustomerId = new DataLoader(async (ids) => oneByKey(ids, await sf.accountsByStiggCustomerIds(ids), (a) => a.stiggCustomerId), opts);
    this.contactsByAccount = new DataLoader(async (ids) => manyByKey(ids, await sf.contactsByAccountIds(ids), (c) => c.accountId), opts);
    this.lineItemsByOpportunity = new DataLoader(async (ids) => {
      const { lineItems, products } = await sf.lineItemsByOpportunityIds(ids);
      for (const p of products) this.remember('product', this.product, p);
      return manyByKey(ids, lineItems, (l) => l.opportunityId);
    }, opts);
    this.product = new DataLoader(async (ids) => oneByKey(ids, await sf.productsByIds(ids), (p) => p.id), opts);
    this.contactRolesByOpportunity = new DataLoader(
      async (ids) => manyByKey(ids, await sf.contactRolesByOpportunityIds(ids), (r) => r.opportunityId), opts);

    this.stiggLookups = new DataLoader((keys) => this.lookUp(keys));
    const viaLookups = <V>(kind: StiggLookupKind) =>
      new DataLoader<string, V>((ids) => this.stiggLookups.loadMany(ids.map((id) => `${kind}${LOOKUP_KEY_SEPARATOR}${id}`)) as Promise<Array<V | Error>>, opts);
    this.customer = viaLookups('customersById');
    this.customerBySalesforceId = viaLookups('customersBySalesforceId');
    this.subscription = viaLookups('subscriptionsById');
    this.subscriptionBySalesforceId = viaLookups('subscriptionsBySalesforceId');
    this.subscriptionsByCustomer = viaLookups('subscriptionsOfCustomers');

    this.creditBalancesByCustomer = new DataLoader(
      async (ids) => manyByKey(ids, await stigg.creditBalancesByCustomerIds(ids), (b) => b.customerId), opts);
    this.creditGrantsByCustomer = new DataLoader(
      async (ids) => manyByKey(ids, await stigg.creditGrantsByCustomerIds(ids), (g) => g.customerId), opts);
    this.provisioningRunsByOpportunity = new DataLoader(
      async (ids) => manyByKey(ids, await extra.runsByOpportunityIds(ids), (r) => r.opportunityId), opts);
  }

  /** The account by id: at once when in hand, else through `account`. */
  accountOf(id: string): Account | Promise<Account | null> {
    return this.inHand.account.get(id) ?? this.account.load(id);
  }

  productOf(id: string): Product | Promise<Product | null> {
    return this.inHand.product.get(id) ?? this.product.load(id);
  }

  customerOf(id: string): Customer | Promise<Customer | null> {
    return this.inHand.customer.get(id) ?? this.customer.load(id);
  }

  subscriptionOf(id: string): Subscription | Promise<Subscription | null> {
    return this.inHand.subscription.get(id) ?? this.subscription.load(id);
  }

  /** An account read elsewhere in this request (e.g. the fields an opportunity row carried). */
  primeAccount(account: Account): void {
    this.remember('account', this.account, account);
  }

  private remember<K extends keyof RequestLoaders['inHand'], V extends { id: string }>(kind: K, loader: DataLoader<string, V | null>, record: V): void {
    (this.inHand[kind] as unknown as Map<string, V>).set(record.id, record);
    loader.prime(record.id, record);
  }

  /** The Stigg catalog, read at most once per request. */
  catalog(): Promise<StiggCatalog> {
    this.catalogPromise ??= this.stigg.catalog();
    return this.catalogPromise;
  }

  /** One StiggReader.lookup for the keys of every kind; what it found primes `customer` and `subscription`. */
  private async lookUp(keys: readonly string[]): Promise<unknown[]> {
    const ids: Required<StiggLookupIds> = {
      customersById: [], customersBySalesforceId: [], subscriptionsById: [], subscriptionsBySalesforceId: [], subscriptionsOfCustomers: [],
    };
    const parsed = keys.map((key) => {
      const at = key.indexOf(LOOKUP_KEY_SEPARATOR);
      const kind = key.slice(0, at) as StiggLookupKind;
      const id = key.slice(at + 1);
      (ids[kind] as string[]).push(id);
      return { kind, id, at: ids[kind].length - 1 };
    });
    const found: StiggLookups = await this.stigg.lookup(ids);
    for (const c of [...found.customersById, ...found.customersBySalesforceId, ...found.customersOfSubscriptions]) this.remember('customer', this.customer, c);
    for (const s of [...found.subscriptionsById, ...found.subscriptionsBySalesforceId, ...found.subscriptionsOfCustomers]) {
      this.remember('subscription', this.subscription, s);
    }
    const answers = {
      customersById: oneByKey(ids.customersById, found.customersById, (c) => c.id),
      customersBySalesforceId: oneByKey(ids.customersBySalesforceId, found.customersBySalesforceId, (c) => c.salesforceId),
      subscriptionsById: oneByKey(ids.subscriptionsById, found.subscriptionsById, (s) => s.id),
      subscriptionsBySalesforceId: oneByKey(ids.subscriptionsBySalesforceId, preferLive(found.subscriptionsBySalesforceId), (s) => s.salesforceId),
    };
    const ofCustomers = historyOrder(found.subscriptionsOfCustomers);
    return parsed.map(({ kind, id, at }) => (kind === 'subscriptionsOfCustomers'
      ? ofCustomers.filter((s) => s.customerId === id)
      : answers[kind][at]));
  }
}

const LIVE: ReadonlySet<string> = new Set(LIVE_SUBSCRIPTION_STATUSES);

const isLive = (s: Subscription): number => Number(LIVE.has(s.status));
/** Newest first: by start date, later first (a subscription without one last). */
const newestFirst = (a: Subscription, b: Subscription): number => (b.startDate?.getTime() ?? -Infinity) - (a.startDate?.getTime() ?? -Infinity) || 0;

/** A customer's subscriptions, history included: the live ones first, then the ended ones (CANCELED, EXPIRED); each group newest first. */
function historyOrder(subscriptions: Subscription[]): Subscription[] {
  return [...subscriptions].sort((a, b) => isLive(b) - isLive(a) || newestFirst(a, b));
}

/**
 * When an opportunity produced several subscriptions (trial, then paid; or one that ended and a
 * later one), the live one comes first, a paid one before a trial, then the newest.
 */
function preferLive(subscriptions: Subscription[]): Subscription[] {
  return [...subscriptions].sort((a, b) => isLive(b) - isLive(a) || Number(a.isTrial) - Number(b.isTrial) || newestFirst(a, b));
}
