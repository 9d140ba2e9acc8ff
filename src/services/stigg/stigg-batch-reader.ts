import { CreditBalance, CreditEntitlement, CreditGrant, Customer, Subscription } from '../../domain/stigg-entities';
import { StiggCatalog } from '../../domain/stigg-catalog';
import { CreditBalancesAndEntitlements, StiggLookups, StiggReader } from './stigg-reader';
import {
  CATALOG, CUSTOM_CURRENCIES, CatalogResult, CustomCurrenciesResult, STIGG_LOOKUP_KINDS, StiggLookupIds, StiggLookupKind,
  StiggLookupResult, StiggOperations, buildCreditGrantsQuery, buildStiggLookupQuery,
  buildCreditBalancesAndEntitlementsQuery, CreditBalancesAndEntitlementsResult, CreditGrantsResult, readCreditGrants,
} from './operations';
import { catalogFromStigg, creditBalanceFromStigg, creditGrantFromStigg, customerFromStigg, subscriptionFromStigg } from './stigg-mappers';
import { UpstreamPolicy } from '../resilience/upstream-policy';
import { callStigg } from './stigg-call';
import { StiggPacer } from './pacing';

/** Ids per request: large enough that a 200-row page is one request per level. */
const BATCH = 250;
/** How long the catalog (plans, add-ons, features, currencies) is reused across requests. */
export const CATALOG_TTL_MS = 60_000;

/** Kinds whose keys are Salesforce ids, which Stigg holds as they were sent: 18 characters (the gateway) or 15 (other integrations). */
const SALESFORCE_ID_KINDS = new Set<StiggLookupKind>(['customersBySalesforceId', 'subscriptionsBySalesforceId']);

/** Each 18-character id and its 15-character form (the mappers answer both as 18). */
function withFifteenCharacterForms(ids: readonly string[]): string[] {
  return ids.flatMap((id) => (id.length === 18 ? [id, id.slice(0, 15)] : [id]));
}

function distinct<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(keyOf(item)) && seen.add(keyOf(item)));
}

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

  constructor(
    private readonly ops: StiggOperations,
    private readonly policy: UpstreamPolicy | null,
    private readonly now = () => Date.now(),
    private readonly pacer: StiggPacer | null = null,
  ) {}

  private run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return callStigg(this.policy, operation, fn, this.pacer);
  }

  private async perChunk<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return (await Promise.all(chunks(unique, BATCH).map(load))).flat();
  }

  /**
   * Customers and subscriptions by every kind of key in one request per 250 ids of each kind
   * (one aliased `customers` field per kind: operations/stigg-lookups). Subscription lookups
   * answer only the subscriptions asked for (by id, by salesforceId) or every live subscription
   * of the customers asked for; each list holds an entity once.
   */
  async lookup(ids: StiggLookupIds): Promise<StiggLookups> {
    const unique = Object.fromEntries(STIGG_LOOKUP_KINDS.map((k) => [k, [...new Set(ids[k] ?? [])]])) as Record<StiggLookupKind, string[]>;
    const rounds = Math.max(0, ...STIGG_LOOKUP_KINDS.map((k) => Math.ceil(unique[k].length / BATCH)));
    const wantsSubscriptions = unique.subscriptionsById.length + unique.subscriptionsBySalesforceId.length + unique.subscriptionsOfCustomers.length > 0;
    const [results, catalog] = await Promise.all([
      Promise.all(Array.from({ length: rounds }, (_, round) => {
        const q = buildStiggLookupQuery(Object.fromEntries(STIGG_LOOKUP_KINDS.map((k) => {
          const chunk = unique[k].slice(round * BATCH, (round + 1) * BATCH);
          return [k, SALESFORCE_ID_KINDS.has(k) ? withFifteenCharacterForms(chunk) : chunk];
        })));
        return q ? this.run('customers', () => this.ops.execute<StiggLookupResult>(q.document, q.variables)) : Promise.resolve({} as StiggLookupResult);
      })),
      wantsSubscriptions ? this.catalog().catch(() => null) : Promise.resolve(null),
    ]);
    const customers = (kind: 'customersById' | 'customersBySalesforceId') =>
      distinct(results.flatMap((r) => r[kind]?.edges ?? []).map((e) => customerFromStigg(e.node)), (c) => c.id);
    const subscriptions = (kind: 'subscriptionsById' | 'subscriptionsBySalesforceId' | 'subscriptionsOfCustomers', keep: (s: Subscription) => boolean) =>
      distinct(results.flatMap((r) => r[kind]?.edges ?? []).flatMap((e) => e.node.subscriptions ?? [])
        .map((n) => subscriptionFromStigg(n, catalog)), (s) => s.id).filter(keep);
    const wantedIds = new Set(unique.subscriptionsById);
    const wantedOpportunities = new Set(unique.subscriptionsBySalesforceId);
    const wantedCustomers = new Set(unique.subscriptionsOfCustomers);
    return {
      customersOfSubscriptions: distinct((['subscriptionsById', 'subscriptionsBySalesforceId', 'subscriptionsOfCustomers'] as const)
        .flatMap((kind) => results.flatMap((r) => r[kind]?.edges ?? [])).map((e) => customerFromStigg(e.node)), (c) => c.id),
      customersById: customers('customersById'),
      customersBySalesforceId: customers('customersBySalesforceId'),
      subscriptionsById: subscriptions('subscriptionsById', (s) => wantedIds.has(s.id)),
      subscriptionsBySalesforceId: subscriptions('subscriptionsBySalesforceId', (s) => s.salesforceId !== null && wantedOpportunities.has(s.salesforceId)),
      subscriptionsOfCustomers: subscriptions('subscriptionsOfCustomers', (s) => wantedCustomers.has(s.customerId)),
    };
  }

  async customersByIds(ids: readonly string[]): Promise<Customer[]> {
    return (await this.lookup({ customersById: ids })).customersById;
  }

  async customersBySalesforceIds(accountIds: readonly string[]): Promise<Customer[]> {
    return (await this.lookup({ customersBySalesforceId: accountIds })).customersBySalesforceId;
  }

  async subscriptionsByIds(ids: readonly string[]): Promise<Subscription[]> {
    return (await this.lookup({ subscriptionsById: ids })).subscriptionsById;
  }

  async subscriptionsBySalesforceIds(opportunityIds: readonly string[]): Promise<Subscription[]> {
    return (await this.lookup({ subscriptionsBySalesforceId: opportunityIds })).subscriptionsBySalesforceId;
  }

  async subscriptionsByCustomerIds(customerIds: readonly string[]): Promise<Subscription[]> {
    return (await this.lookup({ subscriptionsOfCustomers: customerIds })).subscriptionsOfCustomers;
  }

  async creditBalancesByCustomerIds(customerIds: readonly string[]): Promise<CreditBalance[]> {
    return (await this.creditBalancesAndEntitlements({ customerIds, subscriptionIds: [] })).balances;
  }

  /**
   * Balances and credit entitlements in one aliased document per 250 ids of each
   * (operations/credit-balances-and-entitlements): a portal query asks for both at one level.
   */
  async creditBalancesAndEntitlements(ids: { customerIds: readonly string[]; subscriptionIds: readonly string[] }): Promise<CreditBalancesAndEntitlements> {
    const customers = [...new Set(ids.customerIds)];
    const subscriptions = [...new Set(ids.subscriptionIds)];
    const rounds = Math.max(Math.ceil(customers.length / BATCH), Math.ceil(subscriptions.length / BATCH));
    const balances: CreditBalance[] = [];
    const creditEntitlements = new Map<string, CreditEntitlement[]>();
    await Promise.all(Array.from({ length: rounds }, async (_, round) => {
      const q = buildCreditBalancesAndEntitlementsQuery(
        customers.slice(round * BATCH, (round + 1) * BATCH), subscriptions.slice(round * BATCH, (round + 1) * BATCH));
      if (!q) return;
      const operation = q.customers.length > 0 ? 'creditBalanceSummary' : 'getSubscription';
      const { data } = await this.run(operation, () => this.ops.executePartial<CreditBalancesAndEntitlementsResult>(q.document, q.variables));
      for (const c of q.customers) balances.push(...(data?.[c.alias]?.balances ?? []).map(creditBalanceFromStigg));
      for (const s of q.subscriptions) {
        creditEntitlements.set(s.subscriptionId, (data?.[s.alias]?.creditEntitlements ?? []).map((c) => ({
          currencyId: c.customCurrencyId, amount: c.amount, cadence: c.cadence, price: c.price,
        })));
      }
    }));
    return { balances, creditEntitlements };
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
