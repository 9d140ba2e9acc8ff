import { stiggError } from './errors';
import { Comparison, CursorPaging, matches, matchesFilter, paginate, sortBy } from './query-utils';
import type {
  AddonRec,
  CreditBalanceRec,
  CreditEntitlementRec,
  CreditGrantRec,
  CurrencyRec,
  CustomerRec,
  EntitlementDef,
  FeatureRec,
  InvoiceRec,
  PlanRec,
  PriceRec,
  ProductRec,
  ProvisionSubscriptionArgs,
  ScheduledUpdateRec,
  StiggStore,
  SubscriptionRec,
  SubscriptionStatus,
} from './store';

/*
 * Root resolvers and the mapping from store records to GraphQL objects. Nested objects are plain
 * values or functions (graphql-js' default resolver calls a function property), so related
 * records are only built when a document selects them.
 */

export interface StiggContext {
  store: StiggStore;
  /** the emulator's own URL */
  url: string;
}

type Obj = Record<string, unknown>;

// ------------------------------------------------------------------ views

export function featureView(f: FeatureRec): Obj {
  return {
    id: f.id,
    refId: f.refId,
    displayName: f.displayName,
    description: f.description,
    featureType: f.featureType,
    meterType: f.meterType,
    featureUnits: f.units,
    featureUnitsPlural: f.unitsPlural,
    additionalMetaData: null,
    createdAt: f.createdAt,
    updatedAt: f.createdAt,
  };
}

/** The feature as an entitlement shows it (EntitlementFeature). */
function entitlementFeatureView(f: FeatureRec): Obj {
  const { createdAt: _c, updatedAt: _u, ...rest } = featureView(f);
  return { ...rest, unitTransformation: null };
}

function priceView(store: StiggStore, p: PriceRec): Obj {
  return {
    id: p.id,
    billingModel: p.billingModel,
    billingPeriod: p.billingPeriod,
    billingCadence: 'RECURRING',
    createdAt: null,
    customCurrency: () => (p.customCurrencyId ? currencyView(store.currencies.get(p.customCurrencyId)!) : null),
    creditGrantCadence: p.creditGrantCadence,
    billingId: null,
    billingCountryCode: null,
    minUnitQuantity: p.minUnitQuantity,
    maxUnitQuantity: p.maxUnitQuantity,
    blockSize: null,
    price: { amount: p.amount, currency: p.currency },
    creditRate: null,
    tiersMode: null,
    tiers: null,
    feature: p.featureRefId ? featureView(store.features.get(p.featureRefId)!) : null,
  };
}

function packageEntitlementView(store: StiggStore, e: EntitlementDef, owner: string): Obj {
  const f = store.features.get(e.featureRefId)!;
  return {
    // Stigg's featureId is the feature's internal id; the slug is feature.refId
    featureId: f.id,
    feature: featureView(f),
    usageLimit: e.usageLimit,
    hasUnlimitedUsage: e.hasUnlimitedUsage,
    hasSoftLimit: e.hasSoftLimit,
    resetPeriod: e.resetPeriod,
    resetPeriodConfiguration: null,
    enumValues: null,
    hiddenFromWidgets: [],
    isCustom: false,
    isGranted: true,
    displayNameOverride: null,
    description: `${owner}: ${f.displayName}`,
  };
}

export function productView(store: StiggStore, p: ProductRec): Obj {
  return {
    id: p.id,
    refId: p.refId,
    displayName: p.displayName,
    description: p.description,
    additionalMetaData: null,
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
    multipleSubscriptions: p.multipleSubscriptions,
    productSettings: {
      downgradePlan: () => (p.downgradePlanRefId && store.plans.has(p.downgradePlanRefId) ? planView(store, store.plans.get(p.downgradePlanRefId)!) : null),
    },
    plans: () => [...store.plans.values()].filter((x) => x.productRefId === p.refId).map((x) => planView(store, x)),
  };
}

export function addonView(store: StiggStore, a: AddonRec): Obj {
  return {
    id: a.id,
    refId: a.refId,
    displayName: a.displayName,
    description: a.description,
    billingId: null,
    versionNumber: 1,
    isLatest: true,
    status: 'PUBLISHED',
    createdAt: a.createdAt,
    updatedAt: a.createdAt,
    additionalMetaData: null,
    hiddenFromWidgets: [],
    pricingType: a.pricingType,
    maxQuantity: a.maxQuantity,
    productId: null,
    entitlements: () => a.entitlements.map((e) => packageEntitlementView(store, e, a.displayName)),
    prices: () => a.prices.map((p) => priceView(store, p)),
    overagePrices: [],
    dependencies: [],
  };
}

export function planView(store: StiggStore, p: PlanRec): Obj {
  return {
    id: p.id,
    refId: p.refId,
    displayName: p.displayName,
    description: p.description,
    billingId: null,
    versionNumber: 1,
    isLatest: true,
    status: 'PUBLISHED',
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
    additionalMetaData: null,
    hiddenFromWidgets: [],
    pricingType: p.pricingType,
    productId: p.productRefId,
    product: () => productView(store, store.products.get(p.productRefId)!),
    basePlan: null,
    entitlements: () => p.entitlements.map((e) => packageEntitlementView(store, e, p.displayName)),
    inheritedEntitlements: [],
    compatibleAddons: () => p.compatibleAddonRefIds.map((id) => addonView(store, store.addons.get(id)!)),
    compatiblePackageGroups: [],
    prices: () => p.prices.map((x) => priceView(store, x)),
    overagePrices: [],
    defaultTrialConfig: p.defaultTrial
      ? { duration: p.defaultTrial.duration, units: p.defaultTrial.units, trialEndBehavior: p.defaultTrial.trialEndBehavior, budget: null }
      : null,
  };
}

export function currencyView(c: CurrencyRec): Obj {
  return {
    id: c.id,
    currencyId: c.currencyId,
    displayName: c.displayName,
    symbol: c.symbol,
    description: c.description,
    units: c.units,
    additionalMetaData: null,
    archivedAt: c.archivedAt,
    createdAt: c.createdAt,
    updatedAt: c.createdAt,
  };
}

const LIVE: SubscriptionStatus[] = ['ACTIVE', 'IN_TRIAL'];

export function customerView(store: StiggStore, c: CustomerRec): Obj {
  const pm = c.paymentMethod;
  return {
    id: c.id,
    customerId: c.customerId,
    refId: c.customerId,
    name: c.name,
    email: c.email,
    billingId: c.billingId,
    billingCurrency: null,
    billingLinkUrl: null,
    additionalMetaData: c.additionalMetaData,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    salesforceId: c.salesforceId,
    crmId: c.crmId,
    awsMarketplaceCustomerId: c.awsMarketplaceCustomerId,
    hasPaymentMethod: pm !== null,
    defaultPaymentMethodId: pm ? 'pm_sandbox_default' : null,
    defaultPaymentMethodType: pm?.type ?? null,
    defaultPaymentMethodLast4Digits: pm?.last4Digits ?? null,
    defaultPaymentExpirationMonth: pm?.expirationMonth ?? null,
    defaultPaymentExpirationYear: pm?.expirationYear ?? null,
    hasActiveSubscription: () => store.liveSubscriptionsOf(c.customerId).some((s) => LIVE.includes(s.status)),
    hasActiveResource: () => store.liveSubscriptionsOf(c.customerId).some((s) => LIVE.includes(s.status) && s.resourceId !== null),
    subscriptions: () => store.liveSubscriptionsOf(c.customerId).map((s) => subscriptionView(store, s)),
    trialedPlans: () =>
      c.trialedPlans.map((t) => ({
        productId: store.products.get(t.productRefId)?.id ?? null,
        productRefId: t.productRefId,
        planId: store.plans.get(t.planRefId)?.id ?? null,
        planRefId: t.planRefId,
      })),
    eligibleForTrial: () =>
      [...store.products.values()].map((p) => ({
        productId: p.id,
        productRefId: p.refId,
        eligible: !c.trialedPlans.some((t) => t.productRefId === p.refId),
      })),
    promotionalEntitlements: [],
    coupon: null,
    experimentInfo: null,
    excludeFromExperiment: false,
    syncStates: [],
  };
}

function invoiceView(inv: InvoiceRec | null): Obj | null {
  if (!inv) return null;
  return {
    billingId: inv.billingId,
    status: inv.status,
    createdAt: inv.createdAt,
    updatedAt: inv.updatedAt,
    dueDate: inv.dueDate,
    errorMessage: null,
    requiresAction: false,
    paymentSecret: null,
    paymentUrl: inv.paymentUrl,
    pdfUrl: null,
    billingReason: 'SUBSCRIPTION_CREATION',
    currency: inv.currency,
    subTotal: inv.total,
    subTotalExcludingTax: inv.total,
    total: inv.total,
    totalExcludingTax: inv.total,
    tax: 0,
    amountDue: inv.amountDue,
    attemptCount: inv.status === 'PAID' ? 1 : 0,
  };
}

export function subscriptionView(store: StiggStore, s: SubscriptionRec): Obj {
  const plan = store.plans.get(s.planRefId)!;
  return {
    id: s.id,
    subscriptionId: s.subscriptionId,
    refId: s.subscriptionId,
    status: s.status,
    pricingType: plan.pricingType,
    customer: () => customerView(store, store.customers.get(s.customerId)!),
    customerId: s.customerId,
    payingCustomer: () => (s.payingCustomerId ? customerView(store, store.customers.get(s.payingCustomerId)!) : null),
    payingCustomerId: s.payingCustomerId,
    resource: s.resourceId ? { resourceId: s.resourceId } : null,
    resourceId: s.resourceId,
    plan: () => planView(store, plan),
    addons: () => s.addons.map((a) => ({ id: a.id, quantity: a.quantity, addon: addonView(store, store.addons.get(a.addonRefId)!) })),
    prices: () =>
      store.subscriptionPrices(s).map(({ price, quantity }) => ({
        id: price.id,
        usageLimit: quantity,
        billingModel: price.billingModel,
        creditGrantCadence: price.creditGrantCadence,
        price: priceView(store, price),
      })),
    billingPeriod: s.billingPeriod,
    totalPrice: () => {
      if (plan.pricingType === 'FREE') return null;
      const total = store.totalPrice(s);
      return { subTotal: total, total, addonsTotal: store.addonsTotal(s) };
    },
    // SubscriptionEntitlementUnion (docs: SubscriptionEntitlementUnion): the feature entitlements
    // the subscription was provisioned with, and its credit entitlements
    entitlements: () => [
      ...s.featureEntitlements.map((e, i) => ({ __typename: 'SubscriptionFeatureEntitlement', ...subscriptionFeatureEntitlementView(store, s, e, i) })),
      ...s.creditEntitlements.map((c) => ({
        __typename: 'SubscriptionCreditEntitlement',
        id: c.id,
        subscriptionId: s.subscriptionId,
        customCurrencyId: c.currencyId,
        customCurrency: currencyView(store.currencies.get(c.currencyId)!),
        amount: c.amount,
        cadence: c.cadence,
        hasSoftLimit: c.hasSoftLimit,
      })),
    ],
    subscriptionEntitlements: () =>
      s.featureEntitlements.map((e, i) => ({ ...subscriptionFeatureEntitlementView(store, s, e, i), resetPeriodConfiguration: null })),
    startDate: s.startDate,
    endDate: s.endDate,
    cancellationDate: s.cancellationDate,
    effectiveEndDate: s.endDate,
    trialEndDate: s.trialEndDate,
    wasInTrial: s.wasInTrial,
    trialConfiguration: s.trialEndBehavior ? { trialEndBehavior: s.trialEndBehavior } : null,
    currentBillingPeriodStart: s.currentBillingPeriodStart,
    currentBillingPeriodEnd: s.currentBillingPeriodEnd,
    paymentCollection: s.paymentCollection,
    paymentCollectionMethod: s.paymentCollectionMethod,
    latestInvoice: invoiceView(s.latestInvoice),
    billingId: null,
    billingLinkUrl: null,
    billingSyncError: null,
    salesforceId: s.salesforceId,
    crmId: null,
    additionalMetaData: s.additionalMetaData,
    experimentInfo: null,
    scheduledUpdates: () => s.scheduledUpdates.map((u) => scheduledUpdateView(store, u)),
    futureUpdates: () => s.scheduledUpdates.filter((u) => u.status === 'Scheduled').map((u) => scheduledUpdateView(store, u)),
    isCustomPriceSubscription: s.priceOverrides.length > 0,
    createdAt: s.createdAt,
  };
}

function subscriptionFeatureEntitlementView(store: StiggStore, s: SubscriptionRec, e: EntitlementDef, i: number): Obj {
  const f = store.features.get(e.featureRefId)!;
  return {
    id: `${s.id.slice(0, 24)}${String(i).padStart(12, '0')}`,
    subscriptionId: s.subscriptionId,
    featureId: f.id,
    feature: featureView(f),
    usageLimit: e.usageLimit,
    hasUnlimitedUsage: e.hasUnlimitedUsage,
    hasSoftLimit: e.hasSoftLimit,
    resetPeriod: e.resetPeriod,
    description: null,
  };
}

function scheduledUpdateView(store: StiggStore, u: ScheduledUpdateRec): Obj {
  const plan = store.plans.get(u.targetPlanRefId)!;
  return {
    subscriptionScheduleType: u.type,
    scheduleStatus: u.status,
    scheduledExecutionTime: u.executionTime,
    createdAt: u.createdAt,
    targetPackage: {
      id: plan.id,
      refId: plan.refId,
      displayName: plan.displayName,
      description: plan.description,
      pricingType: plan.pricingType,
      productId: plan.productRefId,
      status: 'PUBLISHED',
      type: 'PLAN',
      versionNumber: 1,
    },
    scheduleVariables: {
      __typename: 'DowngradeChangeVariables',
      downgradePlanRefId: plan.refId,
      billingPeriod: u.billingPeriod,
      addons: (u.input.addons ?? []).map((a) => ({ addonRefId: a.addonId, quantity: a.quantity ?? 1 })),
      billableFeatures: (u.input.billableFeatures ?? []).map((b) => ({ featureId: b.featureId, quantity: b.quantity })),
      priceOverrides: (u.input.priceOverrides ?? []).map((o) => ({ planRefId: o.addonId ? null : plan.refId, addonRefId: o.addonId ?? null, featureId: o.featureId ?? null })),
      recurringCredits: (u.input.entitlements ?? []).flatMap((e) => (e.credit ? [{ customCurrencyId: e.credit.customCurrencyId, quantity: e.credit.amount }] : [])),
    },
  };
}

function entitlementView(sub: SubscriptionRec, e: EntitlementDef & { feature: FeatureRec }): Obj {
  const f = e.feature;
  return {
    isGranted: true,
    accessDeniedReason: null,
    customerId: sub.customerId,
    resourceId: sub.resourceId,
    feature: entitlementFeatureView(f),
    usageLimit: e.usageLimit,
    hasUnlimitedUsage: e.hasUnlimitedUsage,
    hasSoftLimit: e.hasSoftLimit,
    currentUsage: f.meterType === 'None' ? null : 0,
    requestedUsage: null,
    enumValues: null,
    requestedValues: null,
    resetPeriod: e.resetPeriod,
    resetPeriodConfiguration: null,
    usagePeriodStart: null,
    usagePeriodEnd: null,
    usagePeriodAnchor: null,
    nextResetDate: null,
    creditRate: null,
    meterId: null,
    displayNameOverride: null,
    hiddenFromWidgets: [],
    entitlementUpdatedAt: sub.updatedAt,
    usageUpdatedAt: null,
    validUntil: null,
  };
}

function creditGrantView(store: StiggStore, g: CreditGrantRec): Obj {
  return {
    id: g.id,
    grantId: g.grantId,
    displayName: g.displayName,
    grantType: g.grantType,
    status: store.grantStatus(g),
    amount: g.amount,
    consumedAmount: g.consumedAmount,
    cost: g.cost,
    customerId: g.customerId,
    resourceId: g.resourceId,
    currencyId: g.currencyId,
    effectiveAt: g.effectiveAt,
    expireAt: g.expireAt,
    voidedAt: g.voidedAt,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
    invoiceId: g.invoice?.billingId ?? null,
    latestInvoice: g.invoice
      ? {
          billingId: g.invoice.billingId,
          status: g.invoice.status,
          createdAt: g.invoice.createdAt,
          updatedAt: g.invoice.updatedAt,
          dueDate: g.invoice.dueDate,
          paymentUrl: g.invoice.paymentUrl,
          requiresAction: false,
          currency: g.invoice.currency,
          total: g.invoice.total,
          amountDue: g.invoice.amountDue,
        }
      : null,
    paymentCollection: g.paymentCollection,
    priority: g.priority,
    comment: g.comment,
    additionalMetaData: g.additionalMetaData,
  };
}

/**
 * CreditEntitlement (docs: CreditEntitlement, "balance = usageLimit - currentUsage").
 * assumption: isGranted while credits remain (balance > 0), else InsufficientCredits.
 */
function creditEntitlementView(e: CreditEntitlementRec, now: string): Obj {
  const granted = e.usageLimit - e.currentUsage > 0;
  return {
    __typename: 'CreditEntitlement',
    currency: {
      currencyId: e.currency.currencyId,
      displayName: e.currency.displayName,
      description: e.currency.description,
      unitSingular: e.currency.units?.singular ?? null,
      unitPlural: e.currency.units?.plural ?? null,
      additionalMetaData: null,
    },
    usageLimit: e.usageLimit,
    currentUsage: e.currentUsage,
    isGranted: granted,
    accessDeniedReason: granted ? null : 'InsufficientCredits',
    hasSoftLimit: false,
    entitlementUpdatedAt: now,
    usageUpdatedAt: null,
    validUntil: null,
  };
}

function creditBalanceView(b: CreditBalanceRec): Obj {
  return {
    customerId: b.customerId,
    resourceId: b.resourceId,
    currency: { currencyId: b.currency.currencyId, displayName: b.currency.displayName, symbol: b.currency.symbol, units: b.currency.units },
    currencyId: b.currency.currencyId,
    currentBalance: b.currentBalance,
    totalGranted: b.totalGranted,
    totalConsumed: b.totalConsumed,
    validUntil: null,
  };
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
