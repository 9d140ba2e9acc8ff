import { CreditBalance, CreditGrant, Customer, PaymentCollectionMethod, PriceOverride, ScheduledChange, Subscription } from '../../domain/stigg-entities';
import { Money } from '../../domain/money';
import { CatalogPrice, StiggCatalog } from '../../domain/stigg-catalog';
import { normalizeSalesforceId } from '../salesforce/ids';
import {
  CatalogNodes, StiggCreditEntitlementNode, StiggCreditGrantNode, StiggCustomerNode,
  StiggPaymentCollectionMethod, StiggScheduledUpdateNode, StiggSubscriptionNode, CatalogPriceNode,
} from './operations';

const date = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);

/** Stigg holds whatever was sent as salesforceId: answer 18-character ids, or null for something that is not an id. */
function salesforceIdOf(value: string | null): string | null {
  if (!value) return null;
  try {
    return normalizeSalesforceId(value, 'salesforceId');
  } catch {
    return null;
  }
}

export function paymentCollectionFromStigg(method: StiggPaymentCollectionMethod | null): PaymentCollectionMethod | null {
  if (method === 'CHARGE') return 'PAYMENT_METHOD_ON_FILE';
  return method;
}

export function paymentCollectionToStigg(method: PaymentCollectionMethod): StiggPaymentCollectionMethod {
  return method === 'PAYMENT_METHOD_ON_FILE' ? 'CHARGE' : method;
}

export function customerFromStigg(node: StiggCustomerNode): Customer {
  return {
    id: node.customerId,
    name: node.name,
    email: node.email,
    salesforceId: salesforceIdOf(node.salesforceId),
    hasPaymentMethod: node.hasPaymentMethod === true,
  };
}

function catalogPrice(node: CatalogPriceNode): CatalogPrice | null {
  if (!node.price) return null;
  return {
    billingPeriod: node.billingPeriod,
    billingModel: node.billingModel,
    featureId: node.feature?.refId ?? null,
    customCurrencyId: node.customCurrency?.currencyId ?? null,
    price: node.price,
  };
}

export function catalogFromStigg(nodes: CatalogNodes): StiggCatalog {
  return {
    plans: nodes.plans.map((node) => ({
      id: node.refId,
      displayName: node.displayName,
      productId: node.product?.refId ?? null,
      pricingType: node.pricingType ?? ((node.prices ?? []).length > 0 ? 'PAID' : 'FREE'),
      defaultTrialDays: node.defaultTrialConfig
        ? node.defaultTrialConfig.duration * (node.defaultTrialConfig.units === 'MONTH' ? 30 : 1)
        : null,
      prices: (node.prices ?? []).map(catalogPrice).filter((p): p is CatalogPrice => p !== null),
      entitlements: (node.entitlements ?? []).map((e) => ({
        featureId: e.feature.refId, usageLimit: e.usageLimit, hasUnlimitedUsage: e.hasUnlimitedUsage === true,
      })),
    })),
    addons: nodes.addons.map((node) => ({
      id: node.refId,
      displayName: node.displayName,
      prices: (node.prices ?? []).map(catalogPrice).filter((p): p is CatalogPrice => p !== null),
    })),
    features: nodes.features.map((node) => ({
      id: node.refId,
      displayName: node.displayName,
      featureType: node.featureType,
      metered: node.meterType !== null && node.meterType !== 'None',
    })),
    customCurrencies: nodes.customCurrencies.map((node) => ({ id: node.currencyId, displayName: node.displayName })),
  };
}

/** The words for a pending change of a subscription, from Stigg's schedule type and target plan. */
function describeScheduledUpdate(update: StiggScheduledUpdateNode): string {
  const target = update.targetPackage?.refId;
  switch (update.subscriptionScheduleType) {
    case 'Downgrade': return target ? `Downgrade to ${target}` : 'Downgrade';
    case 'Plan': return target ? `Plan change to ${target}` : 'Plan change';
    case 'BillingPeriod': return 'Billing period change';
    case 'UnitAmount': return 'Quantity change';
    case 'Addon': return 'Add-on change';
    default: return `${update.subscriptionScheduleType} change`;
  }
}

/** What `amount` credits cost at a credits charge's price per credit. */
function creditsPrice(perCredit: Money | undefined, amount: number): Money | null {
  return perCredit ? { amount: Number((perCredit.amount * amount).toFixed(6)), currency: perCredit.currency } : null;
}

/** Stigg's schedule statuses of a change that is still to come. */
const PENDING_SCHEDULE_STATUSES = new Set(['Scheduled', 'PendingPayment']);

export function scheduledChangesFromStigg(updates: StiggScheduledUpdateNode[] | null): ScheduledChange[] {
  return (updates ?? [])
    .filter((u) => PENDING_SCHEDULE_STATUSES.has(u.scheduleStatus))
    .map((u) => ({ effectiveAt: new Date(u.scheduledExecutionTime), description: describeScheduledUpdate(u) }))
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
}

/**
 * A subscription as the gateway shows it. Quantities come from its prices
 * (per-unit prices carry the quantity as usageLimit); price overrides are the
 * prices that differ from, or are missing from, the plan's list prices in the catalog.
 * Feature and credit entitlements are the members of `entitlements`; a credit
 * entitlement's price is what its credits cost per period: the subscription's credits charge for
 * its currency (a price per credit) times the amount, or null when there is none.
 */
export function subscriptionFromStigg(node: StiggSubscriptionNode, catalog: StiggCatalog | null): Subscription {
  const prices = (node.prices ?? []).filter((p) => p.price !== null);
  const plan = catalog?.plans.find((p) => p.id === node.plan.refId) ?? null;
  const billingPeriod = node.billingPeriod ?? prices[0]?.price?.billingPeriod ?? null;
  const priceOverrides: PriceOverride[] = [];
  let unitQuantity: number | null = null;
  const billableFeatures: Array<{ featureId: string; quantity: number }> = [];
  const creditsCharges = new Map<string, Money>();
  for (const entry of prices) {
    const price = entry.price!;
    const featureId = price.feature?.refId ?? null;
    const currencyId = price.customCurrency?.currencyId ?? null;
    if (currencyId && price.price) creditsCharges.set(currencyId, price.price);
    if (price.billingModel === 'PER_UNIT' && entry.usageLimit !== null && currencyId === null) {
      if (featureId) billableFeatures.push({ featureId, quantity: entry.usageLimit });
      else unitQuantity = entry.usageLimit;
    }
    // An override is a price the plan does not list at that amount, or does not list at all (e.g. the
    // flat fee sent for a feature the plan prices by usage). Without the catalog there is nothing to compare with.
    const listed = plan?.prices.find((p) => p.billingModel === price.billingModel && p.billingPeriod === price.billingPeriod
      && p.featureId === featureId && p.customCurrencyId === currencyId);
    if (price.price && plan && (!listed || listed.price.amount !== price.price.amount || listed.price.currency !== price.price.currency)) {
      priceOverrides.push({
        featureId,
        addonId: null,
        baseCharge: featureId === null && currencyId === null && price.billingModel === 'FLAT_FEE',
        ...(currencyId ? { currencyId } : {}),
        price: price.price,
      });
    }
  }
  const entitlements = node.entitlements ?? [];
  const invoiceOpen = node.latestInvoice?.status === 'OPEN' ? node.latestInvoice.paymentUrl : null;
  return {
    id: node.subscriptionId,
    customerId: node.customer.customerId,
    planId: node.plan.refId,
    status: node.status,
    billingPeriod,
    paymentCollectionMethod: paymentCollectionFromStigg(node.paymentCollectionMethod),
    isTrial: node.status === 'IN_TRIAL',
    trialEndDate: date(node.trialEndDate),
    trialEndBehavior: node.trialConfiguration?.trialEndBehavior ?? null,
    startDate: date(node.startDate),
    resourceId: node.resource?.resourceId ?? null,
    unitQuantity,
    addons: (node.addons ?? []).map((a) => ({ addonId: a.addon.refId, quantity: a.quantity })),
    billableFeatures,
    entitlements: entitlements.flatMap((e) => (e.__typename === 'SubscriptionFeatureEntitlement'
      ? [{ featureId: e.feature.refId, usageLimit: e.usageLimit, hasUnlimitedUsage: e.hasUnlimitedUsage === true }]
      : [])),
    creditEntitlements: entitlements.flatMap((e) => (e.__typename === 'SubscriptionCreditEntitlement'
      ? [{ currencyId: e.customCurrencyId, amount: e.amount, cadence: e.cadence, price: creditsPrice(creditsCharges.get(e.customCurrencyId), e.amount) }]
      : [])),
    priceOverrides,
    checkoutUrl: node.status === 'PAYMENT_PENDING' ? invoiceOpen : null,
    salesforceId: salesforceIdOf(node.salesforceId),
    cancellationDate: date(node.cancellationDate),
    endDate: date(node.endDate),
    currentBillingPeriodEnd: date(node.currentBillingPeriodEnd),
    scheduledChanges: scheduledChangesFromStigg(node.scheduledUpdates),
  };
}

export function creditGrantFromStigg(node: StiggCreditGrantNode): CreditGrant {
  const key = node.additionalMetaData?.idempotencyKey;
  return {
    id: node.grantId,
    customerId: node.customerId,
    currencyId: node.currencyId,
    grantType: node.grantType,
    displayName: node.displayName,
    amount: node.amount,
    effectiveAt: date(node.effectiveAt),
    expiresAt: date(node.expireAt),
    priority: node.priority ?? null,
    resourceId: node.resourceId,
    comment: node.comment,
    status: node.status,
    cost: node.cost,
    idempotencyKey: typeof key === 'string' ? key : null,
  };
}

/** A customer's balance of one custom currency, from its credit entitlement (entitlementV2); null when it has none. */
export function creditBalanceFromStigg(customerId: string, node: StiggCreditEntitlementNode | null): CreditBalance | null {
  if (!node || node.__typename !== 'CreditEntitlement' || !node.currency) return null;
  const granted = node.usageLimit ?? 0;
  const consumed = node.currentUsage ?? 0;
  if (granted === 0 && consumed === 0) return null;
  return { customerId, currencyId: node.currency.currencyId, currentBalance: granted - consumed, totalGranted: granted, totalConsumed: consumed };
}
