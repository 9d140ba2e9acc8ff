import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ProvisioningRun, ProvisioningRunConnection } from '../schema/provisioning-run';
import { ProvisioningPlan } from '../schema/provisioning-plan';
import { ProvisionOpportunityInput, ProvisioningRunFilter, StartTrialInput } from '../schema/provisioning-inputs';
import { Opportunity } from '../schema/opportunity';
import { Subscription } from '../schema/subscription';
import { GatewayContext } from '../context/gateway-context';
import { asProvisionOpportunityError, provisioningRequestFrom, trialRequestFrom } from '../services/provisioning/provisioning-request';
import { RunView } from '../services/provisioning/run-view';
import { Audited } from './audited';

/** A provisioning's audit entry: its opportunity id as sent, and the run's status. */
const AUDIT_PROVISIONING = { target: (args: { input: { opportunityId: string } }) => args.input.opportunityId, outcome: (run: RunView) => run.status };

@Resolver(() => ProvisioningRun)
export class ProvisioningResolver {
  @Authorized('read')
  @Query(() => ProvisioningPlan, { description: 'Dry run: the plan provisionOpportunity would execute, with no writes anywhere (the hook is not called).' })
  async previewProvisioning(@Arg('input', () => ProvisionOpportunityInput, { description: 'The input provisionOpportunity would get.' }) input: ProvisionOpportunityInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.provisioning.preview(ctx.loaders, provisioningRequestFrom(input)).catch(asProvisionOpportunityError);
  }

  @Authorized('provision')
  @Audited(AUDIT_PROVISIONING)
  @Mutation(() => ProvisioningRun, { description: 'Provisions a Closed/Won opportunity in Stigg, once: the run for (opportunity, kind), started, resumed or returned as it is. With `trial`, starts a trial: the one way to start one. Preconditions (validation, not won, mapping, billing email) fail as GraphQL errors and create no run.' })
  async provisionOpportunity(@Arg('input', () => ProvisionOpportunityInput, { description: 'What to provision.' }) input: ProvisionOpportunityInput, @Ctx() ctx: GatewayContext): Promise<RunView> {
    try {
      return await ctx.services.provisioningRuns.provision(ctx.loaders, ctx.principal, provisioningRequestFrom(input));
    } catch (err) {
      return asProvisionOpportunityError(err);
    }
  }

  @Authorized('provision')
  @Audited(AUDIT_PROVISIONING)
  @Mutation(() => ProvisioningRun, { description: 'Shorthand for provisionOpportunity with `trial`, no paymentCollectionMethod and no creditEntitlements: the same TRIAL run (the same terms through either return the same run). Prefer provisionOpportunity with `trial`, which also takes the payment collection and credits a trial that converts to paid may need.' })
  async startTrial(@Arg('input', () => StartTrialInput, { description: 'The trial to start.' }) input: StartTrialInput, @Ctx() ctx: GatewayContext): Promise<RunView> {
    return ctx.services.provisioningRuns.provision(ctx.loaders, ctx.principal, trialRequestFrom(input));
  }

  @Authorized('read')
  @Query(() => ProvisioningRun, { nullable: true, description: 'A provisioning run by id; null when there is none.' })
  async provisioningRun(@Arg('id', () => ID, { description: 'The run id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.provisioningRuns.byId(id);
  }

  @Authorized('read')
  @Query(() => ProvisioningRunConnection, { description: 'Provisioning runs for portals, newest first.' })
  async provisioningRuns(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => ProvisioningRunFilter, { nullable: true, description: 'Which runs; absent: all.' }) filter?: ProvisioningRunFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 200; default 50.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: "The previous page's pageInfo.endCursor." }) after?: string | null,
  ) {
    return ctx.services.provisioningRuns.list(filter ?? {}, first, after);
  }

  @FieldResolver(() => Opportunity, { nullable: true, description: 'The Salesforce Opportunity provisioned.' })
  async opportunity(@Root() run: RunView, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.opportunity.load(run.opportunityId);
  }

  @FieldResolver(() => Subscription, { nullable: true, description: 'The Stigg subscription, once made.' })
  async subscription(@Root() run: RunView, @Ctx() ctx: GatewayContext) {
    return run.subscriptionId ? ctx.loaders.subscription.load(run.subscriptionId) : null;
  }
}
