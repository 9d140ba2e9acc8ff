import { CreditBalance, CreditGrant, Customer, PaymentCollectionMethod, PriceOverride, Subscription } from '../../domain/stigg-entities';
import { CatalogPrice, StiggCatalog } from '../../domain/stigg-catalog';
import { normalizeSalesforceId } from '../salesforce/ids';
import {
  CatalogResult, CustomCurrenciesResult, StiggCreditBalanceNode, StiggCreditGrantNode, StiggCustomerNode,
  StiggPaymentCollectionMethod, StiggSubscriptionNode, CatalogPriceNode,
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
  return { billingPeriod: node.billingPeriod, billingModel: node.billingModel, featureId: node.feature?.refId ?? null, price: node.price };
}

export function catalogFromStigg(result: CatalogResult, currencies: CustomCurrenciesResult | null): StiggCatalog {
  return {
    plans: result.plans.edges.map(({ node }) => ({
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
    addons: result.addons.edges.map(({ node }) => ({
      id: node.refId,
      displayName: node.displayName,
      prices: (node.prices ?? []).map(catalogPrice).filter((p): p is CatalogPrice => p !== null),
    })),
    features: result.features.edges.map(({ node }) => ({
      id: node.refId,
      displayName: node.displayName,
      featureType: node.featureType,
      metered: node.meterType !== null && node.meterType !== 'None',
    })),
    customCurrencies: (currencies?.customCurrencies.edges ?? []).map(({ node }) => ({ id: node.currencyId, displayName: node.displayName })),
  };
}

/**
 * A subscription as the gateway shows it. Quantities come from its prices
 * (per-unit prices carry the quantity as usageLimit); price overrides are the
 * prices that differ from, or are missing from, the plan's list prices in the catalog.
 */
export function subscriptionFromStigg(node: StiggSubscriptionNode, catalog: StiggCatalog | null): Subscription {
  const prices = (node.prices ?? []).filter((p) => p.price !== null);
  const plan = catalog?.plans.find((p) => p.id === node.plan.refId) ?? null;
  const billingPeriod = prices[0]?.price?.billingPeriod ?? null;
  const priceOverrides: PriceOverride[] = [];
  let unitQuantity: number | null = null;
  const billableFeatures: Array<{ featureId: string; quantity: number }> = [];
  for (const entry of prices) {
    const price = entry.price!;
    const featureId = price.feature?.refId ?? null;
    if (price.billingModel === 'PER_UNIT' && entry.usageLimit !== null) {
      if (featureId) billableFeatures.push({ featureId, quantity: entry.usageLimit });
      else unitQuantity = entry.usageLimit;
    }
    // An override is a price the plan does not list at that amount, or does not list at all (e.g. the
    // flat fee sent for a feature the plan prices by usage). Without the catalog there is nothing to compare with.
    const listed = plan?.prices.find((p) => p.billingModel === price.billingModel && p.billingPeriod === price.billingPeriod
      && p.featureId === featureId);
    if (price.price && plan && (!listed || listed.price.amount !== price.price.amount || listed.price.currency !== price.price.currency)) {
      priceOverrides.push({ featureId, addonId: null, baseCharge: featureId === null && price.billingModel === 'FLAT_FEE', price: price.price });
    }
  }
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
    entitlements: (node.subscriptionEntitlements ?? []).map((e) => ({
      featureId: e.feature.refId, usageLimit: e.usageLimit, hasUnlimitedUsage: e.hasUnlimitedUsage === true,
    })),
    creditEntitlements: [],
    priceOverrides,
    checkoutUrl: node.status === 'PAYMENT_PENDING' ? invoiceOpen : null,
    salesforceId: salesforceIdOf(node.salesforceId),
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

export function creditBalanceFromStigg(node: StiggCreditBalanceNode): CreditBalance {
  return {
    customerId: node.customerId,
    currencyId: node.currency.currencyId,
    currentBalance: node.currentBalance,
    totalGranted: node.totalGranted,
    totalConsumed: node.totalConsumed,
  };
}
