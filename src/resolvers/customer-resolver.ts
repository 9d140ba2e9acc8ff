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
  @Query(() => Customer, { nullable: true, description: 'A Stigg customer by id; null when there is none.' })
  async customer(@Arg('id', () => ID, { description: 'The Stigg customer id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.customer.load(id);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The Salesforce Account id Stigg holds for this customer (its salesforceId).' })
  salesforceAccountId(@Root() customer: CustomerRecord): string | null {
    return customer.salesforceId;
  }

  @FieldResolver(() => Account, { nullable: true, description: "The customer's Salesforce Account, if linked." })
  async account(@Root() customer: CustomerRecord, @Ctx() ctx: GatewayContext) {
    return accountOfCustomer(ctx.loaders, customer);
  }

  @FieldResolver(() => [Subscription], {
    description: "The customer's subscriptions, history included: the live ones (active, in trial, payment pending or not started) first, "
      + 'then the ended ones (canceled or expired); each group newest first (by start date).',
  })
  async subscriptions(@Root() customer: CustomerRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.subscriptionsByCustomer.load(customer.id);
  }

  @FieldResolver(() => [CreditGrant], { description: "The customer's credit grants." })
  async creditGrants(
    @Root() customer: CustomerRecord,
    @Ctx() ctx: GatewayContext,
    @Arg('currencyId', () => String, { nullable: true, description: 'Only grants in this custom currency.' }) currencyId?: string | null,
  ) {
    const grants = await ctx.loaders.creditGrantsByCustomer.load(customer.id);
    return currencyId ? grants.filter((g) => g.currencyId === currencyId) : grants;
  }

  @FieldResolver(() => [CreditBalance], { description: "The customer's credit balances, one per custom currency." })
  async creditBalances(@Root() customer: CustomerRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.creditBalancesByCustomer.load(customer.id);
  }
}
