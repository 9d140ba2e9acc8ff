import { Money } from './money';
import { BillingPeriod } from './stigg-catalog';

export type SubscriptionStatus = 'ACTIVE' | 'IN_TRIAL' | 'PAYMENT_PENDING' | 'NOT_STARTED' | 'CANCELED' | 'EXPIRED';
/** The gateway's names; Stigg's are CHARGE / INVOICE / NONE. */
export type PaymentCollectionMethod = 'PAYMENT_METHOD_ON_FILE' | 'INVOICE' | 'NONE';
export type TrialEndBehavior = 'CONVERT_TO_PAID' | 'CANCEL_SUBSCRIPTION';
export type CreditCadence = 'MONTH' | 'YEAR';
/** What a grant is. RECURRING: credits a subscription grants each period; OVERDRAFT: Stigg's record of credits used beyond the balance. */
export type CreditGrantType = 'PROMOTIONAL' | 'PAID' | 'RECURRING' | 'OVERDRAFT';
/** The kinds of grant a caller can make. */
export const GRANTABLE_CREDIT_GRANT_TYPES: readonly CreditGrantType[] = ['PROMOTIONAL', 'PAID'];

export interface Customer {
  id: string;
  name: string | null;
  email: string | null;
  /** The Salesforce Account id Stigg holds for this customer. */
  salesforceId: string | null;
  hasPaymentMethod: boolean;
}

export interface FeatureEntitlement {
  featureId: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
}

export interface CreditEntitlement {
  currencyId: string;
  amount: number;
  cadence: CreditCadence;
  price: Money | null;
}

export interface PriceOverride {
  /** Null when the override is the plan's base charge or an add-on's price. */
  featureId: string | null;
  addonId: string | null;
  baseCharge: boolean;
  /** Set when the override is a credits charge: the custom currency whose recurring credits it prices. */
  currencyId?: string;
  price: Money;
}

/** A change Stigg has accepted and applies later (e.g. a downgrade at the end of the billing period). */
export interface ScheduledChange {
  effectiveAt: Date;
  description: string;
}

export interface AddonQuantity {
  addonId: string;
  quantity: number;
}

export interface BillableFeature {
  featureId: string;
  quantity: number;
}

export interface Subscription {
  id: string;
  customerId: string;
  planId: string;
  status: SubscriptionStatus;
  billingPeriod: BillingPeriod | null;
  paymentCollectionMethod: PaymentCollectionMethod | null;
  isTrial: boolean;
  trialEndDate: Date | null;
  trialEndBehavior: TrialEndBehavior | null;
  startDate: Date | null;
  resourceId: string | null;
  unitQuantity: number | null;
  addons: AddonQuantity[];
  billableFeatures: BillableFeature[];
  entitlements: FeatureEntitlement[];
  creditEntitlements: CreditEntitlement[];
  priceOverrides: PriceOverride[];
  checkoutUrl: string | null;
  /** The Salesforce Opportunity id Stigg holds for this subscription. */
  salesforceId: string | null;
  /** When the subscription was, or is to be, canceled. */
  cancellationDate: Date | null;
  /** When the subscription ended or ends (Stigg's endDate); null while no end is set. */
  endDate: Date | null;
  /** When the current billing period ends (Stigg's currentBillingPeriodEnd); null when Stigg gives none. */
  currentBillingPeriodEnd: Date | null;
  /** Changes Stigg has accepted and not yet applied. */
  scheduledChanges: ScheduledChange[];
}

export interface CreditGrant {
  id: string;
  customerId: string;
  currencyId: string;
  grantType: CreditGrantType;
  displayName: string;
  amount: number;
  effectiveAt: Date | null;
  expiresAt: Date | null;
  priority: number | null;
  resourceId: string | null;
  comment: string | null;
  /** ACTIVE, SCHEDULED (effective later), PAYMENT_PENDING (an unpaid invoice: not usable yet), EXPIRED or VOIDED. */
  status: string;
  cost: Money | null;
  /** The gateway's idempotency key, kept in the grant's additionalMetaData. */
  idempotencyKey: string | null;
}

export interface CreditBalance {
  customerId: string;
  currencyId: string;
  currentBalance: number;
  totalGranted: number;
  totalConsumed: number;
}
