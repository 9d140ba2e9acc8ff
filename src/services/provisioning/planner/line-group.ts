import { MappedLine } from './mapped-line';
import { preciseSum, salesPricePerUnit } from './sales-price';

/**
 * The lines pointing at one Stigg entity, added up: several lines for the
 * same feature, add-on, plan or currency count as one, their quantities and
 * total prices summed, the per-unit price being the sum of totals ÷ the sum
 * of quantities.
 */
export interface LineGroup {
  stiggId: string;
  lines: MappedLine[];
  quantity: number;
  totalPrice: number;
  salesPricePerUnit: number;
  /** "'Seats'" or "'Seats', 'Extra seats'": the products, for messages. */
  productNames: string;
}

/** Groups lines by Stigg ID, sorted by Stigg ID; lines keep their order inside a group. */
export function groupLinesByStiggId(lines: readonly MappedLine[]): LineGroup[] {
  const byId = new Map<string, MappedLine[]>();
  for (const mapped of lines) {
    const list = byId.get(mapped.stiggId) ?? [];
    list.push(mapped);
    byId.set(mapped.stiggId, list);
  }
  return [...byId.keys()].sort().map((stiggId) => {
    const group = byId.get(stiggId)!;
    const quantity = preciseSum(group.map((m) => m.line.quantity));
    const totalPrice = preciseSum(group.map((m) => m.line.totalPrice));
    const names = [...new Set(group.map((m) => m.product.name))];
    return {
      stiggId,
      lines: group,
      quantity,
      totalPrice,
      salesPricePerUnit: salesPricePerUnit({ totalPrice, quantity }),
      productNames: names.map((n) => `'${n}'`).join(', '),
    };
  });
}
