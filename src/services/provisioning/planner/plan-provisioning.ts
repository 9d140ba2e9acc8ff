import { ProvisioningPlan } from '../../../domain/provisioning-plan';
import { catalogIndexFor } from '../../catalog/catalog-index';
import { addonTerms } from './addon-terms';
import { resolveBillingEmail } from './billing-email';
import { creditEntitlementTerms } from './credit-entitlement-terms';
import { creditPriceOverrides } from './credit-price-overrides';
import { customerIdentity } from './customer-identity';
import { featureEntitlementTerms } from './feature-entitlement-terms';
import { mapLineItems } from './map-line-items';
import { mergeCreditEntitlements } from './merge-credit-entitlements';
import { assertOpportunityProvisionable } from './opportunity-preconditions';
import { resolvePaymentTerms } from './payment-terms';
import { assertStiggKnowsCurrency, planCurrency } from './plan-currency';
import { planLineTerms } from './plan-line-terms';
import { withDeterministicOrder } from './plan-ordering';
import { PlanningInput } from './planning-input';
import { SalesPricePolicy } from './sales-price-policy';
import { selectPlan } from './select-plan';
import { subscriptionIdFor } from './subscription-id';
import { trialWindow } from './trial-window';

/**
 * What provisioning will send to Stigg for a Closed/Won opportunity, computed
 * without I/O from what was read (the README's table "How line items become Stigg entities").
 * Preconditions throw GatewayError, checked in this order: OPPORTUNITY_NOT_WON,
 * no account (BAD_USER_INPUT opportunityId), PRODUCT_MAPPING_INVALID,
 * bad line quantities or prices (BAD_USER_INPUT lineItems), PLAN_MISSING,
 * MULTIPLE_PLANS, bad credit entitlements (BAD_USER_INPUT creditEntitlements[i]),
 * bad trial end (BAD_USER_INPUT trialEndDate / trial.endDate),
 * BILLING_EMAIL_REQUIRED, BILLING_EMAIL_NOT_A_CONTACT.
 */
export function planProvisioning(input: PlanningInput): ProvisioningPlan {
  const { request, opportunity } = input;
  const account = assertOpportunityProvisionable(opportunity, input.account);
  const index = catalogIndexFor(input.catalog);
  const currency = planCurrency(opportunity, input.defaultCurrency);
  const terms = resolvePaymentTerms(request);
  assertStiggKnowsCurrency(currency, terms.collectsPayment, opportunity);
  const policy: SalesPricePolicy = { collectsPayment: terms.collectsPayment, currency };

  const { mapped, warnings: skipped } = mapLineItems(input.lineItems, input.products, input.catalog, currency);
  const { plan, group: planGroup } = selectPlan(opportunity, mapped, index);
  // Stigg refuses a PAID plan without a billing period whoever collects payment
  // (a trial or a NONE subscription of a paid plan included): default MONTHLY.
  const billingPeriod = terms.billingPeriod ?? (plan.pricingType === 'PAID' ? 'MONTHLY' : null);
  const planLine = planLineTerms(plan, planGroup, billingPeriod, policy);
  const features = featureEntitlementTerms(mapped, plan, billingPeriod, policy, index);
  const addons = addonTerms(mapped, billingPeriod, policy, index);
  const lineCredits = creditEntitlementTerms(mapped, policy);
  const merged = mergeCreditEntitlements(lineCredits.creditEntitlements, request.creditEntitlements, policy, index);
  const credits = creditPriceOverrides(merged.creditEntitlements, plan, billingPeriod);
  const trial = trialWindow(request, plan, input.now);
  const billingEmail = resolveBillingEmail({
    method: terms.method,
    requested: request.billingEmail,
    existingCustomer: input.existingCustomer,
    primaryContactEmail: input.primaryContactEmail,
    account,
    contacts: input.contacts,
  });

  return withDeterministicOrder({
    opportunityId: opportunity.id,
    accountId: account.id,
    kind: request.kind,
    ...customerIdentity(account, input.existingCustomer),
    billingEmail,
    subscriptionId: subscriptionIdFor(opportunity.id, request.kind),
    planId: plan.id,
    billingPeriod,
    paymentCollectionMethod: terms.method,
    ...trial,
    resourceId: null,
    unitQuantity: planLine.unitQuantity,
    addons: addons.addons,
    billableFeatures: features.billableFeatures,
    entitlements: features.entitlements,
    creditEntitlements: credits.creditEntitlements,
    priceOverrides: [...planLine.priceOverrides, ...features.priceOverrides, ...addons.priceOverrides, ...credits.priceOverrides],
    currency,
    warnings: [
      ...skipped, ...planLine.warnings, ...features.warnings, ...addons.warnings,
      ...lineCredits.warnings, ...merged.warnings, ...credits.warnings,
    ],
  });
}
