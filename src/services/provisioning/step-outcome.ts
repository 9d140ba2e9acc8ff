import { ProvisioningPlan } from '../../domain/provisioning-plan';
import { ProvisioningRunRecord } from '../journal';

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

/** What the SUBSCRIPTION step records when Stigg holds the change for later instead of applying it. */
interface ScheduledOutput {
  subscriptionId: string;
  adopted: false;
  scheduled: true;
  effectiveAt: string | null;
  /** The subscription that runs until then. */
  current: string | null;
}

/** A SUBSCRIPTION step's outcome when Stigg scheduled the change: `subscriptionId` is the one asked for, `current` the one running until `effectiveAt`. */
export function scheduledStepOutcome(subscriptionId: string, effectiveAt: Date | null, current: string | null): StepOutcome {
  const output: ScheduledOutput = { subscriptionId, adopted: false, scheduled: true, effectiveAt: effectiveAt?.toISOString() ?? null, current };
  return { subscriptionId, output };
}

/** The run's SUBSCRIPTION step outcome when Stigg scheduled it, else null (read from the journal, so a resumed run knows too). */
export function scheduledOutcomeOf(run: ProvisioningRunRecord): { effectiveAt: Date | null } | null {
  const output = run.steps.find((s) => s.name === 'SUBSCRIPTION')?.output as Partial<ScheduledOutput> | null | undefined;
  if (!output?.scheduled) return null;
  return { effectiveAt: output.effectiveAt ? new Date(output.effectiveAt) : null };
}
