import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GatewayContext } from '../context/gateway-context';
import { Opportunity as OpportunityRecord } from '../domain/salesforce-records';
import { Opportunity } from '../schema/opportunity';
import { DriftConnection, ReconciliationFilter } from '../schema/reconciliation';
import { Audited } from './audited';

@Resolver()
export class ReconciliationResolver {
  @Authorized('read')
  @Query(() => DriftConnection, {
    description: 'Where Salesforce and Stigg disagree: won opportunities (Id order), then live Stigg subscriptions, a page at a time. '
      + 'A page looks at up to `first` records and costs a fixed number of upstream requests whatever `first` is; it holds at most `first` drifts.',
  })
  async reconciliation(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => ReconciliationFilter, { nullable: true, description: 'Which drifts; absent: all.' }) filter?: ReconciliationFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Records a page looks at, and drifts it holds at most: 1 to 200; default 50.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: "The previous page's pageInfo.endCursor." }) after?: string | null,
  ): Promise<DriftConnection> {
    return ctx.services.reconciliation.service.page(ctx.loaders, filter ?? {}, first, after) as Promise<DriftConnection>;
  }

  @Authorized('provision')
  @Audited({ target: (args) => String((args as { opportunityId: unknown }).opportunityId) })
  @Mutation(() => Opportunity, { description: "Rewrites the opportunity's and its account's Stigg fields in Salesforce from Stigg (no Stigg write)." })
  async resyncOpportunity(
    @Arg('opportunityId', () => ID, { description: 'The Salesforce Opportunity (15 or 18 characters).' }) opportunityId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<OpportunityRecord> {
    return (await ctx.services.reconciliation.resync.resync(ctx.loaders, opportunityId)).opportunity;
  }
}
