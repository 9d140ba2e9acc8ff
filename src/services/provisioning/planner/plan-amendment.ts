import { AmendmentPlan } from '../../../domain/amendment-plan';
import { ProvisioningPlan } from '../../../domain/provisioning-plan';
import { StiggCatalog } from '../../../domain/stigg-catalog';
import { Subscription } from '../../../domain/stigg-entities';
import { GatewayError } from '../../../errors/gateway-error';
import { isPlanDowngrade } from './plan-downgrade';
import { subscriptionDiff } from './subscription-diff';

/** What the amendment planner reasons about, read beforehand by the amendment service. */
export interface AmendmentInput {
  /** The amendment opportunity's provisioning plan (the provisioning planner's, unchanged): the new full state. */
  target: ProvisioningPlan;
  /** The subscription as Stigg has it now. */
  current: Subscription;
  /** The Stigg customer's salesforceId (its Account), if it has one. */
  currentCustomerSalesforceId: string | null;
  /** The amendment opportunity's Type, and the value that makes it a renewal (SF_RENEWAL_TYPE). */
  opportunityType: string | null;
  renewalType: string;
  catalog: StiggCatalog;
}

/**
 * An amendment: the subscription's new full state is the amendment opportunity's provisioning
 * plan; what changes is the diff between it and the subscription as Stigg has it. Preconditions
 * (GatewayError): SUBSCRIPTION_ALREADY_CANCELED when the subscription has ended,
 * AMENDMENT_ACCOUNT_MISMATCH when the opportunity's account is not the subscription's customer.
 *
 * - A renewal (Type = SF_RENEWAL_TYPE) with the same terms changes nothing (NONE: link and write
 *   back); with changed terms it is applied at the end of the current billing period.
 * - Otherwise a different plan is a PLAN_CHANGE (Stigg applies a downgrade at the end of the
 *   period, an upgrade now), anything else an UPDATE applied now.
 */
export function planAmendment(input: AmendmentInput): AmendmentPlan {
  const { target, current } = input;
  if (current.status === 'CANCELED' || current.status === 'EXPIRED') {
    throw new GatewayError('SUBSCRIPTION_ALREADY_CANCELED',
      `Subscription ${current.id} is ${current.status.toLowerCase()}; an amendment changes a live subscription. Provision a new one instead.`,
      { field: 'subscriptionId', subscriptionId: current.id, status: current.status });
  }
  const sameCustomer = current.customerId === target.customerId || input.currentCustomerSalesforceId === target.accountId;
  if (!sameCustomer) {
    throw new GatewayError('AMENDMENT_ACCOUNT_MISMATCH',
      `Opportunity ${target.opportunityId} belongs to account ${target.accountId}, but subscription ${current.id} belongs to Stigg customer ${current.customerId}. `
      + 'An amendment changes a subscription of its own account.',
      { field: 'subscriptionId', subscriptionId: current.id, customerId: current.customerId, accountId: target.accountId });
  }

  const changes = subscriptionDiff(current, target, input.catalog);
  const renewal = input.opportunityType !== null && input.opportunityType.trim().toLowerCase() === input.renewalType.trim().toLowerCase();
  const planChange = target.planId !== current.planId;
  const action = changes.length === 0 ? 'NONE' : planChange ? 'PLAN_CHANGE' : 'UPDATE';
  const periodEnd = current.currentBillingPeriodEnd ? current.currentBillingPeriodEnd.toISOString() : null;
  const expectScheduled = action !== 'NONE'
    && (renewal || (planChange && isPlanDowngrade(input.catalog, current.planId, target.planId, current.billingPeriod)));
  const warnings = [...target.warnings];
  if (expectScheduled && !periodEnd) warnings.push('Stigg did not say when the current billing period ends: the change takes effect when Stigg schedules it.');

  return {
    ...target,
    kind: 'AMENDMENT',
    // A plan change makes a new subscription (the amendment's deterministic id); anything else keeps the subscription.
    subscriptionId: action === 'PLAN_CHANGE' ? target.subscriptionId : current.id,
    amendedSubscriptionId: current.id,
    originalOpportunityId: current.salesforceId,
    action,
    renewal,
    scheduleStrategy: renewal && action !== 'NONE' ? 'END_OF_BILLING_PERIOD' : null,
    changes,
    expectedEffectiveAt: expectScheduled ? periodEnd : null,
    expectScheduled,
    warnings,
  };
}
