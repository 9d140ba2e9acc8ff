import { ProvisioningRequest } from '../../../domain/provisioning-plan';
import { CatalogPlan } from '../../../domain/stigg-catalog';
import { TrialEndBehavior } from '../../../domain/stigg-entities';
import { GatewayError } from '../../../errors/gateway-error';

export interface TrialWindow {
  isTrial: boolean;
  /** Non-trial provisioning sends skipTrial: true. */
  skipTrial: boolean;
  trialEndDate: Date | null;
  trialEndBehavior: TrialEndBehavior | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Trial or not. A trial (kind TRIAL, or a SUBSCRIPTION request with `trial`)
 * ends at the requested date, else `now` + the plan's default trial days; it
 * must end in the future. Errors are BAD_USER_INPUT on `trialEndDate` (kind
 * TRIAL) or `trial.endDate` (kind SUBSCRIPTION).
 */
export function trialWindow(request: ProvisioningRequest, plan: CatalogPlan, now: Date): TrialWindow {
  if (request.kind !== 'TRIAL' && request.trial === null) {
    return { isTrial: false, skipTrial: true, trialEndDate: null, trialEndBehavior: null };
  }
  const field = request.kind === 'TRIAL' ? 'trialEndDate' : 'trial.endDate';
  const requestedEnd = request.trial?.endDate ?? null;
  const defaultDays = plan.defaultTrialDays !== null && plan.defaultTrialDays > 0 ? plan.defaultTrialDays : null;

  let trialEndDate: Date;
  if (requestedEnd) {
    if (Number.isNaN(requestedEnd.getTime())) {
      throw GatewayError.badInput(field, 'The trial end date is not a valid date.');
    }
    if (requestedEnd.getTime() <= now.getTime()) {
      throw GatewayError.badInput(field,
        `The trial end date ${requestedEnd.toISOString()} is not in the future; choose a later date.`);
    }
    trialEndDate = requestedEnd;
  } else if (defaultDays !== null) {
    trialEndDate = new Date(now.getTime() + defaultDays * DAY_MS);
  } else {
    throw GatewayError.badInput(field,
      `Plan '${plan.displayName}' has no default trial length: give the trial end date.`);
  }
  return {
    isTrial: true,
    skipTrial: false,
    trialEndDate,
    trialEndBehavior: request.trial?.endBehavior ?? null,
  };
}
