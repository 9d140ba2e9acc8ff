/*
 * The Stigg emulator's record types: what the store keeps (catalog, customers, subscriptions,
 * credit grants, checkouts) and the inputs and outcomes of its operations. No logic here.
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

/** SubscriptionScheduleType: the values the emulator schedules. */
export type PlanScheduleType = 'Downgrade' | 'Plan';
export type TermsScheduleType = 'UnitAmount' | 'Addon' | 'BillingPeriod' | 'PriceOverride' | 'RecurringCredits' | 'AdditionalMetaData';
/** PlanChangeType */
export type PlanChangeType = 'UPGRADE' | 'DOWNGRADE' | 'NONE';

interface ScheduledUpdateBase {
  status: 'Scheduled' | 'Done' | 'Canceled' | 'Failed';
  executionTime: string;
  createdAt: string;
  /** targetPackage: the plan the subscription has once the update is carried out */
  targetPlanRefId: string;
  billingPeriod: BillingPeriod | null;
}

/** A plan change held for later (a downgrade, or a provisioning asked for at the period's end): a new subscription replaces the current one when it runs. */
export interface ScheduledPlanChangeRec extends ScheduledUpdateBase {
  type: PlanScheduleType;
  changeType: PlanChangeType;
  /** the provisioning input that is carried out (its subscriptionId included) */
  input: ProvisionSubscriptionArgs;
}

/** What a terms change's scheduleVariables show (a member of ScheduleVariables, or none). */
export type TermsChangeVariables =
  | { kind: 'UnitAmount'; featureRefId: string | null; newUnitAmount: number | null }
  | { kind: 'Addon'; addonRefId: string; newQuantity: number }
  | { kind: 'BillingPeriod'; billingPeriod: BillingPeriod }
  | { kind: 'PlanPriceOverride'; planRefId: string; featureRefId: string | null }
  | { kind: 'AddonPriceOverride'; addonRefId: string; featureRefId: string | null }
  | null;

/** A change of the same subscription's terms held for later (updateOneSubscription at the period's end). */
export interface ScheduledTermsChangeRec extends ScheduledUpdateBase {
  type: TermsScheduleType;
  variables: TermsChangeVariables;
  /** the part of the updateOneSubscription input this entry sets when it runs (with the subscription's id) */
  update: UpdateSubscriptionArgs;
}

/** A change that applies later (Stigg's SubscriptionScheduledUpdate). */
export type ScheduledUpdateRec = ScheduledPlanChangeRec | ScheduledTermsChangeRec;

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

/** The part of UpdateSubscriptionInput the emulator acts on (the rest is accepted and ignored). */
export interface UpdateSubscriptionArgs {
  subscriptionId?: string | null;
  /** the subscription's id too (the SDK's updateSubscription sends it as refId) */
  refId?: string | null;
  unitQuantity?: number | null;
  billingPeriod?: BillingPeriod | null;
  addons?: ProvisionSubscriptionArgs['addons'];
  billableFeatures?: ProvisionSubscriptionArgs['billableFeatures'];
  entitlements?: ProvisionSubscriptionArgs['entitlements'];
  priceOverrides?: ProvisionSubscriptionArgs['priceOverrides'];
  salesforceId?: string | null;
  additionalMetaData?: Record<string, unknown> | null;
  scheduleStrategy?: ScheduleStrategy | null;
}

export interface FeatureEntitlementArgs {
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

/** The input of createCreditGrant. */
export interface CreateCreditGrantArgs {
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
}

/** The input of updateOneCustomer. */
export interface UpdateCustomerArgs {
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
}

/** The input of provisionCustomer (its subscriptionParams provision a subscription in the same operation). */
export interface ProvisionCustomerArgs extends UpdateCustomerArgs {
  subscriptionParams?: Omit<ProvisionSubscriptionArgs, 'customerId'> | null;
}

/** An error of the emulator's own /__sandbox endpoints (plain HTTP, not GraphQL). */
export class SandboxError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
