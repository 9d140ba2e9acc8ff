import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ProvisioningRun, ProvisioningRunConnection } from '../schema/provisioning-run';
import { ProvisioningPlan } from '../schema/provisioning-plan';
import { ProvisionOpportunityInput, ProvisioningRunFilter, StartTrialInput } from '../schema/provisioning-inputs';
import { Opportunity } from '../schema/opportunity';
import { Subscription } from '../schema/subscription';
import { GatewayContext } from '../context/gateway-context';
import { asProvisionOpportunityError, provisioningRequestFrom, trialRequestFrom } from '../services/provisioning/provisioning-request';
import { RunView } from '../services/provisioning/run-view';

@Resolver(() => ProvisioningRun)
export class ProvisioningResolver {
  @Authorized('read')
  @Query(() => ProvisioningPlan, { description: 'Dry run: the plan provisionOpportunity would execute, with no writes anywhere (the hook is not called).' })
  async previewProvisioning(@Arg('input', () => ProvisionOpportunityInput) input: ProvisionOpportunityInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.provisioning.preview(ctx.loaders, provisioningRequestFrom(input)).catch(asProvisionOpportunityError);
  }

  @Authorized('provision')
  @Mutation(() => ProvisioningRun, { description: 'Preconditions (validation, not won, mapping, billing email) fail as GraphQL errors and create no run.' })
  async provisionOpportunity(@Arg('input', () => ProvisionOpportunityInput) input: ProvisionOpportunityInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.provisioningRuns.provision(ctx, 'provisionOpportunity', input.opportunityId, () => provisioningRequestFrom(input)).catch(asProvisionOpportunityError);
  }

  @Authorized('provision')
  @Mutation(() => ProvisioningRun)
  async startTrial(@Arg('input', () => StartTrialInput) input: StartTrialInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.provisioningRuns.provision(ctx, 'startTrial', input.opportunityId, () => trialRequestFrom(input));
  }

  @Authorized('read')
  @Query(() => ProvisioningRun, { nullable: true })
  async provisioningRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.provisioningRuns.byId(id);
  }

  @Authorized('read')
  @Query(() => ProvisioningRunConnection, { description: 'Provisioning runs for portals, newest first.' })
  async provisioningRuns(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => ProvisioningRunFilter, { nullable: true }) filter?: ProvisioningRunFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return ctx.services.provisioningRuns.list(filter ?? {}, first, after);
  }

  @FieldResolver(() => Opportunity, { nullable: true })
  async opportunity(@Root() run: RunView, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.opportunity.load(run.opportunityId);
  }

  @FieldResolver(() => Subscription, { nullable: true })
  async subscription(@Root() run: RunView, @Ctx() ctx: GatewayContext) {
    return run.subscriptionId ? ctx.loaders.subscription.load(run.subscriptionId) : null;
  }
}
