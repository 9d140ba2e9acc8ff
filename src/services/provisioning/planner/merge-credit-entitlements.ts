import { CreditEntitlementRequest } from '../../../domain/provisioning-plan';
import { CreditEntitlement } from '../../../domain/stigg-entities';
import { GatewayError } from '../../../errors/gateway-error';
import { CatalogIndex } from '../../catalog/catalog-index';
import { describeAmount } from './money-wording';
import { preciseDecimal } from './sales-price';
import { SalesPricePolicy } from './sales-price-policy';

export interface MergedCreditEntitlements {
  creditEntitlements: CreditEntitlement[];
  warnings: string[];
}

/**
 * The line items' credit entitlements with the request's applied: a requested
 * entry replaces the line items' entry for the same currency, or adds one.
 * Each requested entry is checked: its currency must be a custom currency of
 * the catalog and appear once, its amount must be above zero, and its price
 * (sent only when Stigg collects payment, else a warning) must not be negative
 * and must be in the plan's currency. Errors are BAD_USER_INPUT with field
 * `creditEntitlements[i].<field>`. Sorted by currency id.
 */
export function mergeCreditEntitlements(
  fromLines: readonly CreditEntitlement[],
  requested: readonly CreditEntitlementRequest[] | null,
  policy: SalesPricePolicy,
  index: CatalogIndex,
): MergedCreditEntitlements {
  const byCurrency = new Map(fromLines.map((c) => [c.currencyId, c]));
  const warnings: string[] = [];
  const seen = new Set<string>();

  (requested ?? []).forEach((entry, i) => {
    const field = (name: string) => `creditEntitlements[${i}].${name}`;
    const currencyId = entry.customCurrencyId.trim();
    if (!index.findCustomCurrency(currencyId)) {
      throw GatewayError.badInput(field('customCurrencyId'),
        `Credit entitlement ${i + 1}: '${entry.customCurrencyId}' is not a custom currency in Stigg.`);
    }
    if (seen.has(currencyId)) {
      throw GatewayError.badInput(field('customCurrencyId'),
        `Credit entitlement ${i + 1}: currency '${currencyId}' is listed twice; give one entry per currency.`);
    }
    seen.add(currencyId);
    if (!Number.isFinite(entry.amount) || entry.amount <= 0) {
      throw GatewayError.badInput(field('amount'),
        `Credit entitlement ${i + 1} (${currencyId}): the amount must be above 0, not ${entry.amount}.`);
    }

    let price = entry.price;
    if (price) {
      if (!Number.isFinite(price.amount) || price.amount < 0) {
        throw GatewayError.badInput(field('price.amount'),
          `Credit entitlement ${i + 1} (${currencyId}): the price cannot be negative.`);
      }
      const currency = price.currency.trim().toUpperCase();
      if (currency !== policy.currency) {
        throw GatewayError.badInput(field('price.currency'),
          `Credit entitlement ${i + 1} (${currencyId}): the price is in ${currency}, ` +
          `but the opportunity's prices are in ${policy.currency}.`);
      }
      price = { amount: preciseDecimal(price.amount), currency };
      if (!policy.collectsPayment) {
        warnings.push(`Price ${describeAmount(price.amount, currency)} on credit entitlement '${currencyId}' ` +
          'was not sent: billing is handled outside Stigg.');
        price = null;
      }
    }
    byCurrency.set(currencyId, { currencyId, amount: entry.amount, cadence: entry.cadence, price });
  });

  const creditEntitlements = [...byCurrency.keys()].sort().map((id) => byCurrency.get(id)!);
  return { creditEntitlements, warnings };
}
