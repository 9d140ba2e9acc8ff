/** Customers and subscriptions as GraphQL objects (Customer, CustomerSubscription, Entitlement, scheduled updates). */
import type {
  CustomerRec,
  EntitlementDef,
  FeatureRec,
  InvoiceRec,
  ScheduledPlanChangeRec,
  ScheduledUpdateRec,
  StiggStore,
  SubscriptionRec,
  SubscriptionStatus,
  TermsChangeVariables,
} from '../../store';
import { addonView, currencyView, entitlementFeatureView, featureView, Obj, planView, priceView } from './catalog';

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

export function invoiceView(inv: InvoiceRec | null): Obj | null {
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

export function subscriptionFeatureEntitlementView(store: StiggStore, s: SubscriptionRec, e: EntitlementDef, i: number): Obj {
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

export function scheduledUpdateView(store: StiggStore, u: ScheduledUpdateRec): Obj {
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
    scheduleVariables: 'update' in u ? termsChangeVariablesView(u.variables) : planChangeVariablesView(plan.refId, u),
  };
}

/** A plan change's ScheduleVariables: DowngradeChangeVariables or PlanChangeVariables, from the provisioning input it carries out. */
function planChangeVariablesView(planRefId: string, u: ScheduledPlanChangeRec): Obj {
  const addons = (u.input.addons ?? []).map((a) => ({ addonRefId: a.addonId, quantity: a.quantity ?? 1 }));
  const billableFeatures = (u.input.billableFeatures ?? []).map((b) => ({ featureId: b.featureId, quantity: b.quantity }));
  const priceOverrides = (u.input.priceOverrides ?? []).map((o) => ({ planRefId: o.addonId ? null : planRefId, addonRefId: o.addonId ?? null, featureId: o.featureId ?? null }));
  if (u.type === 'Plan') {
    return { __typename: 'PlanChangeVariables', planRefId, changeType: u.changeType, billingPeriod: u.billingPeriod, addons, billableFeatures, priceOverrides };
  }
  return {
    __typename: 'DowngradeChangeVariables',
    downgradePlanRefId: planRefId,
    billingPeriod: u.billingPeriod,
    addons,
    billableFeatures,
    priceOverrides,
    recurringCredits: (u.input.entitlements ?? []).flatMap((e) => (e.credit ? [{ customCurrencyId: e.credit.customCurrencyId, quantity: e.credit.amount }] : [])),
  };
}

/** A change of terms' ScheduleVariables (null for RecurringCredits and AdditionalMetaData: the union has no member for them). */
function termsChangeVariablesView(v: TermsChangeVariables): Obj | null {
  if (!v) return null;
  switch (v.kind) {
    case 'UnitAmount': return { __typename: 'UnitAmountChangeVariables', featureId: v.featureRefId, newUnitAmount: v.newUnitAmount };
    case 'Addon': return { __typename: 'AddonChangeVariables', addonRefId: v.addonRefId, newQuantity: v.newQuantity };
    case 'BillingPeriod': return { __typename: 'BillingPeriodChangeVariables', billingPeriod: v.billingPeriod };
    case 'PlanPriceOverride': return { __typename: 'PlanPriceOverrideChangeVariables', planRefId: v.planRefId, featureId: v.featureRefId };
    case 'AddonPriceOverride': return { __typename: 'AddonPriceOverrideChangeVariables', addonRefId: v.addonRefId, featureId: v.featureRefId };
  }
}

export function entitlementView(sub: SubscriptionRec, e: EntitlementDef & { feature: FeatureRec }): Obj {
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
