import { BillingPeriod, CatalogPlan } from '../../../domain/stigg-catalog';
import { CreditEntitlement, PriceOverride } from '../../../domain/stigg-entities';
import { planCreditsPrice } from '../../catalog/catalog-index';
import { describeAmount } from './money-wording';
import { preciseDecimal } from './sales-price';

export interface CreditPriceOverrides {
  /** The credit entitlements, each priced only where Stigg can charge that price. */
  creditEntitlements: CreditEntitlement[];
  priceOverrides: PriceOverride[];
  warnings: string[];
}

/**
 * How a credit entitlement's price reaches Stigg. Stigg takes no price on a credit entitlement
 * (SubscriptionCreditEntitlementInput has none); it charges for a subscription's recurring
 * credits through the plan's credits charge, which a price override with `currencyId` replaces
 * (docs.stigg.io graphql-reference types/PriceOverrideInput; "Credits charge"). So a priced
 * credit entitlement becomes that override when the plan has a credits charge for its currency;
 * when it has none, Stigg cannot bill the price: the entitlement is provisioned without it and
 * the plan says so in a warning. Prices reach here only when Stigg collects payment.
 * The entitlement's price is the total for its credits per period (the line's TotalPrice); the
 * override is the price of one credit, total ÷ amount (assumption: a credits charge is priced
 * per credit, as the catalog's CREDIT_BASED prices are).
 */
export function creditPriceOverrides(
  creditEntitlements: readonly CreditEntitlement[], plan: CatalogPlan, billingPeriod: BillingPeriod | null,
): CreditPriceOverrides {
  const priceOverrides: PriceOverride[] = [];
  const warnings: string[] = [];
  const priced = creditEntitlements.map((entitlement) => {
    if (!entitlement.price) return entitlement;
    if (planCreditsPrice(plan, entitlement.currencyId, billingPeriod)) {
      const perCredit = { amount: preciseDecimal(entitlement.price.amount / entitlement.amount), currency: entitlement.price.currency };
      priceOverrides.push({ featureId: null, addonId: null, baseCharge: false, currencyId: entitlement.currencyId, price: perCredit });
      return entitlement;
    }
    warnings.push(`Price ${describeAmount(entitlement.price.amount, entitlement.price.currency)} on credit entitlement ` +
      `'${entitlement.currencyId}' was not sent: plan '${plan.displayName}' has no credits charge for it in Stigg, ` +
      'so Stigg cannot bill it (add a credits charge to the plan, or bill the credits outside Stigg).');
    return { ...entitlement, price: null };
  });
  return { creditEntitlements: priced, priceOverrides, warnings };
}
