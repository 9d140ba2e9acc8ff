import { describeAmount } from './money-wording';
import { groupLinesByStiggId } from './line-group';
import { MappedLine } from './mapped-line';
import { combinePlanFragments, PlanFragment } from './plan-fragment';
import { SalesPricePolicy } from './sales-price-policy';

/**
 * ENTITLEMENT or CREDIT_ENTITLEMENT lines pointing at a custom currency: a
 * credit entitlement of `quantity` credits per MONTH, priced at the line's
 * TotalPrice when Stigg collects payment and the total is above zero (with
 * NONE a non-zero total is a warning). Several lines for one currency add up.
 */
export function creditEntitlementTerms(lines: readonly MappedLine[], policy: SalesPricePolicy): PlanFragment {
  const creditLines = lines.filter((m) => m.target === 'CUSTOM_CURRENCY'
    && (m.stiggType === 'ENTITLEMENT' || m.stiggType === 'CREDIT_ENTITLEMENT'));
  return combinePlanFragments(...groupLinesByStiggId(creditLines).map((group): Partial<PlanFragment> => {
    const priced = group.totalPrice > 0;
    return {
      creditEntitlements: [{
        currencyId: group.stiggId,
        amount: group.quantity,
        cadence: 'MONTH',
        price: priced && policy.collectsPayment ? { amount: group.totalPrice, currency: policy.currency } : null,
      }],
      warnings: priced && !policy.collectsPayment
        ? [`Total price ${describeAmount(group.totalPrice, policy.currency)} on ${group.productNames} was not sent: billing is handled outside Stigg.`]
        : [],
    };
  }));
}
