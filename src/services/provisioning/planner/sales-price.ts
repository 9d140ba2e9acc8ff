/**
 * Decimal places kept in computed prices. Salesforce stores currency with up
 * to 2 (TotalPrice) and quantities with up to 2, so a per-unit price after
 * discount (TotalPrice ÷ Quantity) can need many more: we keep the exact value
 * to 10 places, which removes binary floating-point noise (0.1 + 0.2) without
 * rounding a real price to cents.
 */
export const PRICE_DECIMAL_PLACES = 10;

/** The value rounded to PRICE_DECIMAL_PLACES (no -0). */
export function preciseDecimal(value: number): number {
  const rounded = Number(value.toFixed(PRICE_DECIMAL_PLACES));
  return rounded === 0 ? 0 : rounded;
}

/** What a per-unit price is computed from: a line item, or several added up. */
export interface PricedQuantity {
  /** Quantity x UnitPrice x (1 - Discount/100). */
  totalPrice: number;
  quantity: number;
}

/** The sales price per unit after discount: TotalPrice ÷ Quantity (0 for a zero quantity). */
export function salesPricePerUnit({ totalPrice, quantity }: PricedQuantity): number {
  if (quantity === 0) return 0;
  return preciseDecimal(totalPrice / quantity);
}

/** A sum without floating-point noise. */
export function preciseSum(values: readonly number[]): number {
  return preciseDecimal(values.reduce((sum, v) => sum + v, 0));
}
