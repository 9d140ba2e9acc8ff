import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { OpportunityLineItem } from '../schema/opportunity';
import { Money } from '../schema/money';
import { Product, ProductMapping } from '../schema/product';
import { GatewayContext } from '../context/gateway-context';
import { OpportunityLineItem as LineItemRecord } from '../domain/salesforce-records';
import { salesPricePerUnit } from '../services/provisioning/planner/sales-price';

@Resolver(() => OpportunityLineItem)
export class OpportunityLineItemResolver {
  @FieldResolver(() => Product, { description: 'The product sold.' })
  async product(@Root() line: LineItemRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.productOf(line.productId);
  }

  @FieldResolver(() => ProductMapping, { nullable: true, description: "The product's link to Stigg; null when the product has no Stigg Type." })
  async mapping(@Root() line: LineItemRecord, @Ctx() ctx: GatewayContext) {
    const product = await ctx.loaders.productOf(line.productId);
    return product ? ctx.services.productMappings.ofProduct(ctx.loaders, product) : null;
  }

  @FieldResolver(() => Money, { description: "The Sales Price column (per unit): overrides Stigg's default price when Stigg collects payment." })
  salesPrice(@Root() line: LineItemRecord): Money {
    return { amount: line.unitPrice, currency: line.currency };
  }

  @FieldResolver(() => Money, { description: 'The price per unit after the discount (TotalPrice / Quantity): what provisioning sends as a price override.' })
  effectiveUnitPrice(@Root() line: LineItemRecord): Money {
    return { amount: salesPricePerUnit(line), currency: line.currency };
  }

  @FieldResolver(() => Money, { nullable: true, description: 'The list price per unit, if any.' })
  listPrice(@Root() line: LineItemRecord): Money | null {
    return line.listPrice === null ? null : { amount: line.listPrice, currency: line.currency };
  }

  @FieldResolver(() => Money, { description: 'The line total after the discount (TotalPrice).' })
  totalPrice(@Root() line: LineItemRecord): Money {
    return { amount: line.totalPrice, currency: line.currency };
  }
}
