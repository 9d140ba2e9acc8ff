import { PriceOverride } from '../../../domain/stigg-entities';
import { LineGroup } from './line-group';
import { describeAmount } from './money-wording';
import { salesPricePerUnit } from './sales-price';

/** Whether sales prices are sent, and in which currency. */
export interface SalesPricePolicy {
  collectsPayment: boolean;
  currency: string;
}

/** What a price override is for: the base charge, a feature or an add-on. */
export type PriceOverrideTarget = Omit<PriceOverride, 'price'>;

export interface SalesPriceOutcome {
  priceOverrides: PriceOverride[];
  warnings: string[];
}

const NOT_COLLECTING = 'billing is handled outside Stigg';

/**
 * The group's per-unit sales price as a price override when Stigg collects
 * payment (zero included: a 100% discount is a price); with NONE a non-zero
 * price becomes a warning. Lines of one group with different per-unit prices
 * are averaged (sum of totals ÷ sum of quantities), with a warning.
 */
export function salesPriceOverride(policy: SalesPricePolicy, group: LineGroup, target: PriceOverrideTarget): SalesPriceOutcome {
  if (!policy.collectsPayment) {
    return { priceOverrides: [], warnings: notSentWarning(policy, group, NOT_COLLECTING) };
  }
  return {
    priceOverrides: [{ ...target, price: { amount: group.salesPricePerUnit, currency: policy.currency } }],
    warnings: mixedPriceWarning(policy, group),
  };
}

/**
 * A sales price the plan has no place for (unpriced feature or add-on, free or
 * custom plan): a warning when it is not zero, with the reason.
 */
export function ignoredSalesPrice(policy: SalesPricePolicy, group: LineGroup, reason: string): SalesPriceOutcome {
  return {
    priceOverrides: [],
    warnings: notSentWarning(policy, group, policy.collectsPayment ? reason : NOT_COLLECTING),
  };
}

function notSentWarning(policy: SalesPricePolicy, group: LineGroup, reason: string): string[] {
  if (group.salesPricePerUnit === 0) return [];
  return [`Sales price ${describeAmount(group.salesPricePerUnit, policy.currency)} on ${group.productNames} was not sent: ${reason}.`];
}

function mixedPriceWarning(policy: SalesPricePolicy, group: LineGroup): string[] {
  const perLine = [...new Set(group.lines.map((m) => salesPricePerUnit(m.line)))];
  if (perLine.length < 2) return [];
  return [
    `Lines for ${group.productNames} have different sales prices ` +
    `(${perLine.map((p) => describeAmount(p, policy.currency)).join(', ')}); ` +
    `their average per-unit price ${describeAmount(group.salesPricePerUnit, policy.currency)} was sent.`,
  ];
}
