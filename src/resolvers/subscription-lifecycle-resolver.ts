import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { GatewayContext } from '../context/gateway-context';
import { ProvisioningRun } from '../schema/provisioning-run';
import { Subscription } from '../schema/subscription';
import { AmendmentPreview, AmendSubscriptionInput, CancelSubscriptionInput, WithdrawScheduledChangeInput } from '../schema/subscription-lifecycle';
import { runView, RunView } from '../services/provisioning/run-view';
import { Audited } from './audited';

const runStatus = (run: RunView) => run.status;

@Resolver()
export class SubscriptionLifecycleResolver {
  @Authorized('read')
  @Query(() => AmendmentPreview, { description: 'The diff an amendment would apply, when, and what Stigg says it costs; no writes.' })
  async previewAmendment(@Arg('input', () => AmendSubscriptionInput, { description: 'The amendment amendSubscription would get.' }) input: AmendSubscriptionInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.lifecycle.previewAmendment(ctx.loaders, input);
  }

  @Authorized('provision')
  @Audited({ target: (args) => (args as { input: { opportunityId: string } }).input.opportunityId, outcome: runStatus })
  @Mutation(() => ProvisioningRun, { description: "Applies a Closed/Won amendment to its subscription, once: the AMENDMENT run of the opportunity, started, resumed or returned as it is. A change Stigg applies later (a downgrade, a renewal with new terms) ends SCHEDULED with effectiveAt. Preconditions fail as GraphQL errors and create no run." })
  async amendSubscription(@Arg('input', () => AmendSubscriptionInput, { description: 'The amendment.' }) input: AmendSubscriptionInput, @Ctx() ctx: GatewayContext): Promise<RunView> {
    return runView(await ctx.services.lifecycle.amend(ctx.loaders, ctx.principal, input));
  }

  @Authorized('provision')
  @Audited({ target: (args) => (args as { input: { subscriptionId: string } }).input.subscriptionId, outcome: runStatus })
  @Mutation(() => ProvisioningRun, { description: "Cancels a subscription, once: the CANCELLATION run of the opportunity that made it. IMMEDIATE ends SUCCEEDED ('Canceled' in Salesforce); a later one ends SCHEDULED with effectiveAt ('Cancellation scheduled'). An already canceled subscription is SUBSCRIPTION_ALREADY_CANCELED." })
  async cancelSubscription(@Arg('input', () => CancelSubscriptionInput, { description: 'The cancellation.' }) input: CancelSubscriptionInput, @Ctx() ctx: GatewayContext): Promise<RunView> {
    return runView(await ctx.services.lifecycle.cancel(ctx.loaders, ctx.principal, input));
  }

  @Authorized('provision')
  @Audited({ target: (args) => (args as { input: { subscriptionId: string } }).input.subscriptionId })
  @Mutation(() => Subscription, { description: "Withdraws what Stigg holds for later on a subscription (a scheduled downgrade or renewal, a cancellation at period end or on a date) through Stigg's cancelSchedule; the runs that made them become WITHDRAWN. NOTHING_SCHEDULED when there is nothing to withdraw." })
  async withdrawScheduledChange(@Arg('input', () => WithdrawScheduledChangeInput, { description: 'The subscription.' }) input: WithdrawScheduledChangeInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.lifecycle.withdrawScheduledChange(ctx.loaders, input.subscriptionId);
  }
}
