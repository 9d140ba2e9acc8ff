import { ProvisioningKind } from '../../../domain/provisioning-plan';

/** The deterministic Stigg subscription id of an opportunity: sub-<opportunityId>, or sub-<opportunityId>-trial. */
export function subscriptionIdFor(opportunityId: string, kind: ProvisioningKind): string {
  return kind === 'TRIAL' ? `sub-${opportunityId}-trial` : `sub-${opportunityId}`;
}
