import { preciseDecimal, preciseSum, salesPricePerUnit } from '../../src/services/provisioning/planner/sales-price';

describe('sales price per unit', () => {
  it('is TotalPrice ÷ Quantity', () => {
    expect(salesPricePerUnit({ totalPrice: 450, quantity: 1 })).toBe(450);
    expect(salesPricePerUnit({ totalPrice: 180, quantity: 10 })).toBe(18);
  });

  it('keeps the exact value to 10 decimal places, not rounded to cents', () => {
    expect(salesPricePerUnit({ totalPrice: 100, quantity: 3 })).toBe(33.3333333333);
    expect(salesPricePerUnit({ totalPrice: 1000, quantity: 100000 })).toBe(0.01);
  });

  it('removes floating-point noise', () => {
    expect(preciseSum([0.1, 0.2])).toBe(0.3);
    expect(salesPricePerUnit({ totalPrice: 0.3, quantity: 3 })).toBe(0.1);
    expect(preciseDecimal(-0)).toBe(0);
    expect(Object.is(preciseDecimal(-0.00000000001), 0)).toBe(true);
  });

  it('is 0 for a zero quantity', () => {
    expect(salesPricePerUnit({ totalPrice: 10, quantity: 0 })).toBe(0);
  });
});
