import { ProvisioningPlan } from '../../domain/provisioning-plan';
import { ProvisionSubscriptionWithEntitlementsInput } from '../stigg/operations';
import { paymentCollectionToStigg } from '../stigg/stigg-mappers';

/**
 * The provisionSubscriptionV2 input a plan stands for (deterministic id, salesforceId = opportunity).
 * A credit entitlement goes without its price: the price travels as the credits charge's override
 * (planner/credit-price-overrides).
 */
export function stiggSubscriptionInput(plan: ProvisioningPlan): ProvisionSubscriptionWithEntitlementsInput {
  const input: ProvisionSubscriptionWithEntitlementsInput = {
    customerId: plan.customerId,
    planId: plan.planId,
    subscriptionId: plan.subscriptionId,
    salesforceId: plan.opportunityId,
    paymentCollectionMethod: paymentCollectionToStigg(plan.paymentCollectionMethod),
    skipTrial: plan.skipTrial,
  };
  if (plan.resourceId) input.resourceId = plan.resourceId;
  if (plan.billingPeriod) input.billingPeriod = plan.billingPeriod;
  if (plan.unitQuantity !== null) input.unitQuantity = plan.unitQuantity;
  if (plan.addons.length) input.addons = plan.addons.map((a) => ({ addonId: a.addonId, quantity: a.quantity }));
  if (plan.billableFeatures.length) input.billableFeatures = plan.billableFeatures.map((f) => ({ featureId: f.featureId, quantity: f.quantity }));
  const entitlements: NonNullable<ProvisionSubscriptionWithEntitlementsInput['entitlements']> = [
    ...plan.entitlements.map((e) => ({
      feature: {
        featureId: e.featureId,
        ...(e.usageLimit !== null ? { usageLimit: e.usageLimit } : {}),
        ...(e.hasUnlimitedUsage ? { hasUnlimitedUsage: true } : {}),
      },
    })),
    ...plan.creditEntitlements.map((c) => ({
      credit: { customCurrencyId: c.currencyId, amount: c.amount, cadence: c.cadence },
    })),
  ];
  if (entitlements.length) input.entitlements = entitlements;
  if (plan.priceOverrides.length) {
    input.priceOverrides = plan.priceOverrides.map((o) => ({
      ...(o.baseCharge ? { baseCharge: true } : {}),
      ...(o.featureId ? { featureId: o.featureId } : {}),
      ...(o.addonId ? { addonId: o.addonId } : {}),
      ...(o.currencyId ? { currencyId: o.currencyId } : {}),
      price: { amount: o.price.amount, currency: o.price.currency },
    }));
  }
  if (plan.isTrial) {
    input.trialOverrideConfiguration = {
      isTrial: true,
      ...(plan.trialEndDate ? { trialEndDate: new Date(plan.trialEndDate).toISOString() } : {}),
      ...(plan.trialEndBehavior ? { trialEndBehavior: plan.trialEndBehavior } : {}),
    };
  }
  return input;
}
