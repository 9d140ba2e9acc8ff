import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AutomationStatus } from '../schema/automation-status';
import { ProvisioningRun } from '../schema/provisioning-run';
import { GatewayContext } from '../context/gateway-context';
import { runView, RunView } from '../services/provisioning/run-view';
import { Audited } from './audited';

@Resolver()
export class AutomationResolver {
  @Authorized('read')
  @Query(() => AutomationStatus, { description: 'Closed/Won automation: its mode, the change-event subscription, the sweep, retries waiting and runs that need attention.' })
  async automationStatus(@Ctx() ctx: GatewayContext): Promise<AutomationStatus> {
    const status = await ctx.services.automation.status();
    return { ...status, needsAttentionCount: status.needsAttention };
  }

  @Authorized('provision')
  @Audited({ target: (args: { runId: string }) => args.runId, outcome: (run: RunView) => run.status })
  @Mutation(() => ProvisioningRun, { description: "Asks a FAILED or NEEDS_ATTENTION run again now (trigger RETRY), e.g. after someone fixed the deal: it resumes with its stored plan, or, for a deal that failed a precondition, is planned afresh (a precondition still failing is a GraphQL error). NOT_FOUND for no such run; BAD_USER_INPUT for a run in another status." })
  async retryProvisioning(@Arg('runId', () => ID, { description: 'The run to ask again.' }) runId: string, @Ctx() ctx: GatewayContext): Promise<RunView> {
    return runView(await ctx.services.runRetries.retry(ctx.principal, runId, ctx.loaders));
  }
}
