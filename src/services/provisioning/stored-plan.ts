import { ProvisioningPlan } from '../../domain/provisioning-plan';

/** A plan read back from the journal's JSON: dates come back as strings. */
export function planFromJournal(stored: unknown): ProvisioningPlan {
  const plan = stored as ProvisioningPlan & { trialEndDate: string | Date | null };
  return { ...plan, trialEndDate: plan.trialEndDate ? new Date(plan.trialEndDate) : null };
}
