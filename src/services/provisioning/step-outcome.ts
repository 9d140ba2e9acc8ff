import { ProvisioningPlan } from '../../domain/provisioning-plan';

/**
 * What a saga step did: skipped, or done with what it learned. `output` is journaled with the
 * step; a SUBSCRIPTION step whose output says `scheduled: true` (with `effectiveAt`) ends the run
 * SCHEDULED.
 */
export interface StepOutcome {
  skipped?: boolean;
  /** The plan as the step changed it (the hook may supply the customer's and resource's ids). */
  plan?: ProvisioningPlan;
  subscriptionId?: string;
  output?: unknown;
}
