/** The trial window of a new subscription. */
import { stiggError } from '../../errors';
import type { CustomerRec, PlanRec, ProductRec, ProvisionSubscriptionArgs, TrialEndBehavior } from '../records';
import { addDays, addPeriod, toIso } from '../support';

export interface TrialWindow {
  trialEndDate: string | null;
  trialEndBehavior: TrialEndBehavior | null;
}

function trialEnd(startIso: string, trial: NonNullable<PlanRec['defaultTrial']>): string {
  return trial.units === 'MONTH' ? addPeriod(startIso, 'MONTH', trial.duration) : addDays(startIso, trial.duration);
}

/**
 * Trial: an explicit override wins; else the plan's default trial unless skipTrial or the
 * customer already trialed a plan of this product (assumption, from Customer.eligibleForTrial).
 * Free plans have no trial.
 */
export function trialWindow(plan: PlanRec, product: ProductRec, customer: CustomerRec, input: ProvisionSubscriptionArgs, startDate: string): TrialWindow {
  let trialEndDate: string | null = null;
  let trialEndBehavior: TrialEndBehavior | null = null;
  const override = input.trialOverrideConfiguration;
  if (plan.pricingType !== 'FREE') {
    if (override) {
      if (override.isTrial) {
        if (override.trialEndDate) trialEndDate = toIso(override.trialEndDate, 'trialEndDate');
        else if (plan.defaultTrial) trialEndDate = trialEnd(startDate, plan.defaultTrial);
        else throw stiggError('InvalidArgumentError', `trialEndDate is required: plan ${plan.refId} has no default trial`, plan.refId);
        if (trialEndDate <= startDate) throw stiggError('InvalidArgumentError', 'trialEndDate must be after the start date');
        trialEndBehavior = override.trialEndBehavior ?? plan.defaultTrial?.trialEndBehavior ?? 'CONVERT_TO_PAID';
      }
    } else if (!input.skipTrial && plan.defaultTrial && !customer.trialedPlans.some((t) => t.productRefId === product.refId)) {
      trialEndDate = trialEnd(startDate, plan.defaultTrial);
      trialEndBehavior = plan.defaultTrial.trialEndBehavior;
    }
  }
  return { trialEndDate, trialEndBehavior };
}
