import { CreditBalance, CreditGrant, Customer, Subscription } from '../../domain/stigg-entities';
import { StiggCatalog } from '../../domain/stigg-catalog';
import { StiggLookups, StiggReader } from './stigg-reader';
import {
  CATALOG, CATALOG_LISTS, CatalogList, CatalogNodes, CatalogResult, catalogPageVariables, STIGG_LOOKUP_KINDS, StiggLookupIds, StiggLookupKind,
  StiggLookupResult, StiggOperations, buildCreditGrantsQuery, buildStiggLookupQuery, buildCreditEntitlementsQuery,
  CreditEntitlementsResult, CreditGrantsResult, readCreditGrants, StiggCustomerNode, StiggSubscriptionNode,
  LIVE_SUBSCRIPTIONS_PAGE, LiveSubscriptionsPageArgs, LiveSubscriptionsPageResult, liveSubscriptionsPageVariables,
} from './operations';
import { catalogFromStigg, creditBalanceFromStigg, creditGrantFromStigg, customerFromStigg, subscriptionFromStigg } from './stigg-mappers';
import { policyForRequest, UpstreamPolicy } from '../resilience/upstream-policy';
import { RequestScope } from '../../observability/request-scope';
import { callStigg } from './stigg-call';
import { retryReadOnConnectionFailure } from './read-retry';
import { StiggPacer } from './pacing';

/** Ids per request: large enough that a 200-row page is one request per level. */
export const STIGG_IDS_PER_REQUEST = 250;
/** Items the gateway asks for per page of a Stigg list (catalog, lookups, grants). */
export const STIGG_PAGE_SIZE = 100;
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
  /** Shared by every request's view (forRequest): the catalog is read once per CATALOG_TTL_MS for the process. */
  private readonly cache: { catalog: { at: number; value: Promise<StiggCatalog> } | null } = { catalog: null };

  constructor(
    private readonly ops: StiggOperations,
    private readonly policy: UpstreamPolicy | null,
    private readonly now = () => Date.now(),
    private readonly pacer: StiggPacer | null = null,
    /** Items asked for per page of every Stigg list (Stigg's default is 10; it publishes no maximum). */
    private readonly pageSize = STIGG_PAGE_SIZE,
  ) {}

  /** This reader for one request: its documents send the request's id and its calls are logged with it. */
  forRequest(scope: RequestScope): StiggBatchReader {
    return Object.create(this, {
      ops: { value: this.ops.forRequest(scope) },
      policy: { value: this.policy && policyForRequest(this.policy, scope.requestId) },
    }) as StiggBatchReader;
  }

  /** Every read of this reader: paced, under the policy, and sent again once if its connection failed before any answer. */
  private run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return callStigg(this.policy, operation, () => retryReadOnConnectionFailure(fn), this.pacer);
  }

  private async perChunk<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return (await Promise.all(chunks(unique, STIGG_IDS_PER_REQUEST).map(load))).flat();
  }

  /**
   * Customers and subscriptions by every kind of key in one request per 250 ids of each kind
   * (one aliased `customers` or `subscriptions` field per kind: operations/stigg-lookups). A kind
   * whose answer has a next page is asked again, with its cursor, until it has none. Subscription
   * lookups answer only the subscriptions asked for (by id, by salesforceId) or every
   * subscription of the customers asked for, whatever its status; each list holds an entity once.
   */
  async lookup(ids: StiggLookupIds): Promise<StiggLookups> {
    const unique = Object.fromEntries(STIGG_LOOKUP_KINDS.map((k) => [k, [...new Set(ids[k] ?? [])]])) as Record<StiggLookupKind, string[]>;
    const rounds = Math.max(0, ...STIGG_LOOKUP_KINDS.map((k) => Math.ceil(unique[k].length / STIGG_IDS_PER_REQUEST)));
    const wantsSubscriptions = unique.subscriptionsById.length + unique.subscriptionsBySalesforceId.length + unique.subscriptionsOfCustomers.length > 0;
    const [rows, catalog] = await Promise.all([
      Promise.all(Array.from({ length: rounds }, (_, round) => this.lookupRound(Object.fromEntries(STIGG_LOOKUP_KINDS.map((k) => {
        const chunk = unique[k].slice(round * STIGG_IDS_PER_REQUEST, (round + 1) * STIGG_IDS_PER_REQUEST);
        return [k, SALESFORCE_ID_KINDS.has(k) ? withFifteenCharacterForms(chunk) : chunk];
      }))))),
      wantsSubscriptions ? this.catalog().catch(() => null) : Promise.resolve(null),
    ]);
    const nodesOf = <K extends StiggLookupKind>(kind: K) => rows.flatMap((r) => r[kind] ?? []);
    const customers = (kind: 'customersById' | 'customersBySalesforceId') =>
      distinct(nodesOf(kind).map((n) => customerFromStigg(n as StiggCustomerNode)), (c) => c.id);
    const subscriptionNodes = (kind: 'subscriptionsById' | 'subscriptionsBySalesforceId' | 'subscriptionsOfCustomers') =>
      nodesOf(kind) as StiggSubscriptionNode[];
    const mapped = new Map<StiggSubscriptionNode, Subscription>();
    const mapOnce = (n: StiggSubscriptionNode) => mapped.get(n) ?? mapped.set(n, subscriptionFromStigg(n, catalog)).get(n)!;
    const subscriptions = (kind: 'subscriptionsById' | 'subscriptionsBySalesforceId' | 'subscriptionsOfCustomers', keep: (s: Subscription) => boolean) =>
      distinct(subscriptionNodes(kind).map(mapOnce), (s) => s.id).filter(keep);
    const wantedIds = new Set(unique.subscriptionsById);
    const wantedOpportunities = new Set(unique.subscriptionsBySalesforceId);
    const wantedCustomers = new Set(unique.subscriptionsOfCustomers);
    return {
      // a node of the by-id-or-opportunity field is in both of its kinds' lists: each node's customer is mapped once
      customersOfSubscriptions: distinct([...new Set((['subscriptionsById', 'subscriptionsBySalesforceId', 'subscriptionsOfCustomers'] as const)
        .flatMap(subscriptionNodes))].map((n) => customerFromStigg(n.customer)), (c) => c.id),
      customersById: customers('customersById'),
      customersBySalesforceId: customers('customersBySalesforceId'),
      subscriptionsById: subscriptions('subscriptionsById', (s) => wantedIds.has(s.id)),
      subscriptionsBySalesforceId: subscriptions('subscriptionsBySalesforceId', (s) => s.salesforceId !== null && wantedOpportunities.has(s.salesforceId)),
      subscriptionsOfCustomers: subscriptions('subscriptionsOfCustomers', (s) => wantedCustomers.has(s.customerId)),
    };
  }

  /** One chunk of ids of each kind: its first pages in one request, then the next pages of the fields that have more. */
  private async lookupRound(ids: StiggLookupIds): Promise<Partial<Record<StiggLookupKind, Array<StiggCustomerNode | StiggSubscriptionNode>>>> {
    const found: Partial<Record<StiggLookupKind, Array<StiggCustomerNode | StiggSubscriptionNode>>> = {};
    let pending: StiggLookupIds = ids;
    let after: Partial<Record<string, string>> = {};
    for (;;) {
      const q = buildStiggLookupQuery(pending, this.pageSize, after);
      if (!q) return found;
      const page = await this.run(q.fields.some((f) => f.alias.startsWith('customers')) ? 'customers' : 'subscriptions',
        () => this.ops.execute<StiggLookupResult>(q.document, q.variables));
      const next: StiggLookupIds = {};
      after = {};
      for (const { alias, kinds } of q.fields) {
        const connection = page[alias as keyof StiggLookupResult];
        const nodes = (connection?.edges ?? []).map((e) => e.node);
        for (const kind of kinds) (found[kind] ??= []).push(...nodes);
        if (connection?.pageInfo.hasNextPage && connection.pageInfo.endCursor) {
          for (const kind of kinds) next[kind] = pending[kind];
          after[alias] = connection.pageInfo.endCursor;
        }
      }
      pending = next;
    }
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

  /**
   * Balances of every custom currency of the catalog, read from the customers' credit entitlements
   * (operations/credit-entitlements-of-customers): one request per 250 customers.
   */
  async creditBalancesByCustomerIds(customerIds: readonly string[]): Promise<CreditBalance[]> {
    const unique = [...new Set(customerIds)];
    if (unique.length === 0) return [];
    const currencies = (await this.catalog()).customCurrencies.map((c) => c.id);
    return this.perChunk(unique, async (chunk) => {
      const q = buildCreditEntitlementsQuery(chunk, currencies);
      if (!q) return [];
      const { data } = await this.run('entitlementV2', () => this.ops.executePartial<CreditEntitlementsResult>(q.document, q.variables));
      return q.aliases.map((a) => creditBalanceFromStigg(a.customerId, data?.[a.alias] ?? null)).filter((b): b is CreditBalance => b !== null);
    });
  }

  /** Every grant of these customers: one aliased `creditGrants` per customer, a next request for those with more pages. */
  async creditGrantsByCustomerIds(customerIds: readonly string[]): Promise<CreditGrant[]> {
    return this.perChunk(customerIds, async (chunk) => {
      const grants: CreditGrant[] = [];
      let pending = chunk.map((customerId) => ({ customerId, after: null as string | null }));
      while (pending.length > 0) {
        const q = buildCreditGrantsQuery(pending, { first: this.pageSize });
        const { data } = await this.run('creditGrants', () => this.ops.executePartial<CreditGrantsResult>(q.document, q.variables));
        const pages = readCreditGrants(data ?? {}, q.aliases);
        grants.push(...[...pages.values()].flatMap((p) => p.grants).map(creditGrantFromStigg));
        pending = [...pages.entries()].filter(([, p]) => p.endCursor !== null).map(([customerId, p]) => ({ customerId, after: p.endCursor }));
      }
      return grants;
    });
  }

  /**
   * One keyset page of the subscriptions that have not ended, by subscription id (reconciliation's
   * SUBSCRIPTION_WITHOUT_OPPORTUNITY): one request per page, whatever its size (operations/live-subscriptions-page).
   */
  async liveSubscriptionsPage(args: LiveSubscriptionsPageArgs): Promise<{ subscriptions: Subscription[]; hasNextPage: boolean }> {
    const [page, catalog] = await Promise.all([
      this.run('subscriptions', () => this.ops.execute<LiveSubscriptionsPageResult>(LIVE_SUBSCRIPTIONS_PAGE, liveSubscriptionsPageVariables(args))),
      this.catalog().catch(() => null),
    ]);
    return {
      subscriptions: page.subscriptions.edges.map((e) => subscriptionFromStigg(e.node, catalog)),
      hasNextPage: page.subscriptions.pageInfo.hasNextPage === true,
    };
  }

  /** The catalog, read once per CATALOG_TTL_MS for the whole process (it changes when someone publishes a plan). */
  catalog(): Promise<StiggCatalog> {
    const now = this.now();
    const { cache } = this;
    if (!cache.catalog || now - cache.catalog.at > CATALOG_TTL_MS) {
      const value = this.loadCatalog();
      cache.catalog = { at: now, value };
      value.catch(() => { if (cache.catalog?.value === value) cache.catalog = null; });
    }
    return cache.catalog.value;
  }

  /** Forgets the cached catalog (after a publish, or in tests). */
  invalidateCatalog(): void {
    this.cache.catalog = null;
  }

  /** Every page of every catalog list: one request while any list has a next page (one in all for a catalog of up to catalogPageSize items a list). */
  private async loadCatalog(): Promise<StiggCatalog> {
    const nodes: CatalogNodes = { plans: [], addons: [], features: [], products: [], customCurrencies: [] };
    const cursors = new Map<CatalogList, string | null>(CATALOG_LISTS.map((list) => [list, null]));
    for (let first = true; cursors.size > 0; first = false) {
      const page = await this.run('catalog', () =>
        this.ops.execute<CatalogResult>(CATALOG, catalogPageVariables(this.pageSize, cursors, first)));
      if (first) nodes.customCurrencies = page.customCurrencies ?? [];
      for (const list of [...cursors.keys()]) {
        const connection = page[list];
        (nodes[list] as unknown[]).push(...(connection?.edges ?? []).map((e) => e.node));
        const next = connection?.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        if (next) cursors.set(list, next);
        else cursors.delete(list);
      }
    }
    return catalogFromStigg(nodes);
  }
}
