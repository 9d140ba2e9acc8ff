import { CreditBalance, CreditEntitlement, CreditGrant, Customer, Subscription } from '../../domain/stigg-entities';
import { StiggCatalog } from '../../domain/stigg-catalog';
import { StiggReader } from './stigg-reader';
import {
  CATALOG, CUSTOM_CURRENCIES, CUSTOMERS_BY_IDS, CatalogResult, CustomCurrenciesResult, CustomersByIdsResult,
  SUBSCRIPTIONS_BY_IDS, StiggOperations, SubscriptionsByIdsResult, buildCreditBalancesQuery, buildCreditGrantsQuery,
  buildSubscriptionCreditEntitlementsQuery, SubscriptionCreditEntitlementsBatchResult, CreditBalancesResult, CreditGrantsResult,
  readCreditBalances, readCreditGrants, StiggSubscriptionNode,
} from './operations';
import { catalogFromStigg, creditBalanceFromStigg, creditGrantFromStigg, customerFromStigg, subscriptionFromStigg } from './stigg-mappers';
import { toStiggError } from './stigg-error';
import { UpstreamPolicy } from '../resilience/upstream-policy';

/** Ids per request: large enough that a 200-row page is one request per level. */
const BATCH = 250;
/** How long the catalog (plans, add-ons, features, currencies) is reused across requests. */
export const CATALOG_TTL_MS = 60_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The StiggReader over the gateway's documented operations: each method is one
 * request per 250 ids (filters with `in`, or aliased fields in one document),
 * never the SDK's per-entity calls or its in-process balance cache.
 */
export class StiggBatchReader implements StiggReader {
  private catalogCache: { at: number; value: Promise<StiggCatalog> } | null = null;

  constructor(private readonly ops: StiggOperations, private readonly policy: UpstreamPolicy | null, private readonly now = () => Date.now()) {}

  private async run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const call = async (): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        throw toStiggError(err, operation);
      }
    };
    return this.policy ? this.policy.execute(operation, call) : call();
  }

  private async perChunk<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return (await Promise.all(chunks(unique, BATCH).map(load))).flat();
  }

  async customersByIds(ids: readonly string[]): Promise<Customer[]> {
    return this.customersWhere(ids, (chunk) => ({ customerId: { in: chunk } }));
  }

  async customersBySalesforceIds(accountIds: readonly string[]): Promise<Customer[]> {
    return this.customersWhere(accountIds, (chunk) => ({ salesforceId: { in: chunk } }));
  }

  private async customersWhere(ids: readonly string[], filter: (chunk: string[]) => Record<string, unknown>): Promise<Customer[]> {
    return this.perChunk(ids, async (chunk) => {
      const data = await this.run('customers', () => this.ops.execute<CustomersByIdsResult>(CUSTOMERS_BY_IDS,
        { filter: filter(chunk), paging: { first: chunk.length } }));
      return data.customers.edges.map((e) => customerFromStigg(e.node));
    });
  }

  async subscriptionsByIds(ids: readonly string[]): Promise<Subscription[]> {
    const wanted = new Set(ids);
    return (await this.subscriptionsWhere(ids, (chunk) => ({ subscriptions: { subscriptionId: { in: chunk } } }))).filter((s) => wanted.has(s.id));
  }

  async subscriptionsBySalesforceIds(opportunityIds: readonly string[]): Promise<Subscription[]> {
    const wanted = new Set(opportunityIds);
    return (await this.subscriptionsWhere(opportunityIds, (chunk) => ({ subscriptions: { salesforceId: { in: chunk } } })))
      .filter((s) => s.salesforceId !== null && wanted.has(s.salesforceId));
  }

  async subscriptionsByCustomerIds(customerIds: readonly string[]): Promise<Subscription[]> {
    return this.subscriptionsWhere(customerIds, (chunk) => ({ customerId: { in: chunk } }));
  }

  /** Live subscriptions of the customers matching the filter, in one request per chunk (plus the cached catalog). */
  private async subscriptionsWhere(ids: readonly string[], filter: (chunk: string[]) => Record<string, unknown>): Promise<Subscription[]> {
    const [nodes, catalog] = await Promise.all([
      this.perChunk(ids, async (chunk) => {
        const data = await this.run('subscriptions', () => this.ops.execute<SubscriptionsByIdsResult>(SUBSCRIPTIONS_BY_IDS,
          { filter: filter(chunk), paging: { first: Math.max(chunk.length, 1) * 5 } }));
        return data.customers.edges.flatMap((e) => e.node.subscriptions ?? []) as StiggSubscriptionNode[];
      }),
      this.catalog().catch(() => null),
    ]);
    const seen = new Set<string>();
    return nodes.filter((n) => !seen.has(n.subscriptionId) && seen.add(n.subscriptionId)).map((n) => subscriptionFromStigg(n, catalog));
  }

  async creditEntitlementsBySubscriptionIds(subscriptionIds: readonly string[]): Promise<Map<string, CreditEntitlement[]>> {
    const pairs = await this.perChunk(subscriptionIds, async (chunk) => {
      const q = buildSubscriptionCreditEntitlementsQuery(chunk);
      const { data } = await this.run('getSubscription', () => this.ops.executePartial<SubscriptionCreditEntitlementsBatchResult>(q.document, q.variables));
      return q.aliases.map((a): [string, CreditEntitlement[]] => [a.subscriptionId, (data?.[a.alias]?.creditEntitlements ?? []).map((c) => ({
        currencyId: c.customCurrencyId, amount: c.amount, cadence: c.cadence, price: c.price,
      }))]);
    });
    return new Map(pairs);
  }

  async creditBalancesByCustomerIds(customerIds: readonly string[]): Promise<CreditBalance[]> {
    return this.perChunk(customerIds, async (chunk) => {
      const q = buildCreditBalancesQuery(chunk);
      const { data } = await this.run('creditBalanceSummary', () => this.ops.executePartial<CreditBalancesResult>(q.document, q.variables));
      const byCustomer = readCreditBalances(data ?? {}, q.aliases);
      return [...byCustomer.values()].flat().map(creditBalanceFromStigg);
    });
  }

  async creditGrantsByCustomerIds(customerIds: readonly string[]): Promise<CreditGrant[]> {
    return this.perChunk(customerIds, async (chunk) => {
      const q = buildCreditGrantsQuery(chunk, { first: 1000 });
      const { data } = await this.run('creditGrants', () => this.ops.executePartial<CreditGrantsResult>(q.document, q.variables));
      const byCustomer = readCreditGrants(data ?? {}, q.aliases);
      return [...byCustomer.values()].flat().map(creditGrantFromStigg);
    });
  }

  /** The catalog, read once per CATALOG_TTL_MS for the whole process (it changes when someone publishes a plan). */
  catalog(): Promise<StiggCatalog> {
    const now = this.now();
    if (!this.catalogCache || now - this.catalogCache.at > CATALOG_TTL_MS) {
      const value = this.loadCatalog();
      this.catalogCache = { at: now, value };
      value.catch(() => { if (this.catalogCache?.value === value) this.catalogCache = null; });
    }
    return this.catalogCache.value;
  }

  /** Forgets the cached catalog (after a publish, or in tests). */
  invalidateCatalog(): void {
    this.catalogCache = null;
  }

  private async loadCatalog(): Promise<StiggCatalog> {
    const [catalog, currencies] = await Promise.all([
      this.run('catalog', () => this.ops.execute<CatalogResult>(CATALOG, { first: 1000 })),
      this.run('customCurrencies', () => this.ops.execute<CustomCurrenciesResult>(CUSTOM_CURRENCIES, { first: 1000 })),
    ]);
    return catalogFromStigg(catalog, currencies);
  }
}
