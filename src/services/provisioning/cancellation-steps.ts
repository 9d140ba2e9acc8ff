import { CancellationPlan } from '../../domain/cancellation-plan';
import { Subscription } from '../../domain/stigg-entities';
import { GatewayError } from '../../errors/gateway-error';
import { ProvisioningRunRecord } from '../journal';
import { SalesforceWriteBack } from '../salesforce/write-back';
import { isUncertainOutcome } from '../stigg/stigg-error';
import { StiggGateway } from '../stigg/stigg-gateway';
import { scheduledOutcomeOf, scheduledStepOutcome, StepOutcome } from './step-outcome';

/**
 * The CANCELLATION run's steps (HOOK and CUSTOMER are skipped): SUBSCRIPTION sends
 * cancelSubscription; WRITE_BACK marks the opportunity that made the subscription 'Canceled' or
 * 'Cancellation scheduled'. Before the write, and after an uncertain outcome, it looks at Stigg:
 * a subscription already canceled (or with its cancellation date set, for a later one) is taken
 * as done.
 */
export class CancellationSteps {
  constructor(private readonly stigg: StiggGateway, private readonly writeBack: SalesforceWriteBack) {}

  /** The run's SUBSCRIPTION step or WRITE_BACK step (the saga skips HOOK and CUSTOMER for these kinds). */
  async execute(step: 'SUBSCRIPTION' | 'WRITE_BACK', run: ProvisioningRunRecord, plan: CancellationPlan): Promise<StepOutcome> {
    return step === 'SUBSCRIPTION' ? this.subscriptionStep(plan) : this.writeBackStep(run, plan);
  }

  private outcomeOf(plan: CancellationPlan, sub: Pick<Subscription, 'status' | 'cancellationDate'>): StepOutcome | null {
    if (sub.status === 'CANCELED' || sub.status === 'EXPIRED') {
      return { subscriptionId: plan.subscriptionId, output: { subscriptionId: plan.subscriptionId, canceled: true } };
    }
    if (plan.when !== 'IMMEDIATE' && sub.cancellationDate) {
      return scheduledStepOutcome(plan.subscriptionId, sub.cancellationDate, plan.subscriptionId);
    }
    return null;
  }

  private async look(plan: CancellationPlan): Promise<StepOutcome | null> {
    const [sub] = await this.stigg.reader.subscriptionsByIds([plan.subscriptionId]);
    if (!sub) throw new GatewayError('NOT_FOUND', `Stigg has no subscription ${plan.subscriptionId}.`, { field: 'subscriptionId' });
    return this.outcomeOf(plan, sub);
  }

  private async subscriptionStep(plan: CancellationPlan): Promise<StepOutcome> {
    const already = await this.look(plan);
    if (already) return already;
    try {
      const result = await this.stigg.cancelSubscription({
        subscriptionRefId: plan.subscriptionId,
        subscriptionCancellationTime: plan.when,
        ...(plan.endDate ? { endDate: plan.endDate } : {}),
      }, plan.customerId);
      const outcome = this.outcomeOf(plan, { status: result.status as Subscription['status'], cancellationDate: result.cancellationDate });
      if (outcome) return outcome;
      throw new GatewayError('UPSTREAM_REJECTED', `Stigg answered the cancellation of ${plan.subscriptionId} without canceling it (status ${result.status}).`,
        { service: 'stigg' });
    } catch (err) {
      if (!isUncertainOutcome(err)) throw err;
      const after = await this.look(plan);
      if (after) return after;
      throw err;
    }
  }

  private async writeBackStep(run: ProvisioningRunRecord, plan: CancellationPlan): Promise<StepOutcome> {
    await this.writeBack.writeOpportunity(plan.opportunityId, { status: scheduledOutcomeOf(run) ? 'Cancellation scheduled' : 'Canceled' });
    return { output: { opportunityId: plan.opportunityId } };
  }
}
