import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Subscription } from '../schema/subscription';
import { Customer } from '../schema/customer';
import { Opportunity } from '../schema/opportunity';
import { GatewayContext } from '../context/gateway-context';
import { Subscription as SubscriptionRecord } from '../domain/stigg-entities';
import { opportunityOfSubscription } from '../services/links/system-links';
import { GatewayError } from '../errors/gateway-error';

@Resolver(() => Subscription)
export class SubscriptionResolver {
  @Authorized('read')
  @Query(() => Subscription, { nullable: true, description: 'A Stigg subscription by id; null when there is none.' })
  async subscription(@Arg('id', () => ID, { description: 'The Stigg subscription id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.subscription.load(id);
  }

  @FieldResolver(() => Customer, { description: "The subscription's Stigg customer." })
  async customer(@Root() subscription: SubscriptionRecord, @Ctx() ctx: GatewayContext) {
    const customer = await ctx.loaders.customerOf(subscription.customerId);
    if (!customer) throw new GatewayError('NOT_FOUND', `Stigg has no customer ${subscription.customerId} for subscription ${subscription.id}`);
    return customer;
  }

  @FieldResolver(() => Opportunity, { nullable: true, description: 'The Salesforce opportunity this subscription was provisioned from.' })
  async opportunity(@Root() subscription: SubscriptionRecord, @Ctx() ctx: GatewayContext) {
    return opportunityOfSubscription(ctx.loaders, subscription);
  }
}
