import { OpportunityLineItem, Product } from '../../../domain/salesforce-records';
import { ProductMapping, StiggTargetKind, StiggType } from '../../../domain/product-mapping';
import { GatewayError } from '../../../errors/gateway-error';

/** A line item whose product maps VALIDly to a Stigg entity. */
export interface MappedLine {
  line: OpportunityLineItem;
  product: Product;
  stiggType: StiggType;
  target: StiggTargetKind;
  stiggId: string;
  mapping: ProductMapping;
}

/** "Line item 00k... (product 'Growth plan')", to start a message with. */
export function describeLine(mapped: MappedLine): string {
  return `Line item ${mapped.line.id} (product '${mapped.product.name}')`;
}

/** BAD_USER_INPUT about one line item: field `lineItems`, the line in `extensions.lineItemId`. */
export function lineItemError(mapped: MappedLine, message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message, { field: 'lineItems', lineItemId: mapped.line.id });
}
