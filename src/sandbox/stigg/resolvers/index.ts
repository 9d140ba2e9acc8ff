import { stiggError } from '../errors';
import { Comparison, CursorPaging, matches, matchesFilter, paginate, sortBy } from '../list-queries';
import type {
  AddonRec,
  CustomerRec,
  ProvisionSubscriptionArgs,
  StiggStore,
} from '../store';
import { addonView, currencyView, entitlementFeatureView, featureView, Obj, planView, productView } from './views/catalog';
import { customerView, entitlementView, subscriptionView } from './views/customers-subscriptions';
import { creditBalanceView, creditEntitlementView, creditGrantView } from './views/credits';

/*
 * Root resolvers: arguments in, one store call, the record's GraphQL view out (views/: catalog,
 * customers and subscriptions, credits). Nested objects are plain values or functions (graphql-js'
 * default resolver calls a function property), so related records are only built when a document
 * selects them.
 */

export interface StiggContext {
  store: StiggStore;
  /** the emulator's own URL */
  url: string;
}

// ------------------------------------------------------------------ root resolvers

type Sorting = Array<{ field: string; direction: 'ASC' | 'DESC' }> | null;
interface ListArgs<F> {
  filter?: F | null;
  paging?: CursorPaging | null;
  sorting?: Sorting;
}
interface Logical<F> {
  and?: F[] | null;
  or?: F[] | null;
}
type Cmp = Comparison<string> | null;

interface SubscriptionFilterOfCustomer extends Logical<SubscriptionFilterOfCustomer> {
  subscriptionId?: Cmp;
  refId?: Cmp;
  salesforceId?: Cmp;
  status?: Cmp;
  pricingType?: Cmp;
}
interface CustomerFilter extends Logical<CustomerFilter> {
  customerId?: Cmp;
  refId?: Cmp;
  name?: Cmp;
  email?: Cmp;
  billingId?: Cmp;
  salesforceId?: Cmp;
  crmId?: Cmp;
  subscriptions?: SubscriptionFilterOfCustomer | null;
}
interface SubscriptionQueryFilter extends Logical<SubscriptionQueryFilter> {
  subscriptionId?: Cmp;
  salesforceId?: Cmp;
  customerId?: Cmp;
  resourceId?: Cmp;
  productId?: Cmp;
  status?: Cmp;
  pricingType?: Cmp;
  customer?: SubscriptionCustomerFilter | null;
  plan?: SubscriptionPlanFilter | null;
}
interface SubscriptionCustomerFilter extends Logical<SubscriptionCustomerFilter> {
  customerId?: Cmp;
  salesforceId?: Cmp;
  email?: Cmp;
  name?: Cmp;
}
interface SubscriptionPlanFilter extends Logical<SubscriptionPlanFilter> {
  refId?: Cmp;
  productId?: Cmp;
  pricingType?: Cmp;
}
interface RefIdFilter extends Logical<RefIdFilter> {
  refId?: Cmp;
  currencyId?: Cmp;
  productId?: Cmp;
  displayName?: Cmp;
  pricingType?: Cmp;
  isLatest?: Comparison<boolean> | null;
  status?: Cmp;
  multipleSubscriptions?: Comparison<boolean> | null;
  product?: ProductRefFilter | null;
}
interface ProductRefFilter extends Logical<ProductRefFilter> {
  refId?: Cmp;
}

export function createRootValue(): Obj {
  return {
    // -------- queries
    sdkConfiguration: () => ({ sentryDsn: null, isWidgetWatermarkEnabled: false }),

    // nullable in the reference; an unknown id is still the CustomerNotFound error (data: { getCustomerByRefId: null })
    getCustomerByRefId: ({ input }: { input: { customerId: string } }, { store }: StiggContext) =>
      customerView(store, store.customer(input.customerId)),

    customers: ({ filter, paging, sorting }: ListArgs<CustomerFilter>, { store }: StiggContext) => {
      const all = [...store.customers.values()];
      const subsOf = (c: CustomerRec) => [...store.subscriptions.values()].filter((s) => s.customerId === c.customerId);
      const list = all.filter((c) =>
        matchesFilter(filter, (f) => {
          if (!matches(c.customerId, f.customerId) || !matches(c.customerId, f.refId)) return false;
          if (!matches(c.name, f.name) || !matches(c.email, f.email) || !matches(c.billingId, f.billingId)) return false;
          if (!matches(c.salesforceId, f.salesforceId) || !matches(c.crmId, f.crmId)) return false;
          if (f.subscriptions) {
            const sf = f.subscriptions;
            const ok = subsOf(c).some((s) =>
              matchesFilter(sf, (x) =>
                matches(s.subscriptionId, x.subscriptionId) &&
                matches(s.subscriptionId, x.refId) &&
                matches(s.salesforceId, x.salesforceId) &&
                matches(s.status, x.status) &&
                matches(store.plans.get(s.planRefId)!.pricingType, x.pricingType),
              ),
            );
            if (!ok) return false;
          }
          return true;
        }),
      );
      const sorted = sortBy(list, sorting, (c, field) => (field === 'refId' ? c.customerId : (c as unknown as Obj)[field] ?? null));
      const page = paginate(sorted, paging);
      return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: customerView(store, e.node) })) };
    },

    getSubscription: ({ input }: { input: { subscriptionId: string } }, { store }: StiggContext) =>
      subscriptionView(store, store.subscription(input.subscriptionId)),

    subscriptions: ({ filter, paging, sorting }: ListArgs<SubscriptionQueryFilter>, { store }: StiggContext) => {
      const list = [...store.subscriptions.values()].filter((s) =>
        matchesFilter(filter, (f) => {
          const plan = store.plans.get(s.planRefId)!;
          const customer = store.customers.get(s.customerId)!;
          return (
            matches(s.subscriptionId, f.subscriptionId) &&
            matches(s.salesforceId, f.salesforceId) &&
            matches(s.customerId, f.customerId) &&
            matches(s.resourceId, f.resourceId) &&
            matches(s.productRefId, f.productId) &&
            matches(s.status, f.status) &&
            matches(plan.pricingType, f.pricingType) &&
            matchesFilter(f.customer, (c) =>
              matches(customer.customerId, c.customerId) && matches(customer.salesforceId, c.salesforceId) && matches(customer.email, c.email) && matches(customer.name, c.name),
            ) &&
            matchesFilter(f.plan, (p) => matches(plan.refId, p.refId) && matches(plan.productRefId, p.productId) && matches(plan.pricingType, p.pricingType))
          );
        }),
      );
      const sorted = sortBy(list, sorting, (s, field) => (field === 'productId' ? s.productRefId : (s as unknown as Obj)[field] ?? null));
      const page = paginate(sorted, paging);
      return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: subscriptionView(store, e.node) })) };
    },

    creditGrants: (
      { input }: { input: { customerId: string; resourceId?: string | null; currencyId?: string | null; paging?: CursorPaging | null } },
      { store }: StiggContext,
    ) => {
      const grants = store.grantsOf(input.customerId, { resourceId: input.resourceId, currencyId: input.currencyId });
      // assumption: without paging, Stigg's default page of 10 (the reference gives no default here)
      const page = paginate(grants, input.paging ?? { first: 10 });
      return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: creditGrantView(store, e.node) })) };
    },

    creditBalanceSummary: (
      { input }: { input: { customerId: string; resourceId?: string | null; currencyId?: string | null } },
      { store }: StiggContext,
    ) => ({
      customerId: input.customerId,
      resourceId: input.resourceId ?? null,
      balances: store.creditBalances(input.customerId, { resourceId: input.resourceId, currencyId: input.currencyId }).map(creditBalanceView),
    }),

    // docs (entitlementV2): one entitlement of a customer: a credit entitlement with currencyId,
    // a feature entitlement with featureId
    entitlementV2: (
      { query }: { query: { customerId: string; currencyId?: string | null; featureId?: string | null; resourceId?: string | null } },
      { store }: StiggContext,
    ) => {
      if (query.currencyId && query.featureId) throw stiggError('InvalidArgumentError', 'Give either currencyId or featureId, not both');
      if (query.currencyId) return creditEntitlementView(store.creditEntitlement(query.customerId, query.currencyId, query.resourceId ?? null), store.now());
      if (!query.featureId) throw stiggError('InvalidArgumentError', 'currencyId or featureId is required');
      const customer = store.customer(query.customerId);
      const feature = store.feature(query.featureId);
      const subs = store
        .liveSubscriptionsOf(customer.customerId)
        .filter((s) => (query.resourceId ? s.resourceId === query.resourceId : true));
      const found = subs.flatMap((s) => store.subscriptionEntitlements(s).map((e) => ({ s, e }))).find((x) => x.e.featureRefId === feature.refId);
      return {
        __typename: 'FeatureEntitlement',
        isGranted: !!found,
        // assumption: the reason when no live subscription grants the feature
        accessDeniedReason: found ? null : subs.length ? 'NoFeatureEntitlementInSubscription' : 'NoActiveSubscription',
        feature: entitlementFeatureView(feature),
        usageLimit: found?.e.usageLimit ?? null,
        hasUnlimitedUsage: found?.e.hasUnlimitedUsage ?? false,
        hasSoftLimit: found?.e.hasSoftLimit ?? false,
        currentUsage: feature.meterType === 'None' ? null : 0,
        resetPeriod: found?.e.resetPeriod ?? null,
        entitlementUpdatedAt: found?.s.updatedAt ?? null,
      };
    },

    plans: ({ filter, paging, sorting }: ListArgs<RefIdFilter>, { store }: StiggContext) =>
      list(
        [...store.plans.values()],
        filter,
        paging,
        sorting,
        (p, f) =>
          matches(p.refId, f.refId) &&
          matches(p.productRefId, f.productId) &&
          matchesFilter(f.product, (x) => matches(p.productRefId, x.refId)) &&
          matches(p.pricingType, f.pricingType) &&
          matches(true, f.isLatest) &&
          matches('PUBLISHED', f.status),
        (p) => planView(store, p),
      ),

    addons: ({ filter, paging, sorting }: ListArgs<RefIdFilter>, { store }: StiggContext) =>
      list(
        [...store.addons.values()],
        filter,
        paging,
        sorting,
        (a, f) =>
          matches(a.refId, f.refId) &&
          matches(a.pricingType, f.pricingType) &&
          matches(true, f.isLatest) &&
          matches('PUBLISHED', f.status) && (!f.productId || addonProducts(store, a).some((p) => matches(p, f.productId))),
        (a) => addonView(store, a),
      ),

    features: ({ filter, paging, sorting }: ListArgs<RefIdFilter>, { store }: StiggContext) =>
      list([...store.features.values()], filter, paging, sorting, (x, f) => matches(x.refId, f.refId) && matches(x.displayName, f.displayName), featureView),

    products: ({ filter, paging, sorting }: ListArgs<RefIdFilter>, { store }: StiggContext) =>
      list(
        [...store.products.values()],
        filter,
        paging,
        sorting,
        (p, f) => matches(p.refId, f.refId) && matches(p.multipleSubscriptions, f.multipleSubscriptions),
        (p) => productView(store, p),
      ),

    // docs (customCurrencies, FetchCustomCurrenciesInput): a plain list; status defaults to [ACTIVE]
    customCurrencies: ({ input }: { input?: { status?: Array<'ACTIVE' | 'ARCHIVED'> | null } | null }, { store }: StiggContext) => {
      const statuses = input?.status ?? ['ACTIVE'];
      return [...store.currencies.values()].filter((c) => statuses.includes(c.archivedAt ? 'ARCHIVED' : 'ACTIVE')).map(currencyView);
    },

    // -------- mutations
    provisionCustomer: (
      { input }: { input: Parameters<StiggStore['provisionCustomer']>[0] },
      { store }: StiggContext,
    ) => {
      const { customer, outcome } = store.provisionCustomer(input);
      const sub = outcome?.subscription ?? null;
      return {
        customer: customerView(store, customer),
        subscriptionDecisionStrategy: input.subscriptionParams ? 'REQUESTED_PLAN' : 'SKIPPED_SUBSCRIPTION_CREATION',
        subscription: sub ? subscriptionView(store, sub) : null,
        entitlements: sub ? store.subscriptionEntitlements(sub).map((e) => entitlementView(sub, e)) : [],
      };
    },

    updateOneCustomer: ({ input }: { input: Parameters<StiggStore['updateCustomer']>[0] }, { store }: StiggContext) =>
      customerView(store, store.updateCustomer(input)),

    provisionSubscriptionV2: ({ input }: { input: ProvisionSubscriptionArgs }, { store, url }: StiggContext) => {
      const outcome = store.provisionSubscription(input);
      const sub = outcome.subscription;
      return {
        id: sub?.id ?? outcome.checkout!.checkoutId,
        status: outcome.status,
        checkoutUrl: outcome.checkout ? `${url}/checkout/${outcome.checkout.checkoutId}` : null,
        checkoutBillingId: outcome.checkout?.checkoutId ?? null,
        // a scheduled downgrade answers with the current subscription, carrying the scheduled update
        subscription: sub ? subscriptionView(store, sub) : null,
        entitlements: sub ? store.subscriptionEntitlements(sub).map((e) => entitlementView(sub, e)) : null,
        isScheduled: outcome.isScheduled,
      };
    },

    createCreditGrant: ({ input }: { input: Parameters<StiggStore['createCreditGrant']>[0] }, { store }: StiggContext) =>
      creditGrantView(store, store.createCreditGrant(input)),

    voidCreditGrant: ({ input }: { input: { id: string } }, { store }: StiggContext) => creditGrantView(store, store.voidCreditGrant(input.id)),

    updateOneSubscription: ({ input }: { input: Parameters<StiggStore['updateSubscription']>[0] }, { store }: StiggContext) =>
      subscriptionView(store, store.updateSubscription(input)),

    cancelSubscription: ({ input }: { input: Parameters<StiggStore['cancelSubscription']>[0] }, { store }: StiggContext) =>
      subscriptionView(store, store.cancelSubscription(input)),

    // assumption: the sandbox bills no tax, discount or customer credit: tax is 0, the rest null
    previewSubscription: ({ input }: { input: Parameters<StiggStore['previewSubscription']>[0] }, { store }: StiggContext) => {
      const preview = store.previewSubscription(input);
      const invoice = (total: { amount: number; currency: string }) => ({
        total,
        subTotal: total,
        totalExcludingTax: total,
        tax: { amount: 0, currency: total.currency },
        taxDetails: null,
        discount: null,
        discountDetails: null,
        minimumSpendAdjustment: { amount: 0, currency: total.currency },
      });
      const p = preview.proration;
      return {
        billingPeriodRange: preview.billingPeriodRange,
        hasScheduledUpdates: preview.hasScheduledUpdates,
        isPlanDowngrade: preview.isPlanDowngrade,
        immediateInvoice: {
          ...invoice(preview.immediateTotal),
          credits: null,
          proration: p ? { prorationDate: p.prorationDate, credit: p.credit, debit: p.debit, netAmount: p.netAmount, hasProrations: true } : null,
        },
        recurringInvoice: invoice(preview.recurringTotal),
      };
    },

    cancelSchedule: ({ input }: { input: { subscriptionId: string; status?: string | null } }, { store }: StiggContext) => store.cancelSchedule(input),
  };
}

function addonProducts(store: StiggStore, a: AddonRec): string[] {
  return [...store.plans.values()].filter((p) => p.compatibleAddonRefIds.includes(a.refId)).map((p) => p.productRefId);
}

function list<T, F extends Logical<F>>(
  items: T[],
  filter: F | null | undefined,
  paging: CursorPaging | null | undefined,
  sorting: Sorting | undefined,
  test: (item: T, f: F) => boolean,
  view: (item: T) => Obj,
): Obj {
  const filtered = items.filter((item) => matchesFilter(filter, (f) => test(item, f)));
  const page = paginate(
    sortBy(filtered, sorting, (item, field) => (item as unknown as Obj)[field === 'productId' ? 'productRefId' : field] ?? null),
    paging,
  );
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: view(e.node) })) };
}
