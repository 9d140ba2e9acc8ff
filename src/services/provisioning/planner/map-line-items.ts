import { OpportunityLineItem, Product } from '../../../domain/salesforce-records';
import { ProductMapping } from '../../../domain/product-mapping';
import { StiggCatalog } from '../../../domain/stigg-catalog';
import { GatewayError } from '../../../errors/gateway-error';
import { validateProductMapping } from '../../catalog/validate-product-mapping';
import { describeAmount } from './money-wording';
import { describeLine, lineItemError, MappedLine } from './mapped-line';
import { salesPricePerUnit } from './sales-price';

export interface MappedLineItems {
  /** Lines whose product maps VALIDly, in line-item id order. */
  mapped: MappedLine[];
  /** One per line whose product has no Stigg Type (skipped). */
  warnings: string[];
}

/**
 * Classifies the opportunity's line items by their product's Stigg mapping.
 * Lines whose product has no Stigg Type are skipped with a warning; any
 * mapping that is not VALID fails with PRODUCT_MAPPING_INVALID naming each
 * product; a mapped line with a quantity that is not positive, or a negative
 * total price, fails with BAD_USER_INPUT (field `lineItems`).
 */
export function mapLineItems(
  lineItems: readonly OpportunityLineItem[],
  products: readonly Product[],
  catalog: StiggCatalog,
  currency: string,
): MappedLineItems {
  const productsById = new Map(products.map((p) => [p.id, p]));
  const lines = [...lineItems].sort((a, b) => compareIds(a.id, b.id));
  const mapped: MappedLine[] = [];
  const warnings: string[] = [];
  const invalid = new Map<string, ProductMapping>();

  for (const line of lines) {
    const product = productsById.get(line.productId);
    if (!product) {
      throw new GatewayError('NOT_FOUND',
        `Product ${line.productId} of line item ${line.id} could not be read from Salesforce.`,
        { lineItemId: line.id, productId: line.productId });
    }
    const mapping = validateProductMapping(product, catalog);
    if (mapping === null) {
      warnings.push(skippedLineWarning(product, line, currency));
      continue;
    }
    if (mapping.status !== 'VALID' || mapping.stiggType === null || mapping.target === null) {
      invalid.set(product.id, mapping);
      continue;
    }
    mapped.push({
      line, product, mapping, stiggType: mapping.stiggType, target: mapping.target, stiggId: mapping.stiggId,
    });
  }

  if (invalid.size > 0) throw mappingInvalid([...invalid.values()]);
  mapped.forEach(assertUsableAmounts);
  return { mapped, warnings };
}

function skippedLineWarning(product: Product, line: OpportunityLineItem, currency: string): string {
  const perUnit = salesPricePerUnit(line);
  const price = perUnit !== 0 ? ` (sales price ${describeAmount(perUnit, currency)})` : '';
  return `Product '${product.name}'${price} has no Stigg Type and was skipped.`;
}

function mappingInvalid(mappings: ProductMapping[]): GatewayError {
  const count = mappings.length === 1 ? 'A product is' : `${mappings.length} products are`;
  return new GatewayError('PRODUCT_MAPPING_INVALID',
    `${count} not mapped correctly to Stigg: ${mappings.map((m) => m.problem).join(' ')}`,
    {
      products: mappings.map((m) => ({
        productId: m.productId, productName: m.productName, status: m.status, problem: m.problem,
      })),
    });
}

function assertUsableAmounts(mapped: MappedLine): void {
  const { quantity, totalPrice } = mapped.line;
  if (!Number.isFinite(quantity) || quantity <= 0) {
    throw lineItemError(mapped, `${describeLine(mapped)} has quantity ${quantity}; Stigg needs a quantity above 0.`);
  }
  if (!Number.isFinite(totalPrice) || totalPrice < 0) {
    throw lineItemError(mapped, `${describeLine(mapped)} has total price ${totalPrice}; Stigg prices cannot be negative.`);
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
