import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { CreditBalance, CreditGrant, Customer } from '../schema/customer';
import { Account } from '../schema/account';
import { Subscription } from '../schema/subscription';
import { GatewayContext } from '../context/gateway-context';
import { Customer as CustomerRecord } from '../domain/stigg-entities';
import { accountOfCustomer } from '../services/links/system-links';

@Resolver(() => Customer)
export class CustomerResolver {
  @Authorized('read')
  @Query(() => Customer, { nullable: true })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.customer.load(id);
  }

  @FieldResolver(() => ID, { nullable: true })
  salesforceAccountId(@Root() customer: CustomerRecord): string | null {
    return customer.salesforceId;
  }

  @FieldResolver(() => Account, { nullable: true })
  async account(@Root() customer: CustomerRecord, @Ctx() ctx: GatewayContext) {
    return accountOfCustomer(ctx.loaders, customer);
  }

  @FieldResolver(() => [Subscription])
  async subscriptions(@Root() customer: CustomerRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.subscriptionsByCustomer.load(customer.id);
  }

  @FieldResolver(() => [CreditGrant])
  async creditGrants(
    @Root() customer: CustomerRecord,
    @Ctx() ctx: GatewayContext,
    @Arg('currencyId', () => String, { nullable: true }) currencyId?: string | null,
  ) {
    const grants = await ctx.loaders.creditGrantsByCustomer.load(customer.id);
    return currencyId ? grants.filter((g) => g.currencyId === currencyId) : grants;
  }

  @FieldResolver(() => [CreditBalance])
  async creditBalances(@Root() customer: CustomerRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.creditBalancesByCustomer.load(customer.id);
  }
}
