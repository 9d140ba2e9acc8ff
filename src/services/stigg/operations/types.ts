/** Response shapes of the gateway's Stigg operations (only the selected fields). */

export type StiggBillingPeriod = 'MONTHLY' | 'ANNUALLY';
export type StiggBillingModel = 'FLAT_FEE' | 'PER_UNIT' | 'USAGE_BASED' | 'CREDIT_BASED' | 'MINIMUM_SPEND';
export type StiggPricingType = 'FREE' | 'PAID' | 'CUSTOM';
export type StiggSubscriptionStatus = 'ACTIVE' | 'IN_TRIAL' | 'PAYMENT_PENDING' | 'NOT_STARTED' | 'CANCELED' | 'EXPIRED';
export type StiggPaymentCollectionMethod = 'CHARGE' | 'INVOICE' | 'NONE';
export type StiggPaymentCollection = 'NOT_REQUIRED' | 'PROCESSING' | 'FAILED' | 'ACTION_REQUIRED';
export type StiggTrialEndBehavior = 'CONVERT_TO_PAID' | 'CANCEL_SUBSCRIPTION';
export type StiggCreditCadence = 'MONTH' | 'YEAR';
/** CreditGrantType: what a grant is (reads); RECURRING grants come from a subscription's credit entitlements. */
export type StiggCreditGrantType = 'PAID' | 'PROMOTIONAL' | 'RECURRING' | 'OVERDRAFT';
/** CreditGrantTypeInput: the kinds createCreditGrant takes. */
export type StiggCreditGrantTypeInput = 'PAID' | 'PROMOTIONAL';
export type StiggCreditGrantStatus = 'ACTIVE' | 'EXPIRED' | 'PAYMENT_PENDING' | 'SCHEDULED' | 'VOIDED';

export interface StiggMoney {
  amount: number;
  currency: string;
}

export interface StiggPageInfo {
  startCursor: string | null;
  endCursor: string | null;
  hasNextPage: boolean | null;
  hasPreviousPage: boolean | null;
}

export interface StiggConnection<T> {
  edges: Array<{ node: T }>;
  pageInfo: StiggPageInfo;
  totalCount?: number | null;
}

export interface StiggCustomerNode {
  customerId: string;
  name: string | null;
  email: string | null;
  salesforceId: string | null;
  billingId: string | null;
  hasPaymentMethod: boolean;
  defaultPaymentMethodType: string | null;
  defaultPaymentMethodLast4Digits: string | null;
  additionalMetaData: Record<string, unknown> | null;
  createdAt: string | null;
  updatedAt: string;
}

export interface StiggPriceNode {
  billingModel: StiggBillingModel;
  billingPeriod: StiggBillingPeriod;
  minUnitQuantity: number | null;
  maxUnitQuantity: number | null;
  price: StiggMoney | null;
  /** null for a base charge */
  feature: { refId: string } | null;
  /** the custom currency of a credits charge */
  customCurrency: { currencyId: string } | null;
}

/** A member of a subscription's `entitlements` (SubscriptionEntitlementUnion). */
export type StiggSubscriptionEntitlementNode =
  | { __typename: 'SubscriptionFeatureEntitlement'; usageLimit: number | null; hasUnlimitedUsage: boolean | null; feature: { refId: string } }
  | { __typename: 'SubscriptionCreditEntitlement'; customCurrencyId: string; amount: number; cadence: StiggCreditCadence };

export interface StiggScheduledUpdateNode {
  subscriptionScheduleType: string;
  scheduleStatus: 'Scheduled' | 'PendingPayment' | 'Done' | 'Failed' | 'Canceled' | string;
  scheduledExecutionTime: string;
  targetPackage: { refId: string } | null;
}

/** A subscription as the gateway reads it (CustomerSubscription or SubscriptionQuery: fragments.ts). */
export interface StiggSubscriptionNode {
  subscriptionId: string;
  status: StiggSubscriptionStatus;
  pricingType: StiggPricingType;
  billingPeriod: StiggBillingPeriod | null;
  customer: StiggCustomerNode;
  resource: { resourceId: string } | null;
  plan: { refId: string; displayName: string; product: { refId: string } };
  addons: Array<{ quantity: number; addon: { refId: string } }> | null;
  /** plan prices of the subscription's billing period, overrides applied; usageLimit = per-unit quantity */
  prices: Array<{ usageLimit: number | null; price: StiggPriceNode | null }> | null;
  totalPrice: { total: StiggMoney } | null;
  entitlements: StiggSubscriptionEntitlementNode[] | null;
  startDate: string;
  endDate: string | null;
  cancellationDate: string | null;
  trialEndDate: string | null;
  currentBillingPeriodEnd: string | null;
  trialConfiguration: { trialEndBehavior: StiggTrialEndBehavior | null } | null;
  paymentCollection: StiggPaymentCollection;
  paymentCollectionMethod: StiggPaymentCollectionMethod | null;
  latestInvoice: { status: 'OPEN' | 'PAID' | 'CANCELED'; paymentUrl: string | null; total: number | null; currency: string | null } | null;
  salesforceId: string | null;
  additionalMetaData: Record<string, unknown> | null;
  scheduledUpdates: StiggScheduledUpdateNode[] | null;
}

export interface StiggCreditGrantNode {
  grantId: string;
  displayName: string;
  grantType: StiggCreditGrantType;
  status: StiggCreditGrantStatus;
  amount: number;
  consumedAmount: number;
  cost: StiggMoney | null;
  customerId: string;
  resourceId: string | null;
  currencyId: string;
  effectiveAt: string;
  expireAt: string | null;
  voidedAt: string | null;
  priority: number;
  comment: string | null;
  additionalMetaData: Record<string, unknown> | null;
  createdAt: string;
  paymentCollection: StiggPaymentCollection;
}

export interface StiggCreditBalanceNode {
  customerId: string;
  resourceId: string | null;
  currency: { currencyId: string; displayName: string };
  currentBalance: number;
  totalGranted: number;
  totalConsumed: number;
}
