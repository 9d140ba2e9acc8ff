import { preciseDecimal } from './sales-price';

/** "450 USD", "0.01 USD": an amount as the planner's warnings and errors write it. */
export function describeAmount(amount: number, currency: string): string {
  return `${preciseDecimal(amount)} ${currency}`;
}
