import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { StiggErrorCode, stiggError } from './errors';
import type { SeedEntitlement, SeedPrice, StiggSeed } from './seed';

/*
 * The Stigg emulator's in-memory data and business rules. Everything here is synchronous: a
 * GraphQL operation runs to completion before the next one starts, which keeps the rules simple
 * and makes a committed write visible to the very next request.
 */

export type BillingPeriod = 'MONTHLY' | 'ANNUALLY';
export type BillingModel = 'FLAT_FEE' | 'PER_UNIT' | 'USAGE_BASED' | 'CREDIT_BASED';
export type PricingType = 'FREE' | 'PAID' | 'CUSTOM';
export type PaymentCollectionMethod = 'CHARGE' | 'INVOICE' | 'NONE';
export type PaymentCollection = 'NOT_REQUIRED' | 'PROCESSING' | 'FAILED' | 'ACTION_REQUIRED';
export type SubscriptionStatus = 'ACTIVE' | 'IN_TRIAL' | 'PAYMENT_PENDING' | 'NOT_STARTED' | 'CANCELED' | 'EXPIRED';
export type TrialEndBehavior = 'CONVERT_TO_PAID' | 'CANCEL_SUBSCRIPTION';
export type ResetPeriod = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
export type CreditCadence = 'MONTH' | 'YEAR';
/** CreditGrantType (reads): RECURRING grants come from a subscription's credit entitlements; OVERDRAFT exists in Stigg, the sandbox creates none. */
export type CreditGrantType = 'PAID' | 'PROMOTIONAL' | 'RECURRING' | 'OVERDRAFT';
/** CreditGrantTypeInput: what createCreditGrant takes. */
export type CreditGrantTypeInput = 'PAID' | 'PROMOTIONAL';
export type CreditGrantStatus = 'ACTIVE' | 'EXPIRED' | 'PAYMENT_PENDING' | 'SCHEDULED' | 'VOIDED';
export type CreditGrantCadence = 'BEGINNING_OF_BILLING_PERIOD' | 'MONTHLY';
export type ScheduleStrategy = 'END_OF_BILLING_PERIOD' | 'END_OF_BILLING_MONTH' | 'IMMEDIATE';

export interface Money {
  amount: number;
  currency: string;
}

export interface FeatureRec {
  id: string;
  refId: string;
  displayName: string;
  description: string | null;
  featureType: 'BOOLEAN' | 'NUMBER' | 'ENUM';
  meterType: 'None' | 'Fluctuating' | 'Incremental';
  units: string | null;
  unitsPlural: string | null;
  createdAt: string;
}

export interface PriceRec {
  id: string;
  billingPeriod: BillingPeriod;
  billingModel: BillingModel;
  featureRefId: string | null;
  amount: number;
  currency: string;
  minUnitQuantity: number | null;
  maxUnitQuantity: number | null;
  /** a credits charge: the custom currency whose recurring credits this price sells (price per credit) */
  customCurrencyId: string | null;
  creditGrantCadence: CreditGrantCadence | null;
}

export interface EntitlementDef {
  featureRefId: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  resetPeriod: ResetPeriod | null;
}

export interface ProductRec {
  id: string;
  refId: string;
  displayName: string;
  description: string | null;
  multipleSubscriptions: boolean;
  downgradePlanRefId: string | null;
  createdAt: string;
}

export interface PlanRec {
  id: string;
  refId: string;
  productRefId: string;
  displayName: string;
  description: string | null;
  pricingType: PricingType;
  defaultTrial: { duration: number; units: 'DAY' | 'MONTH'; trialEndBehavior: TrialEndBehavior } | null;
  prices: PriceRec[];
  entitlements: EntitlementDef[];
  compatibleAddonRefIds: string[];
  createdAt: string;
}

export interface AddonRec {
  id: string;
  refId: string;
  displayName: string;
  description: string | null;
  pricingType: PricingType;
  maxQuantity: number | null;
  prices: PriceRec[];
  entitlements: EntitlementDef[];
  createdAt: string;
}

export interface CurrencyRec {
  id: string;
  currencyId: string;
  displayName: string;
  symbol: string | null;
  description: string | null;
  units: { singular: string; plural: string } | null;
  archivedAt: string | null;
  createdAt: string;
}

export interface PaymentMethodRec {
  type: 'CARD' | 'BANK';
  last4Digits: string;
  expirationMonth: number;
  expirationYear: number;
}

export interface CustomerRec {
  id: string;
  customerId: string;
  name: string | null;
  email: string | null;
  billingId: string | null;
  salesforceId: string | null;
  crmId: string | null;
  awsMarketplaceCustomerId: string | null;
  additionalMetaData: Record<string, unknown> | null;
  paymentMethod: PaymentMethodRec | null;
  trialedPlans: Array<{ planRefId: string; productRefId: string }>;
  createdAt: string;
  updatedAt: string;
}

export interface InvoiceRec {
  billingId: string;
  status: 'OPEN' | 'PAID' | 'CANCELED';
  createdAt: string;
  updatedAt: string;
  dueDate: string | null;
  paymentUrl: string | null;
  currency: string;
  total: number;
  amountDue: number;
}

export interface SubscriptionPriceView {
  price: PriceRec;
  /** quantity of a per-unit price */
  quantity: number | null;
}

export interface SubscriptionRec {
  id: string;
  subscriptionId: string;
  customerId: string;
  payingCustomerId: string | null;
  resourceId: string | null;
  planRefId: string;
  productRefId: string;
  status: SubscriptionStatus;
  billingPeriod: BillingPeriod | null;
  unitQuantity: number | null;
  addons: Array<{ id: string; addonRefId: string; quantity: number }>;
  billableFeatures: Array<{ featureRefId: string; quantity: number }>;
  featureEntitlements: EntitlementDef[];
  creditEntitlements: Array<{ id: string; currencyId: string; amount: number; cadence: CreditCadence; hasSoftLimit: boolean }>;
  /** exactly one target each: the base charge, a feature's price, an add-on's price, or the credits charge of a custom currency */
  priceOverrides: Array<{ baseCharge: boolean; featureRefId: string | null; addonRefId: string | null; currencyId: string | null; price: Money }>;
  paymentCollectionMethod: PaymentCollectionMethod;
  paymentCollection: PaymentCollection;
  trialEndDate: string | null;
  trialEndBehavior: TrialEndBehavior | null;
  wasInTrial: boolean;
  startDate: string;
  endDate: string | null;
  cancellationDate: string | null;
  currentBillingPeriodStart: string;
  currentBillingPeriodEnd: string;
  createdAt: string;
  updatedAt: string;
  salesforceId: string | null;
  additionalMetaData: Record<string, unknown> | null;
  latestInvoice: InvoiceRec | null;
  scheduledUpdates: ScheduledUpdateRec[];
}

/** A change that applies later (Stigg's SubscriptionScheduledUpdate); the sandbox schedules downgrades. */
export interface ScheduledUpdateRec {
  type: 'Downgrade';
  status: 'Scheduled' | 'Done' | 'Canceled' | 'Failed';
  executionTime: string;
  createdAt: string;
  targetPlanRefId: string;
  billingPeriod: BillingPeriod | null;
  /** the provisioning input that is carried out when the update runs (its subscriptionId included) */
  input: ProvisionSubscriptionArgs;
}

export interface CreditGrantRec {
  id: string;
  grantId: string;
  customerId: string;
  resourceId: string | null;
  currencyId: string;
  grantType: CreditGrantType;
  displayName: string;
  amount: number;
  consumedAmount: number;
  cost: Money;
  paymentCollectionMethod: PaymentCollectionMethod | null;
  paymentCollection: PaymentCollection;
  /** a PAID grant by INVOICE waits for its invoice: not in any balance until paid */
  paymentPending: boolean;
  invoice: InvoiceRec | null;
  effectiveAt: string;
  expireAt: string | null;
  voidedAt: string | null;
  priority: number;
  comment: string | null;
  additionalMetaData: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  /** set when the grant was issued for a subscription's credit entitlement */
  subscriptionId: string | null;
}

export interface CheckoutRec {
  checkoutId: string;
  customerId: string;
  input: ProvisionSubscriptionArgs;
  createdAt: string;
  completedSubscriptionId: string | null;
}

/** The input of provisionSubscriptionV2 (and of provisionCustomer's subscriptionParams). */
export interface ProvisionSubscriptionArgs {
  customerId: string;
  planId: string;
  subscriptionId?: string | null;
  refId?: string | null;
  payingCustomerId?: string | null;
  resourceId?: string | null;
  billingPeriod?: BillingPeriod | null;
  unitQuantity?: number | null;
  priceUnitAmount?: number | null;
  addons?: Array<{ addonId: string; quantity?: number | null }> | null;
  billableFeatures?: Array<{ featureId: string; quantity: number }> | null;
  subscriptionEntitlements?: Array<FeatureEntitlementArgs> | null;
  entitlements?: Array<{
    feature?: FeatureEntitlementArgs | null;
    credit?: { customCurrencyId: string; amount: number; cadence: CreditCadence; hasSoftLimit?: boolean | null } | null;
  }> | null;
  priceOverrides?: Array<{
    baseCharge?: boolean | null;
    featureId?: string | null;
    addonId?: string | null;
    currencyId?: string | null;
    price?: { amount: number; currency?: string | null } | null;
  }> | null;
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  trialOverrideConfiguration?: { isTrial: boolean; trialEndDate?: string | null; trialEndBehavior?: TrialEndBehavior | null } | null;
  skipTrial?: boolean | null;
  startDate?: string | null;
  salesforceId?: string | null;
  additionalMetaData?: Record<string, unknown> | null;
  scheduleStrategy?: ScheduleStrategy | null;
}

interface FeatureEntitlementArgs {
  featureId: string;
  usageLimit?: number | null;
  hasUnlimitedUsage?: boolean | null;
  hasSoftLimit?: boolean | null;
  resetPeriod?: ResetPeriod | null;
}

export interface ProvisionOutcome {
  status: 'SUCCESS' | 'PAYMENT_REQUIRED';
  subscription: SubscriptionRec | null;
  checkout: CheckoutRec | null;
  /** true when the change was scheduled (a downgrade): `subscription` is the current one, unchanged but for its scheduled update */
  isScheduled: boolean;
}

/** A credit entitlement of a customer (Stigg's CreditEntitlement): credits in force and consumed. */
export interface CreditEntitlementRec {
  customerId: string;
  resourceId: string | null;
  currency: CurrencyRec;
  usageLimit: number;
  currentUsage: number;
}

export interface CreditBalanceRec {
  customerId: string;
  resourceId: string | null;
  currency: CurrencyRec;
  currentBalance: number;
  totalGranted: number;
  totalConsumed: number;
}

const ENDED: SubscriptionStatus[] = ['CANCELED', 'EXPIRED'];

/** A UUID-shaped id derived from a name, so catalog ids stay the same across restarts. */
export function stableUuid(kind: string, name: string): string {
  const h = createHash('sha1').update(`${kind}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function shortId(): string {
  return randomBytes(6).toString('hex');
}

function addPeriod(iso: string, period: BillingPeriod | CreditCadence, count = 1): string {
  const d = new Date(iso);
  if (period === 'ANNUALLY' || period === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + count);
  else d.setUTCMonth(d.getUTCMonth() + count);
  return d.toISOString();
}

function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();
}

/** An ISO timestamp from a DateTime input, or Stigg's invalid-argument error. */
function toIso(value: string, field: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw stiggError('InvalidArgumentError', `${field} is not a valid date: ${value}`);
  return d.toISOString();
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export class StiggStore {
  readonly apiKey: string;
  readonly products = new Map<string, ProductRec>();
  readonly features = new Map<string, FeatureRec>();
  readonly currencies = new Map<string, CurrencyRec>();
  readonly plans = new Map<string, PlanRec>();
  readonly addons = new Map<string, AddonRec>();
  readonly customers = new Map<string, CustomerRec>();
  /** in creation order */
  readonly subscriptions = new Map<string, SubscriptionRec>();
  /** by grantId, in creation order */
  readonly creditGrants = new Map<string, CreditGrantRec>();
  readonly checkouts = new Map<string, CheckoutRec>();

  /** @param baseUrl the emulator's own URL (checkout and invoice links point at it) */
  constructor(seed: StiggSeed, private readonly baseUrl: () => string, private readonly clock: () => Date = () => new Date()) {
    this.apiKey = seed.apiKey ?? 'server-sandbox-stigg-0000000000000000';
    this.loadSeed(seed);
  }

  now(): string {
    return this.clock().toISOString();
  }

  // ------------------------------------------------------------------ seed

  private loadSeed(seed: StiggSeed): void {
    // Seed records are created one second apart in seed order, so Stigg's default order of the
    // lists (createdAt DESC) is well defined: the last one seeded comes first.
    let seq = 0;
    const next = () => new Date(Date.UTC(2024, 0, 1) + 1000 * seq++).toISOString();
    for (const f of seed.features ?? []) {
      const created = next();
      this.features.set(f.id, {
        id: stableUuid('feature', f.id),
        refId: f.id,
        displayName: f.displayName,
        description: f.description ?? null,
        featureType: f.featureType,
        meterType: f.meterType,
        units: f.units ?? null,
        unitsPlural: f.unitsPlural ?? null,
        createdAt: created,
      });
    }
    for (const c of seed.customCurrencies ?? []) {
      const created = next();
      this.currencies.set(c.id, {
        id: stableUuid('currency', c.id),
        currencyId: c.id,
        displayName: c.displayName,
        symbol: c.symbol ?? null,
        description: c.description ?? null,
        units: c.units ?? null,
        archivedAt: c.archived ? created : null,
        createdAt: created,
      });
    }
    for (const p of seed.products ?? []) {
      this.products.set(p.id, {
        id: stableUuid('product', p.id),
        refId: p.id,
        displayName: p.displayName,
        description: p.description ?? null,
        multipleSubscriptions: p.multipleSubscriptions,
        downgradePlanRefId: p.downgradePlanId ?? null,
        createdAt: next(),
      });
    }
    const prices = (owner: string, list: SeedPrice[]): PriceRec[] =>
      (list ?? []).map((p, i) => {
        if (p.featureId && !this.features.has(p.featureId)) throw new Error(`Stigg seed: ${owner} prices unknown feature ${p.featureId}`);
        if (p.customCurrencyId && !this.currencies.has(p.customCurrencyId)) throw new Error(`Stigg seed: ${owner} prices unknown custom currency ${p.customCurrencyId}`);
        return {
          id: stableUuid('price', `${owner}:${i}`),
          billingPeriod: p.billingPeriod,
          billingModel: p.billingModel,
          featureRefId: p.featureId ?? null,
          amount: p.amount,
          currency: p.currency,
          minUnitQuantity: p.minUnitQuantity ?? null,
          maxUnitQuantity: p.maxUnitQuantity ?? null,
          customCurrencyId: p.customCurrencyId ?? null,
          creditGrantCadence: p.customCurrencyId ? p.creditGrantCadence ?? 'BEGINNING_OF_BILLING_PERIOD' : null,
        };
      });
    const entitlements = (owner: string, list: SeedEntitlement[]): EntitlementDef[] =>
      (list ?? []).map((e) => {
        if (!this.features.has(e.featureId)) throw new Error(`Stigg seed: ${owner} entitles unknown feature ${e.featureId}`);
        return {
          featureRefId: e.featureId,
          usageLimit: e.usageLimit ?? null,
          hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
          hasSoftLimit: e.hasSoftLimit ?? false,
          resetPeriod: e.resetPeriod ?? null,
        };
      });
    for (const a of seed.addons ?? []) {
      this.addons.set(a.id, {
        id: stableUuid('addon', a.id),
        refId: a.id,
        displayName: a.displayName,
        description: a.description ?? null,
        pricingType: a.pricingType,
        maxQuantity: a.maxQuantity ?? null,
        prices: prices(a.id, a.prices),
        entitlements: entitlements(a.id, a.entitlements),
        createdAt: next(),
      });
    }
    for (const p of seed.plans ?? []) {
      if (!this.products.has(p.productId)) throw new Error(`Stigg seed: plan ${p.id} names unknown product ${p.productId}`);
      for (const a of p.compatibleAddonIds ?? []) {
        if (!this.addons.has(a)) throw new Error(`Stigg seed: plan ${p.id} names unknown add-on ${a}`);
      }
      this.plans.set(p.id, {
        id: stableUuid('plan', p.id),
        refId: p.id,
        productRefId: p.productId,
        displayName: p.displayName,
        description: p.description ?? null,
        pricingType: p.pricingType,
        defaultTrial: p.defaultTrial
          ? { duration: p.defaultTrial.duration, units: p.defaultTrial.units, trialEndBehavior: p.defaultTrial.trialEndBehavior ?? 'CONVERT_TO_PAID' }
          : null,
        prices: prices(p.id, p.prices),
        entitlements: entitlements(p.id, p.entitlements),
        compatibleAddonRefIds: p.compatibleAddonIds ?? [],
        createdAt: next(),
      });
    }
    for (const c of seed.customers ?? []) {
      const created = next();
      this.customers.set(c.id, {
        id: stableUuid('customer', c.id),
        customerId: c.id,
        name: c.name ?? null,
        email: c.email ?? null,
        billingId: c.billingId ?? null,
        salesforceId: c.salesforceId ?? null,
        crmId: null,
        awsMarketplaceCustomerId: null,
        additionalMetaData: c.metadata ?? null,
        paymentMethod: c.paymentMethod ?? null,
        trialedPlans: [],
        createdAt: created,
        updatedAt: created,
      });
    }
  }

  // ------------------------------------------------------------------ lookups

  customer(customerId: string): CustomerRec {
    return found(this.customers, customerId, 'CustomerNotFound', 'Customer');
  }

  subscription(subscriptionId: string): SubscriptionRec {
    return found(this.subscriptions, subscriptionId, 'SubscriptionNotFound', 'Subscription');
  }

  plan(planId: string): PlanRec {
    return found(this.plans, planId, 'PlanNotFound', 'Plan');
  }

  feature(featureId: string): FeatureRec {
    return found(this.features, featureId, 'FeatureNotFound', 'Feature');
  }

  addon(addonId: string): AddonRec {
    return found(this.addons, addonId, 'AddonNotFound', 'Addon');
  }

  currency(currencyId: string): CurrencyRec {
    return found(this.currencies, currencyId, 'CustomCurrencyNotFound', 'Custom currency');
  }


  /** The customer's subscriptions that have not ended, oldest first. */
  liveSubscriptionsOf(customerId: string): SubscriptionRec[] {
    return [...this.subscriptions.values()].filter((s) => s.customerId === customerId && !ENDED.includes(s.status));
  }

  // ------------------------------------------------------------------ customers

  provisionCustomer(input: {
    customerId?: string | null;
    refId?: string | null;
    name?: string | null;
    email?: string | null;
    billingId?: string | null;
    salesforceId?: string | null;
    crmId?: string | null;
    awsMarketplaceCustomerId?: string | null;
    additionalMetaData?: Record<string, unknown> | null;
    billingInformation?: { paymentMethodId?: string | null } | null;
    subscriptionParams?: Omit<ProvisionSubscriptionArgs, 'customerId'> | null;
  }): { customer: CustomerRec; outcome: ProvisionOutcome | null } {
    const customerId = input.customerId ?? input.refId ?? `customer-${shortId()}`;
    // assumption: provisionCustomer creates; an existing id is refused like any duplicate entity
    if (this.customers.has(customerId)) {
      throw stiggError('DuplicatedEntityNotAllowed', `Customer with id ${customerId} already exists`, customerId);
    }
    const now = this.now();
    const customer: CustomerRec = {
      id: randomUUID(),
      customerId,
      name: input.name ?? null,
      email: input.email ?? null,
      billingId: input.billingId ?? null,
      salesforceId: input.salesforceId ?? null,
      crmId: input.crmId ?? null,
      awsMarketplaceCustomerId: input.awsMarketplaceCustomerId ?? null,
      additionalMetaData: input.additionalMetaData ?? null,
      paymentMethod: input.billingInformation?.paymentMethodId ? sandboxCard() : null,
      trialedPlans: [],
      createdAt: now,
      updatedAt: now,
    };
    this.customers.set(customerId, customer);
    if (!input.subscriptionParams) return { customer, outcome: null };
    try {
      const outcome = this.provisionSubscription({ ...input.subscriptionParams, customerId });
      return { customer, outcome };
    } catch (err) {
      // one operation: a refused subscription leaves no customer behind
      this.customers.delete(customerId);
      throw err;
    }
  }

  updateCustomer(input: {
    customerId?: string | null;
    refId?: string | null;
    name?: string | null;
    email?: string | null;
    billingId?: string | null;
    salesforceId?: string | null;
    crmId?: string | null;
    awsMarketplaceCustomerId?: string | null;
    additionalMetaData?: Record<string, unknown> | null;
    billingInformation?: { paymentMethodId?: string | null } | null;
  }): CustomerRec {
    const id = input.customerId ?? input.refId;
    if (!id) throw stiggError('InvalidArgumentError', 'customerId is required');
    const c = this.customer(id);
    // fields left out are unchanged; an explicit null clears a nullable field
    if (input.name !== undefined) c.name = input.name;
    if (input.email !== undefined) c.email = input.email;
    if (input.billingId !== undefined) c.billingId = input.billingId;
    if (input.salesforceId !== undefined) c.salesforceId = input.salesforceId;
    if (input.crmId !== undefined) c.crmId = input.crmId;
    if (input.awsMarketplaceCustomerId !== undefined) c.awsMarketplaceCustomerId = input.awsMarketplaceCustomerId;
    if (input.additionalMetaData !== undefined) c.additionalMetaData = input.additionalMetaData;
    if (input.billingInformation?.paymentMethodId) c.paymentMethod = sandboxCard();
    c.updatedAt = this.now();
    return c;
  }

  /** Sandbox control: give a customer (or take away) a payment method on file. */
  setPaymentMethod(customerId: string, attached: boolean): CustomerRec {
    const c = this.customer(customerId);
    c.paymentMethod = attached ? sandboxCard() : null;
    c.updatedAt = this.now();
    return c;
  }

  // ------------------------------------------------------------------ subscriptions

  provisionSubscription(input: ProvisionSubscriptionArgs): ProvisionOutcome {
    const now = this.now();
    const customer = this.customer(input.customerId);
    if (input.payingCustomerId) this.customer(input.payingCustomerId);
    const plan = this.plan(input.planId);
    const product = this.products.get(plan.productRefId)!;

    const subscriptionId = input.subscriptionId ?? input.refId ?? null;
    if (subscriptionId && this.subscriptions.has(subscriptionId)) {
      throw stiggError('DuplicatedEntityNotAllowed', `Subscription with id ${subscriptionId} already exists`, subscriptionId);
    }
    const resourceId = input.resourceId ?? null;
    if (product.multipleSubscriptions && !resourceId) {
      // assumption: the code; the reference says resourceId is required for such products
      throw stiggError(
        'InvalidArgumentError',
        `resourceId is required: product ${product.refId} allows multiple subscriptions per customer`,
        product.refId,
      );
    }

    const addons = (input.addons ?? []).map((a) => {
      const addon = this.addon(a.addonId);
      if (!plan.compatibleAddonRefIds.includes(addon.refId)) {
        throw stiggError('IncompatibleSubscriptionAddon', `Addon ${addon.refId} is not compatible with plan ${plan.refId}`, addon.refId);
      }
      const quantity = a.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1) throw stiggError('InvalidQuantity', `Invalid addon quantity ${quantity}`, addon.refId);
      if (addon.maxQuantity !== null && quantity > addon.maxQuantity) {
        throw stiggError('AddonQuantityExceedsLimitError', `Addon ${addon.refId} quantity ${quantity} exceeds ${addon.maxQuantity}`, addon.refId);
      }
      return { id: randomUUID(), addonRefId: addon.refId, quantity };
    });
    const billableFeatures = (input.billableFeatures ?? []).map((b) => {
      this.feature(b.featureId);
      if (!(b.quantity >= 0)) throw stiggError('InvalidQuantity', `Invalid quantity ${b.quantity} for ${b.featureId}`, b.featureId);
      return { featureRefId: b.featureId, quantity: b.quantity };
    });
    const featureEntitlements: EntitlementDef[] = [];
    const creditEntitlements: SubscriptionRec['creditEntitlements'] = [];
    const addFeatureEntitlement = (e: FeatureEntitlementArgs) => {
      this.feature(e.featureId);
      const def: EntitlementDef = {
        featureRefId: e.featureId,
        usageLimit: e.usageLimit ?? null,
        hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
        hasSoftLimit: e.hasSoftLimit ?? false,
        resetPeriod: e.resetPeriod ?? null,
      };
      const i = featureEntitlements.findIndex((x) => x.featureRefId === e.featureId);
      if (i >= 0) featureEntitlements[i] = def;
      else featureEntitlements.push(def);
    };
    for (const e of input.subscriptionEntitlements ?? []) addFeatureEntitlement(e);
    for (const e of input.entitlements ?? []) {
      if (!!e.feature === !!e.credit) throw stiggError('InvalidArgumentError', 'Each entitlement needs exactly one of feature or credit');
      if (e.feature) addFeatureEntitlement(e.feature);
      if (e.credit) {
        const currency = this.currency(e.credit.customCurrencyId);
        if (!(e.credit.amount > 0)) throw stiggError('InvalidArgumentError', `Credit amount must be positive (${currency.currencyId})`, currency.currencyId);
        const i = creditEntitlements.findIndex((x) => x.currencyId === currency.currencyId);
        const entry = { id: randomUUID(), currencyId: currency.currencyId, amount: e.credit.amount, cadence: e.credit.cadence, hasSoftLimit: e.credit.hasSoftLimit ?? false };
        if (i >= 0) creditEntitlements[i] = entry;
        else creditEntitlements.push(entry);
      }
    }
    const priceOverrides = (input.priceOverrides ?? []).map((o) => {
      const targets = [o.baseCharge ? 'baseCharge' : null, o.featureId ? 'featureId' : null, o.addonId ? 'addonId' : null, o.currencyId ? 'currencyId' : null].filter(Boolean);
      if (targets.length !== 1) throw stiggError('InvalidArgumentError', 'A price override needs exactly one of baseCharge, featureId, addonId or currencyId');
      if (o.featureId) this.feature(o.featureId);
      if (o.addonId) this.addon(o.addonId);
      if (o.currencyId) {
        // PriceOverrideInput.currencyId: the custom currency of a credits charge (a price with
        // customCurrency). assumption: the code when the plan sells no credits in that currency.
        const currency = this.currency(o.currencyId);
        if (!plan.prices.some((p) => p.customCurrencyId === currency.currencyId)) {
          throw stiggError('PriceNotFound', `Plan ${plan.refId} has no credits charge in ${currency.currencyId} to override`, currency.currencyId);
        }
      }
      if (!o.price) throw stiggError('InvalidArgumentError', 'A price override needs a price');
      return {
        baseCharge: !!o.baseCharge,
        featureRefId: o.featureId ?? null,
        addonRefId: o.addonId ?? null,
        currencyId: o.currencyId ?? null,
        price: { amount: o.price.amount, currency: o.price.currency ?? this.planCurrency(plan) },
      };
    });

    const billingPeriod = input.billingPeriod ?? null;
    if (plan.pricingType === 'PAID') {
      if (!billingPeriod) {
        throw stiggError('BillingPeriodMissingError', `Billing period is required for paid plan ${plan.refId}`, plan.refId);
      }
      if (!plan.prices.some((p) => p.billingPeriod === billingPeriod)) {
        throw stiggError('PriceNotFound', `Plan ${plan.refId} has no ${billingPeriod} price`, plan.refId);
      }
    }
    const paymentCollectionMethod: PaymentCollectionMethod = input.paymentCollectionMethod ?? 'CHARGE';
    const startDate = input.startDate ? toIso(input.startDate, 'startDate') : now;

    // Stigg docs (Provisioning subscriptions, upgrade/downgrade): a downgrade takes effect at the
    // end of the billing period unless scheduleStrategy is IMMEDIATE; upgrades apply at once.
    const current = this.liveSubscriptionsOf(customer.customerId).find(
      (s) => s.productRefId === product.refId && (!product.multipleSubscriptions || s.resourceId === resourceId),
    );
    if (current && input.scheduleStrategy !== 'IMMEDIATE' && this.isDowngrade(current, plan, billingPeriod)) {
      for (const u of current.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
      current.scheduledUpdates.push({
        type: 'Downgrade',
        status: 'Scheduled',
        // assumption: END_OF_BILLING_MONTH is treated like END_OF_BILLING_PERIOD
        executionTime: current.currentBillingPeriodEnd,
        createdAt: now,
        targetPlanRefId: plan.refId,
        billingPeriod,
        input: { ...input, subscriptionId: subscriptionId ?? `subscription-${plan.refId}-${shortId()}`, refId: null },
      });
      current.updatedAt = now;
      return { status: 'SUCCESS', subscription: current, checkout: null, isScheduled: true };
    }

    // Trial: an explicit override wins; else the plan's default trial unless skipTrial or the
    // customer already trialed a plan of this product (assumption, from Customer.eligibleForTrial).
    let trialEndDate: string | null = null;
    let trialEndBehavior: TrialEndBehavior | null = null;
    const override = input.trialOverrideConfiguration;
    if (plan.pricingType !== 'FREE') {
      if (override) {
        if (override.isTrial) {
          if (override.trialEndDate) trialEndDate = toIso(override.trialEndDate, 'trialEndDate');
          else if (plan.defaultTrial) trialEndDate = this.trialEnd(startDate, plan.defaultTrial);
          else throw stiggError('InvalidArgumentError', `trialEndDate is required: plan ${plan.refId} has no default trial`, plan.refId);
          if (trialEndDate <= startDate) throw stiggError('InvalidArgumentError', 'trialEndDate must be after the start date');
          trialEndBehavior = override.trialEndBehavior ?? plan.defaultTrial?.trialEndBehavior ?? 'CONVERT_TO_PAID';
        }
      } else if (!input.skipTrial && plan.defaultTrial && !customer.trialedPlans.some((t) => t.productRefId === product.refId)) {
        trialEndDate = this.trialEnd(startDate, plan.defaultTrial);
        trialEndBehavior = plan.defaultTrial.trialEndBehavior;
      }
    }
    const inTrial = trialEndDate !== null;

    const billable = plan.pricingType === 'PAID' || (plan.pricingType === 'CUSTOM' && priceOverrides.length > 0);
    // Reference page (Salesforce provisioning): a billing email is required for invoice billing.
    if (paymentCollectionMethod === 'INVOICE' && plan.pricingType !== 'FREE' && !customer.email) {
      throw stiggError('CustomerHasNoEmailAddress', `Customer ${customer.customerId} has no email address for invoices`, customer.customerId);
    }
    // Stigg docs (provisioning subscriptions): when payment details are required and not yet
    // provided, the result is a checkout URL and no subscription is created.
    if (billable && !inTrial && paymentCollectionMethod === 'CHARGE' && !customer.paymentMethod) {
      const checkoutId = `cs_sandbox_${shortId()}`;
      const checkout: CheckoutRec = { checkoutId, customerId: customer.customerId, input: { ...input }, createdAt: now, completedSubscriptionId: null };
      this.checkouts.set(checkoutId, checkout);
      return { status: 'PAYMENT_REQUIRED', subscription: null, checkout, isScheduled: false };
    }

    // A new subscription replaces the customer's live one on the same product (per resource when
    // the product allows several subscriptions).
    for (const old of this.liveSubscriptionsOf(customer.customerId)) {
      if (old.productRefId !== product.refId) continue;
      if (product.multipleSubscriptions && old.resourceId !== resourceId) continue;
      this.endSubscription(old, 'CANCELED');
    }

    let status: SubscriptionStatus;
    if (startDate > now) status = 'NOT_STARTED';
    else if (inTrial) status = 'IN_TRIAL';
    else if (billable && paymentCollectionMethod === 'INVOICE') status = 'PAYMENT_PENDING';
    else status = 'ACTIVE';

    const period = billingPeriod ?? 'MONTHLY';
    const sub: SubscriptionRec = {
      id: randomUUID(),
      subscriptionId: subscriptionId ?? `subscription-${plan.refId}-${shortId()}`,
      customerId: customer.customerId,
      payingCustomerId: input.payingCustomerId ?? null,
      resourceId,
      planRefId: plan.refId,
      productRefId: product.refId,
      status,
      billingPeriod,
      unitQuantity: input.unitQuantity ?? input.priceUnitAmount ?? null,
      addons,
      billableFeatures,
      featureEntitlements,
      creditEntitlements,
      priceOverrides,
      paymentCollectionMethod,
      paymentCollection: status === 'PAYMENT_PENDING' ? 'ACTION_REQUIRED' : 'NOT_REQUIRED',
      trialEndDate,
      trialEndBehavior,
      wasInTrial: inTrial,
      startDate,
      endDate: null,
      cancellationDate: null,
      currentBillingPeriodStart: startDate,
      currentBillingPeriodEnd: inTrial ? trialEndDate! : addPeriod(startDate, period),
      createdAt: now,
      updatedAt: now,
      salesforceId: input.salesforceId ?? null,
      additionalMetaData: input.additionalMetaData ?? null,
      latestInvoice: null,
      scheduledUpdates: [],
    };
    if (billable && !inTrial && paymentCollectionMethod !== 'NONE' && status !== 'NOT_STARTED') {
      const total = this.totalPrice(sub);
      sub.latestInvoice = {
        billingId: `in_sandbox_${shortId()}`,
        status: paymentCollectionMethod === 'CHARGE' ? 'PAID' : 'OPEN',
        createdAt: now,
        updatedAt: now,
        dueDate: paymentCollectionMethod === 'INVOICE' ? addDays(now, 30) : null,
        paymentUrl: paymentCollectionMethod === 'INVOICE' ? `${this.baseUrl()}/invoices/${encodeURIComponent(sub.subscriptionId)}` : null,
        currency: total.currency,
        total: total.amount,
        amountDue: paymentCollectionMethod === 'INVOICE' ? total.amount : 0,
      };
    }
    if (inTrial) customer.trialedPlans.push({ planRefId: plan.refId, productRefId: product.refId });
    this.subscriptions.set(sub.subscriptionId, sub);
    if (sub.status === 'ACTIVE' || sub.status === 'IN_TRIAL') this.issueCreditEntitlementGrants(sub);
    return { status: 'SUCCESS', subscription: sub, checkout: null, isScheduled: false };
  }

  /**
   * assumption (what counts as a downgrade): the live subscription is an ACTIVE subscription of a
   * PAID plan, and the new plan is FREE, or PAID with a lower base charge (flat fees per month, an
   * annual price counted as 1/12). Custom plans and trials are never downgrades here.
   */
  private isDowngrade(current: SubscriptionRec, plan: PlanRec, billingPeriod: BillingPeriod | null): boolean {
    const currentPlan = this.plans.get(current.planRefId)!;
    if (current.status !== 'ACTIVE' || currentPlan.pricingType !== 'PAID' || plan.refId === currentPlan.refId) return false;
    if (plan.pricingType === 'FREE') return true;
    if (plan.pricingType !== 'PAID') return false;
    const monthlyBase = (p: PlanRec, period: BillingPeriod) =>
      p.prices.filter((x) => x.billingPeriod === period && x.billingModel === 'FLAT_FEE' && !x.featureRefId).reduce((n, x) => n + x.amount, 0) /
      (period === 'ANNUALLY' ? 12 : 1);
    return monthlyBase(plan, billingPeriod ?? 'MONTHLY') < monthlyBase(currentPlan, current.billingPeriod ?? 'MONTHLY');
  }

  /**
   * Sandbox control standing in for the passing of time: carries out the subscription's scheduled
   * updates (`all`: every one still scheduled, as if its time had come; else only those due). A downgrade creates the new plan's
   * subscription with the id that was requested; the current one ends (CANCELED).
   */
  runSchedules(subscriptionId: string, all: boolean): { subscription: SubscriptionRec; applied: Array<{ type: string; status: string; subscriptionId: string | null }> } {
    const sub = this.subscriptions.get(subscriptionId);
    if (!sub) throw new SandboxError(404, `Subscription not found: ${subscriptionId}`);
    const now = this.now();
    const applied: Array<{ type: string; status: string; subscriptionId: string | null }> = [];
    for (const u of sub.scheduledUpdates) {
      if (u.status !== 'Scheduled' || (!all && u.executionTime > now)) continue;
      try {
        const outcome = this.provisionSubscription({ ...u.input, scheduleStrategy: 'IMMEDIATE' });
        u.status = outcome.subscription ? 'Done' : 'Failed';
        applied.push({ type: u.type, status: u.status, subscriptionId: outcome.subscription?.subscriptionId ?? null });
      } catch (err) {
        u.status = 'Failed';
        applied.push({ type: u.type, status: u.status, subscriptionId: null });
        throw new SandboxError(409, `Scheduled ${u.type} of ${subscriptionId} failed: ${(err as Error).message}`);
      }
    }
    return { subscription: sub, applied };
  }

  private trialEnd(startIso: string, trial: NonNullable<PlanRec['defaultTrial']>): string {
    return trial.units === 'MONTH' ? addPeriod(startIso, 'MONTH', trial.duration) : addDays(startIso, trial.duration);
  }

  private endSubscription(sub: SubscriptionRec, status: 'CANCELED' | 'EXPIRED'): void {
    const now = this.now();
    sub.status = status;
    sub.cancellationDate = now;
    sub.endDate = now;
    sub.updatedAt = now;
    if (sub.latestInvoice?.status === 'OPEN') sub.latestInvoice = { ...sub.latestInvoice, status: 'CANCELED', updatedAt: now };
    for (const u of sub.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
    // assumption: credits issued for the subscription's credit entitlements end with it
    for (const g of this.creditGrants.values()) {
      if (g.subscriptionId === sub.subscriptionId && !g.voidedAt) {
        g.voidedAt = now;
        g.updatedAt = now;
      }
    }
  }

  /** Sandbox control standing in for the billing provider: the subscription's open invoice is paid. */
  payInvoice(subscriptionId: string): SubscriptionRec {
    const sub = this.subscriptions.get(subscriptionId);
    if (!sub) throw new SandboxError(404, `Subscription not found: ${subscriptionId}`);
    if (sub.status !== 'PAYMENT_PENDING' || !sub.latestInvoice || sub.latestInvoice.status !== 'OPEN') {
      throw new SandboxError(409, `Subscription ${subscriptionId} has no open invoice (status ${sub.status})`);
    }
    const now = this.now();
    sub.latestInvoice = { ...sub.latestInvoice, status: 'PAID', amountDue: 0, updatedAt: now };
    sub.status = 'ACTIVE';
    sub.paymentCollection = 'NOT_REQUIRED';
    sub.updatedAt = now;
    this.issueCreditEntitlementGrants(sub);
    return sub;
  }

  /** Sandbox control: the customer completes the hosted checkout (a card is attached, the subscription is created). */
  completeCheckout(checkoutId: string): SubscriptionRec {
    const checkout = this.checkouts.get(checkoutId);
    if (!checkout) throw new SandboxError(404, `Checkout not found: ${checkoutId}`);
    if (checkout.completedSubscriptionId) throw new SandboxError(409, `Checkout ${checkoutId} is already completed`);
    const customer = this.customer(checkout.customerId);
    customer.paymentMethod = customer.paymentMethod ?? sandboxCard();
    customer.updatedAt = this.now();
    const outcome = this.provisionSubscription(checkout.input);
    checkout.completedSubscriptionId = outcome.subscription!.subscriptionId;
    return outcome.subscription!;
  }

  /** Sandbox control: the trial period is over; its end behaviour applies. */
  endTrial(subscriptionId: string): SubscriptionRec {
    const sub = this.subscriptions.get(subscriptionId);
    if (!sub) throw new SandboxError(404, `Subscription not found: ${subscriptionId}`);
    if (sub.status !== 'IN_TRIAL') throw new SandboxError(409, `Subscription ${subscriptionId} is not in trial (status ${sub.status})`);
    const now = this.now();
    if (sub.trialEndBehavior === 'CANCEL_SUBSCRIPTION') {
      this.endSubscription(sub, 'EXPIRED');
    } else {
      sub.status = 'ACTIVE';
      sub.trialEndDate = now;
      sub.currentBillingPeriodStart = now;
      sub.currentBillingPeriodEnd = addPeriod(now, sub.billingPeriod ?? 'MONTHLY');
      sub.updatedAt = now;
    }
    return sub;
  }

  planCurrency(plan: PlanRec): string {
    return plan.prices[0]?.currency ?? 'USD';
  }

  /**
   * The subscription's prices: the plan's prices of its billing period with overrides applied. A
   * credits charge (a price with a custom currency) is listed when the subscription has a credit
   * entitlement in that currency, its quantity (usageLimit) being the credits per grant
   * (assumption: the credits charge prices the subscription's credit entitlement of its currency).
   */
  subscriptionPrices(sub: SubscriptionRec): SubscriptionPriceView[] {
    const plan = this.plans.get(sub.planRefId)!;
    const period = sub.billingPeriod ?? 'MONTHLY';
    const quantityOf = (featureRefId: string | null): number | null => {
      if (!featureRefId) return sub.unitQuantity;
      return sub.billableFeatures.find((b) => b.featureRefId === featureRefId)?.quantity ?? null;
    };
    const out: SubscriptionPriceView[] = [];
    const used = new Set<number>();
    for (const p of plan.prices) {
      if (p.billingPeriod !== period) continue;
      if (p.customCurrencyId) {
        const credits = sub.creditEntitlements.find((c) => c.currencyId === p.customCurrencyId);
        if (!credits) continue;
        const oi = sub.priceOverrides.findIndex((o) => o.currencyId === p.customCurrencyId);
        if (oi >= 0) used.add(oi);
        const o = oi >= 0 ? sub.priceOverrides[oi] : null;
        out.push({ price: { ...p, amount: o ? o.price.amount : p.amount, currency: o ? o.price.currency : p.currency }, quantity: credits.amount });
        continue;
      }
      const oi = sub.priceOverrides.findIndex((o) => (p.featureRefId ? o.featureRefId === p.featureRefId : o.baseCharge));
      const o = oi >= 0 ? sub.priceOverrides[oi] : null;
      if (oi >= 0) used.add(oi);
      // Reference page (Salesforce provisioning): an override of a usage-based charge is a flat fee.
      const billingModel: BillingModel = o && p.billingModel === 'USAGE_BASED' ? 'FLAT_FEE' : p.billingModel;
      out.push({
        price: { ...p, billingModel, amount: o ? o.price.amount : p.amount, currency: o ? o.price.currency : p.currency },
        quantity: billingModel === 'PER_UNIT' ? quantityOf(p.featureRefId) : null,
      });
    }
    // overrides without a list price (custom plans): the override becomes the price
    sub.priceOverrides.forEach((o, i) => {
      if (used.has(i) || o.addonRefId || o.currencyId) return;
      const quantity = o.featureRefId ? quantityOf(o.featureRefId) : null;
      const billingModel: BillingModel = o.featureRefId && quantity !== null ? 'PER_UNIT' : 'FLAT_FEE';
      out.push({
        price: {
          id: stableUuid('override', `${sub.subscriptionId}:${i}`),
          billingPeriod: period,
          billingModel,
          featureRefId: o.featureRefId,
          amount: o.price.amount,
          currency: o.price.currency,
          minUnitQuantity: null,
          maxUnitQuantity: null,
          customCurrencyId: null,
          creditGrantCadence: null,
        },
        quantity: billingModel === 'PER_UNIT' ? quantity : null,
      });
    });
    return out;
  }

  /** Recurring total per billing period: flat fees, per-unit and credits charges × quantity, add-ons (usage is billed in arrears and not included). */
  totalPrice(sub: SubscriptionRec): Money {
    const prices = this.subscriptionPrices(sub);
    const period = sub.billingPeriod ?? 'MONTHLY';
    let amount = 0;
    let currency: string | null = null;
    for (const { price, quantity } of prices) {
      currency = currency ?? price.currency;
      if (price.billingModel === 'FLAT_FEE') amount += price.amount;
      else if (price.billingModel === 'PER_UNIT' || price.billingModel === 'CREDIT_BASED') amount += price.amount * (quantity ?? 0);
    }
    for (const a of sub.addons) {
      const o = sub.priceOverrides.find((x) => x.addonRefId === a.addonRefId);
      const listed = this.addons.get(a.addonRefId)!.prices.find((p) => p.billingPeriod === period);
      const unit = o ? o.price.amount : listed?.amount ?? 0;
      currency = currency ?? (o ? o.price.currency : listed?.currency ?? null);
      amount += unit * a.quantity;
    }
    return { amount: round2(amount), currency: currency ?? 'USD' };
  }

  /** The add-ons' share of the recurring total. */
  addonsTotal(sub: SubscriptionRec): Money {
    const period = sub.billingPeriod ?? 'MONTHLY';
    let amount = 0;
    let currency: string | null = null;
    for (const a of sub.addons) {
      const o = sub.priceOverrides.find((x) => x.addonRefId === a.addonRefId);
      const listed = this.addons.get(a.addonRefId)!.prices.find((p) => p.billingPeriod === period);
      amount += (o ? o.price.amount : listed?.amount ?? 0) * a.quantity;
      currency = currency ?? (o ? o.price.currency : listed?.currency ?? null);
    }
    return { amount: round2(amount), currency: currency ?? this.totalPrice(sub).currency };
  }

  /** The entitlements a subscription grants (none while it waits for payment or its start). */
  subscriptionEntitlements(sub: SubscriptionRec): Array<EntitlementDef & { feature: FeatureRec }> {
    if (sub.status !== 'ACTIVE' && sub.status !== 'IN_TRIAL') return [];
    const plan = this.plans.get(sub.planRefId)!;
    const out = new Map<string, EntitlementDef>();
    for (const e of plan.entitlements) {
      const quantity = sub.billableFeatures.find((b) => b.featureRefId === e.featureRefId)?.quantity;
      out.set(e.featureRefId, quantity !== undefined ? { ...e, usageLimit: quantity, hasUnlimitedUsage: false } : { ...e });
    }
    for (const a of sub.addons) {
      for (const e of this.addons.get(a.addonRefId)!.entitlements) {
        const prev = out.get(e.featureRefId);
        const addLimit = e.usageLimit !== null ? e.usageLimit * a.quantity : null;
        out.set(e.featureRefId, {
          ...e,
          usageLimit: prev?.usageLimit != null && addLimit !== null ? prev.usageLimit + addLimit : addLimit ?? prev?.usageLimit ?? null,
          hasUnlimitedUsage: e.hasUnlimitedUsage || !!prev?.hasUnlimitedUsage,
        });
      }
    }
    for (const b of sub.billableFeatures) {
      if (!out.has(b.featureRefId)) {
        out.set(b.featureRefId, { featureRefId: b.featureRefId, usageLimit: b.quantity, hasUnlimitedUsage: false, hasSoftLimit: false, resetPeriod: null });
      }
    }
    for (const e of sub.featureEntitlements) out.set(e.featureRefId, { ...e });
    return [...out.values()].map((e) => ({ ...e, feature: this.features.get(e.featureRefId)! }));
  }

  // ------------------------------------------------------------------ credits

  /**
   * Stigg docs (Recurring credits; CreditGrantType RECURRING): a subscription's credit
   * entitlements are issued as RECURRING grants, which count in the balance like any grant.
   * assumption (timing): one grant per credit entitlement when the subscription starts (or its
   * invoice is paid), for the amount of one cadence period, effective at once and expiring at the
   * end of the period; later periods are not issued by the sandbox. Cost: the credits charge of
   * the currency (override applied) × amount, else 0. Priority 50 (docs: CreditGrantInput.priority,
   * "the same default used for recurring credits granted by a plan or price").
   */
  private issueCreditEntitlementGrants(sub: SubscriptionRec): void {
    const now = this.now();
    const plan = this.plans.get(sub.planRefId)!;
    const prices = this.subscriptionPrices(sub);
    for (const c of sub.creditEntitlements) {
      const charge = prices.find((p) => p.price.customCurrencyId === c.currencyId);
      const grantId = `grant-${shortId()}`;
      this.creditGrants.set(grantId, {
        id: randomUUID(),
        grantId,
        customerId: sub.customerId,
        resourceId: sub.resourceId,
        currencyId: c.currencyId,
        grantType: 'RECURRING',
        displayName: `${plan.displayName} credits`,
        amount: c.amount,
        consumedAmount: 0,
        cost: charge ? { amount: round2(charge.price.amount * c.amount), currency: charge.price.currency } : { amount: 0, currency: this.planCurrency(plan) },
        paymentCollectionMethod: null,
        paymentCollection: 'NOT_REQUIRED',
        paymentPending: false,
        invoice: null,
        effectiveAt: now,
        expireAt: addPeriod(now, c.cadence),
        voidedAt: null,
        priority: 50,
        comment: null,
        additionalMetaData: { subscriptionId: sub.subscriptionId },
        createdAt: now,
        updatedAt: now,
        subscriptionId: sub.subscriptionId,
      });
    }
  }

  createCreditGrant(input: {
    customerId: string;
    resourceId?: string | null;
    currencyId: string;
    grantType: CreditGrantTypeInput;
    displayName: string;
    amount: number;
    cost?: { amount: number; currency?: string | null } | null;
    paymentCollectionMethod?: PaymentCollectionMethod | null;
    awaitPaymentConfirmation?: boolean | null;
    effectiveAt?: string | null;
    expireAt?: string | null;
    priority?: number | null;
    comment?: string | null;
    additionalMetaData?: Record<string, unknown> | null;
  }): CreditGrantRec {
    const customer = this.customer(input.customerId);
    const currency = this.currency(input.currencyId);
    if (!(input.amount > 0)) throw stiggError('InvalidArgumentError', 'amount must be positive');
    const now = this.now();
    const effectiveAt = input.effectiveAt ? toIso(input.effectiveAt, 'effectiveAt') : now;
    const expireAt = input.expireAt ? toIso(input.expireAt, 'expireAt') : null;
    if (expireAt && expireAt <= effectiveAt) {
      throw stiggError('ExpireAtMustBeLaterThanEffectiveAtError', 'expireAt must be later than effectiveAt');
    }
    const grantId = `grant-${shortId()}`;
    let method: PaymentCollectionMethod | null = null;
    let paymentCollection: PaymentCollection = 'NOT_REQUIRED';
    let paymentPending = false;
    let invoice: InvoiceRec | null = null;
    let cost: Money = { amount: 0, currency: 'USD' };
    if (input.grantType === 'PAID') {
      // assumption: a paid grant states its cost (the docs: "cost basis — price per credit for
      // paid grants"; the Salesforce action asks for a cost currency for PAID grants)
      if (!input.cost) throw stiggError('InvalidArgumentError', 'cost is required for PAID credit grants');
      cost = { amount: input.cost.amount, currency: input.cost.currency ?? 'USD' };
      method = input.paymentCollectionMethod ?? 'CHARGE';
      if (method === 'CHARGE' && !customer.paymentMethod) {
        // assumption: charging needs a payment method on file
        throw stiggError('PaymentMethodNotFoundError', `Customer ${customer.customerId} has no payment method to charge`, customer.customerId);
      }
      // CHARGE: the sandbox charge succeeds at once, so the grant is ACTIVE whether or not the call
      // awaits the payment confirmation (awaitPaymentConfirmation, default true: "wait for payment
      // confirmation before returning"). assumption: with false, real Stigg may answer before the
      // charge settles; the sandbox has nothing to wait for.
      if (method === 'INVOICE') {
        if (!customer.email) {
          throw stiggError('CustomerHasNoEmailAddress', `Customer ${customer.customerId} has no email address for invoices`, customer.customerId);
        }
        // INVOICE: the grant is PAYMENT_PENDING (CreditGrantStatus) with an open invoice and is in
        // no balance until the invoice is paid (POST /__sandbox/credit-grants/:grantId/pay).
        // assumption: the call returns at once whatever awaitPaymentConfirmation says (an invoice is
        // paid out of band), and paymentCollection reads ACTION_REQUIRED while it is open.
        paymentPending = true;
        paymentCollection = 'ACTION_REQUIRED';
        invoice = {
          billingId: `in_sandbox_${shortId()}`,
          status: 'OPEN',
          createdAt: now,
          updatedAt: now,
          dueDate: addDays(now, 30),
          paymentUrl: null,
          currency: cost.currency,
          total: cost.amount,
          amountDue: cost.amount,
        };
      }
    }
    const grant: CreditGrantRec = {
      id: randomUUID(),
      grantId,
      customerId: customer.customerId,
      resourceId: input.resourceId ?? null,
      currencyId: currency.currencyId,
      grantType: input.grantType,
      displayName: input.displayName,
      amount: input.amount,
      consumedAmount: 0,
      cost,
      paymentCollectionMethod: method,
      paymentCollection,
      paymentPending,
      invoice,
      effectiveAt,
      expireAt,
      voidedAt: null,
      // docs (CreditGrantInput.priority): 0-100, lower is consumed first, default 50
      priority: input.priority ?? 50,
      comment: input.comment ?? null,
      additionalMetaData: input.additionalMetaData ?? null,
      createdAt: now,
      updatedAt: now,
      subscriptionId: null,
    };
    this.creditGrants.set(grantId, grant);
    return grant;
  }

  /** Sandbox control standing in for the billing provider: the invoice of a PAID grant is paid; the grant enters the balance. */
  payCreditGrant(grantId: string): CreditGrantRec {
    const grant = this.creditGrants.get(grantId) ?? [...this.creditGrants.values()].find((g) => g.id === grantId);
    if (!grant) throw new SandboxError(404, `Credit grant not found: ${grantId}`);
    if (!grant.paymentPending || grant.voidedAt) {
      throw new SandboxError(409, `Credit grant ${grant.grantId} has no open invoice (status ${this.grantStatus(grant)})`);
    }
    const now = this.now();
    grant.paymentPending = false;
    grant.paymentCollection = 'NOT_REQUIRED';
    if (grant.invoice) grant.invoice = { ...grant.invoice, status: 'PAID', amountDue: 0, updatedAt: now };
    grant.updatedAt = now;
    return grant;
  }

  voidCreditGrant(id: string): CreditGrantRec {
    const grant = this.creditGrants.get(id) ?? [...this.creditGrants.values()].find((g) => g.id === id);
    if (!grant) throw stiggError('CreditGrantNotFound', `Credit grant not found: ${id}`, id);
    if (grant.voidedAt) throw stiggError('CreditGrantAlreadyVoided', `Credit grant ${grant.grantId} is already voided`, grant.grantId);
    const now = this.now();
    grant.voidedAt = now;
    grant.updatedAt = now;
    if (grant.invoice?.status === 'OPEN') grant.invoice = { ...grant.invoice, status: 'CANCELED', updatedAt: now };
    return grant;
  }

  grantStatus(g: CreditGrantRec): CreditGrantStatus {
    const now = this.now();
    if (g.voidedAt) return 'VOIDED';
    if (g.paymentPending) return 'PAYMENT_PENDING';
    if (g.effectiveAt > now) return 'SCHEDULED';
    if (g.expireAt && g.expireAt <= now) return 'EXPIRED';
    return 'ACTIVE';
  }

  grantsOf(customerId: string, opts: { resourceId?: string | null; currencyId?: string | null }): CreditGrantRec[] {
    this.customer(customerId);
    if (opts.currencyId) this.currency(opts.currencyId);
    return [...this.creditGrants.values()].filter(
      (g) =>
        g.customerId === customerId &&
        (opts.resourceId === undefined || opts.resourceId === null || g.resourceId === opts.resourceId) &&
        (!opts.currencyId || g.currencyId === opts.currencyId),
    );
  }

  /**
   * Balances per currency for the customer (resourceId null) or one of its resources. Only
   * active grants count (effective, not expired, not voided, paid): voiding a grant removes its
   * remaining amount. assumption: totalGranted and totalConsumed sum the same active grants.
   */
  creditBalances(customerId: string, opts: { resourceId?: string | null; currencyId?: string | null }): CreditBalanceRec[] {
    this.customer(customerId);
    if (opts.currencyId) this.currency(opts.currencyId);
    const resourceId = opts.resourceId ?? null;
    const byCurrency = new Map<string, CreditBalanceRec>();
    const ensure = (currencyId: string): CreditBalanceRec => {
      let b = byCurrency.get(currencyId);
      if (!b) {
        b = { customerId, resourceId, currency: this.currencies.get(currencyId)!, currentBalance: 0, totalGranted: 0, totalConsumed: 0 };
        byCurrency.set(currencyId, b);
      }
      return b;
    };
    if (opts.currencyId) ensure(opts.currencyId);
    for (const g of this.creditGrants.values()) {
      if (g.customerId !== customerId || (g.resourceId ?? null) !== resourceId) continue;
      if (opts.currencyId && g.currencyId !== opts.currencyId) continue;
      const b = ensure(g.currencyId);
      if (this.grantStatus(g) !== 'ACTIVE') continue;
      b.currentBalance += g.amount - g.consumedAmount;
      b.totalGranted += g.amount;
      b.totalConsumed += g.consumedAmount;
    }
    return [...byCurrency.values()];
  }

  /**
   * The customer's credit entitlement in a currency (Stigg docs: CreditEntitlement, "balance =
   * usageLimit - currentUsage"): usageLimit sums the credits granted and in force (ACTIVE grants),
   * currentUsage what they consumed; per customer (resourceId null) or resource, like balances.
   */
  creditEntitlement(customerId: string, currencyId: string, resourceId: string | null): CreditEntitlementRec {
    this.customer(customerId);
    const currency = this.currency(currencyId);
    let usageLimit = 0;
    let currentUsage = 0;
    for (const g of this.creditGrants.values()) {
      if (g.customerId !== customerId || (g.resourceId ?? null) !== resourceId || g.currencyId !== currency.currencyId) continue;
      if (this.grantStatus(g) !== 'ACTIVE') continue;
      usageLimit += g.amount;
      currentUsage += g.consumedAmount;
    }
    return { customerId, resourceId, currency, usageLimit, currentUsage };
  }
}

/** An error of the emulator's own /__sandbox endpoints (plain HTTP, not GraphQL). */
export class SandboxError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sandboxCard(): PaymentMethodRec {
  return { type: 'CARD', last4Digits: '4242', expirationMonth: 12, expirationYear: new Date().getUTCFullYear() + 3 };
}

/** The record with this id, or Stigg's not-found error for its kind (e.g. CustomerNotFound). */
function found<T>(records: Map<string, T>, id: string, code: StiggErrorCode, kind: string): T {
  const record = records.get(id);
  if (!record) throw stiggError(code, `${kind} not found: ${id}`, id);
  return record;
}
