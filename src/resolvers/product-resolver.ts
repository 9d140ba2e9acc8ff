import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Product, ProductMapping } from '../schema/product';
import { GatewayContext } from '../context/gateway-context';
import { Product as ProductRecord } from '../domain/salesforce-records';

@Resolver(() => Product)
export class ProductResolver {
  @Authorized('read')
  @Query(() => [ProductMapping], { description: 'Every Salesforce product with a Stigg Type, checked against the Stigg catalog.' })
  async productMappings(@Ctx() ctx: GatewayContext) {
    return ctx.services.productMappings.list(ctx.loaders);
  }

  @FieldResolver(() => ProductMapping, { nullable: true, description: "The product's link to Stigg; null when it has no Stigg Type." })
  async mapping(@Root() product: ProductRecord, @Ctx() ctx: GatewayContext) {
    return ctx.services.productMappings.ofProduct(ctx.loaders, product);
  }
}
