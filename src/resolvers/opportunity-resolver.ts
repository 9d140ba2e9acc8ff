import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Opportunity, OpportunityConnection } from '../schema/opportunity';
import { OpportunityFilter } from '../schema/opportunity-filter';
import { Account } from '../schema/account';
import { Money } from '../schema/money';
import { Subscription } from '../schema/subscription';
import { ProvisioningRun } from '../schema/provisioning-run';
import { OpportunityLineItem } from '../schema/opportunity';
import { GatewayContext } from '../context/gateway-context';
import { Opportunity as OpportunityRecord, OpportunityLineItem as LineItemRecord } from '../domain/salesforce-records';
import { subscriptionOfOpportunity } from '../services/links/system-links';

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Authorized('read')
  @Query(() => Opportunity, { nullable: true, description: 'A Salesforce Opportunity by id; null when there is none.' })
  async opportunity(@Arg('id', () => ID, { description: 'The Salesforce id (15 or 18 characters).' }) id: string, @Ctx() ctx: GatewayContext): Promise<OpportunityRecord | null> {
    return ctx.services.opportunities.byId(ctx.loaders, id);
  }

  @Authorized('read')
  @Query(() => OpportunityConnection, { description: 'Salesforce Opportunities, a page at a time, by id.' })
  async opportunities(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => OpportunityFilter, { nullable: true, description: 'Which opportunities; absent: all.' }) filter?: OpportunityFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 200; default 50.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: "The previous page's pageInfo.endCursor." }) after?: string | null,
  ): Promise<OpportunityConnection> {
    return ctx.services.opportunities.page(ctx.loaders, filter ?? {}, first, after) as Promise<OpportunityConnection>;
  }

  @FieldResolver(() => Money, { nullable: true, description: "The opportunity's amount, in its currency." })
  amount(@Root() opp: OpportunityRecord): Money | null {
    return opp.amount === null ? null : { amount: opp.amount, currency: opp.currency };
  }

  @FieldResolver(() => Account, { nullable: true, description: "The opportunity's Account." })
  async account(@Root() opp: OpportunityRecord, @Ctx() ctx: GatewayContext) {
    return opp.accountId ? ctx.loaders.accountOf(opp.accountId) : null;
  }

  @FieldResolver(() => [OpportunityLineItem], { description: 'The products sold on the opportunity.' })
  async lineItems(@Root() opp: OpportunityRecord, @Ctx() ctx: GatewayContext): Promise<LineItemRecord[]> {
    return ctx.loaders.lineItemsByOpportunity.load(opp.id);
  }

  @FieldResolver(() => Subscription, {
    nullable: true,
    description: 'The Stigg subscription provisioned from this opportunity, if any. When there are several (a trial, then the paid one), '
      + 'the live one, a paid one before a trial; when all have ended, the newest (its status and endDate say so).',
  })
  async subscription(@Root() opp: OpportunityRecord, @Ctx() ctx: GatewayContext) {
    return (await subscriptionOfOpportunity(ctx.loaders, opp)).record;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "True when Stigg_Subscription_Id__c disagrees with Stigg (Stigg's salesforceId wins): it names another subscription than "
      + 'the one whose salesforceId is this opportunity (or none while one exists), a subscription of another opportunity, or one Stigg does not have. '
      + 'Null (with an error) when Stigg could not be asked.',
  })
  async subscriptionIdStale(@Root() opp: OpportunityRecord, @Ctx() ctx: GatewayContext): Promise<boolean> {
    return (await subscriptionOfOpportunity(ctx.loaders, opp)).stale;
  }

  @FieldResolver(() => [ProvisioningRun], { description: 'Every provisioning run of this opportunity, whatever its kind, newest first.' })
  async provisioningRuns(@Root() opp: OpportunityRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.provisioningRunsByOpportunity.load(opp.id);
  }
}
