import { AmendmentPlan } from '../../domain/amendment-plan';
import { Subscription } from '../../domain/stigg-entities';
import { GatewayError } from '../../errors/gateway-error';
import { ProvisioningRunRecord } from '../journal';
import { SalesforceWriteBack } from '../salesforce/write-back';
import { isUncertainOutcome } from '../stigg/stigg-error';
import { StiggGateway } from '../stigg/stigg-gateway';
import { LIVE_SUBSCRIPTION_STATUSES, UpdateSubscriptionInput } from '../stigg/operations';
import { ActionRequired } from './action-required';
import { subscriptionDiff } from './planner/subscription-diff';
import { stiggSubscriptionInput } from './stigg-subscription-input';
import { scheduledOutcomeOf, scheduledStepOutcome, StepOutcome } from './step-outcome';

const LIVE: ReadonlySet<string> = new Set(LIVE_SUBSCRIPTION_STATUSES);

/** The updateOneSubscription input that sets a subscription to an amendment's terms (each list whole). */
export function updateSubscriptionInput(plan: AmendmentPlan): UpdateSubscriptionInput {
  const full = stiggSubscriptionInput(plan);
  return {
    subscriptionId: plan.amendedSubscriptionId,
    ...(full.unitQuantity !== undefined ? { unitQuantity: full.unitQuantity } : {}),
    ...(full.billingPeriod ? { billingPeriod: full.billingPeriod } : {}),
    addons: full.addons ?? [],
    billableFeatures: full.billableFeatures ?? [],
    entitlements: full.entitlements ?? [],
    priceOverrides: full.priceOverrides ?? [],
    ...(plan.scheduleStrategy ? { scheduleStrategy: plan.scheduleStrategy } : {}),
  };
}

/**
 * The AMENDMENT run's steps (HOOK and CUSTOMER are skipped: the customer exists): SUBSCRIPTION
 * applies the change (updateOneSubscription, or provisionSubscriptionV2 for a plan change);
 * WRITE_BACK marks the amendment opportunity. Before any write, and after any uncertain outcome,
 * it looks at Stigg: a subscription already at the target (or a change Stigg already holds for
 * later) is taken as done, so a replay or a lost answer never makes a second change.
 */
export class AmendmentSteps {
  constructor(private readonly stigg: StiggGateway, private readonly writeBack: SalesforceWriteBack) {}

  /** The run's SUBSCRIPTION step or WRITE_BACK step (the saga skips HOOK and CUSTOMER for these kinds). */
  async execute(step: 'SUBSCRIPTION' | 'WRITE_BACK', run: ProvisioningRunRecord, plan: AmendmentPlan): Promise<StepOutcome> {
    return step === 'SUBSCRIPTION' ? this.subscriptionStep(plan) : this.writeBackStep(run, plan);
  }

  /** What Stigg has now: the amended subscription and, for a plan change, the one the change makes. */
  private async look(plan: AmendmentPlan): Promise<StepOutcome | null> {
    const ids = [...new Set([plan.amendedSubscriptionId, plan.subscriptionId])];
    const found = await this.stigg.reader.subscriptionsByIds(ids);
    const current = found.find((s) => s.id === plan.amendedSubscriptionId) ?? null;
    if (plan.action === 'PLAN_CHANGE') {
      const made = found.find((s) => s.id === plan.subscriptionId && LIVE.has(s.status));
      if (made) return { subscriptionId: made.id, output: { subscriptionId: made.id, adopted: true } };
      if (current && plan.expectScheduled && current.scheduledChanges.length > 0) return this.scheduledOutcome(plan, current);
      return null;
    }
    if (!current) throw new GatewayError('NOT_FOUND', `Stigg has no subscription ${plan.amendedSubscriptionId} any more.`, { field: 'subscriptionId' });
    if (subscriptionDiff(current, plan, await this.stigg.reader.catalog()).length === 0) {
      return { subscriptionId: current.id, output: { subscriptionId: current.id, adopted: true } };
    }
    if (plan.scheduleStrategy && current.scheduledChanges.length > 0) return this.scheduledOutcome(plan, current);
    return null;
  }

  private scheduledOutcome(plan: AmendmentPlan, current: Subscription): StepOutcome {
    const effectiveAt = current.scheduledChanges[0]?.effectiveAt ?? (plan.expectedEffectiveAt ? new Date(plan.expectedEffectiveAt) : null);
    return scheduledStepOutcome(plan.subscriptionId, effectiveAt, current.id);
  }

  private async subscriptionStep(plan: AmendmentPlan): Promise<StepOutcome> {
    if (plan.action === 'NONE') {
      return { subscriptionId: plan.amendedSubscriptionId, output: { subscriptionId: plan.amendedSubscriptionId, unchanged: true } };
    }
    const already = await this.look(plan);
    if (already) return already;
    try {
      return plan.action === 'PLAN_CHANGE' ? await this.changePlan(plan) : await this.update(plan);
    } catch (err) {
      if (err instanceof ActionRequired || !isUncertainOutcome(err)) throw err;
      // Lost answer, timeout or a replay: what Stigg has decides.
      const after = await this.look(plan);
      if (after) return after;
      throw err;
    }
  }

  private async update(plan: AmendmentPlan): Promise<StepOutcome> {
    const result = await this.stigg.updateSubscription(updateSubscriptionInput(plan), plan.customerId);
    if (result.scheduled && plan.scheduleStrategy) return scheduledStepOutcome(plan.subscriptionId, result.effectiveAt, result.subscriptionId);
    return { subscriptionId: result.subscriptionId, output: { subscriptionId: result.subscriptionId, adopted: false } };
  }

  private async changePlan(plan: AmendmentPlan): Promise<StepOutcome> {
    const input = { ...stiggSubscriptionInput(plan), ...(plan.scheduleStrategy ? { scheduleStrategy: plan.scheduleStrategy } : {}) };
    const result = await this.stigg.provisionSubscription(input);
    if (result.status === 'PAYMENT_REQUIRED') throw new ActionRequired(result.checkoutUrl);
    if (result.scheduled) return scheduledStepOutcome(plan.subscriptionId, result.effectiveAt, result.subscriptionId);
    const id = result.subscriptionId ?? plan.subscriptionId;
    return { subscriptionId: id, output: { subscriptionId: id, adopted: false } };
  }

  private async writeBackStep(run: ProvisioningRunRecord, plan: AmendmentPlan): Promise<StepOutcome> {
    await this.writeBack.writeOpportunity(plan.opportunityId, {
      subscriptionId: run.subscriptionId ?? plan.subscriptionId,
      status: scheduledOutcomeOf(run) ? 'Scheduled' : 'Provisioned',
    });
    return { output: { opportunityId: plan.opportunityId } };
  }
}
