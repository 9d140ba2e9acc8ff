import {
  AddonQuantity, BillableFeature, CreditEntitlement, FeatureEntitlement,
  PaymentCollectionMethod, PriceOverride, TrialEndBehavior,
} from './stigg-entities';
import { BillingPeriod } from './stigg-catalog';
import { Money } from './money';

export type ProvisioningKind = 'SUBSCRIPTION' | 'TRIAL' | 'AMENDMENT' | 'CANCELLATION';

export interface CreditEntitlementRequest {
  customCurrencyId: string;
  amount: number;
  cadence: 'MONTH' | 'YEAR';
  price: Money | null;
}

/** What the caller asked for (ProvisionOpportunityInput / StartTrialInput, normalised). */
export interface ProvisioningRequest {
  kind: ProvisioningKind;
  opportunityId: string;
  paymentCollectionMethod: PaymentCollectionMethod | null;
  billingPeriod: BillingPeriod | null;
  creditEntitlements: CreditEntitlementRequest[] | null;
  /** For kind TRIAL, or a SUBSCRIPTION input with `trial`. */
  trial: { endDate: Date | null; endBehavior: TrialEndBehavior | null } | null;
  billingEmail: string | null;
  idempotencyKey: string | null;
}

/** What provisioning will send to Stigg; computed by the pure planner. */
export interface ProvisioningPlan {
  opportunityId: string;
  accountId: string;
  kind: ProvisioningKind;
  /** The Stigg customer id (Account's Stigg customer id, else the Account id; a hook may replace it when the customer is created). */
  customerId: string;
  /** True when the customer id came from the Account's Stigg customer id field or an existing Stigg customer. */
  customerExists: boolean;
  customerName: string;
  billingEmail: string | null;
  /** The deterministic subscription id: sub-<opportunityId> or sub-<opportunityId>-trial. */
  subscriptionId: string;
  planId: string;
  billingPeriod: BillingPeriod | null;
  paymentCollectionMethod: PaymentCollectionMethod;
  isTrial: boolean;
  trialEndDate: Date | null;
  trialEndBehavior: TrialEndBehavior | null;
  /** Non-trial provisioning sends skipTrial: true. */
  skipTrial: boolean;
  resourceId: string | null;
  unitQuantity: number | null;
  addons: AddonQuantity[];
  billableFeatures: BillableFeature[];
  entitlements: FeatureEntitlement[];
  creditEntitlements: CreditEntitlement[];
  priceOverrides: PriceOverride[];
  /** Money currency for every price in the plan. */
  currency: string;
  warnings: string[];
}
