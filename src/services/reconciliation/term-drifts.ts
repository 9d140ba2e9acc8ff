import { ProvisioningPlan } from '../../domain/provisioning-plan';
import { Subscription } from '../../domain/stigg-entities';
import { StiggCatalog } from '../../domain/stigg-catalog';
import { subscriptionDiff } from '../provisioning/planner/subscription-diff';
import { Drift } from './drift';
import { driftKindOfTerm } from './term-drift-kind';

/** An opportunity's provisioning plan (or why its line items make none) against its subscription as Stigg has it. */
export interface TermComparison {
  opportunityId: string;
  subscription: Subscription;
  catalog: StiggCatalog;
  /** What provisioning would send for the opportunity's line items today (the provisioning planner's plan). */
  plan: ProvisioningPlan | null;
  /** Why the planner made no plan (e.g. PLAN_MISSING after the plan line was deleted): `{ code, message }`. */
  planError: { code: string; message: string } | null;
}

const describe = (v: string | null): string => (v === null ? 'none' : v);

/**
 * The subscription terms on which Salesforce and Stigg disagree, one drift per term, classified
 * from the amendment diff (planner/subscription-diff: the same rules, so "what Salesforce says" is
 * exactly what provisioning would send; a price at the catalog's list price is no override). Line
 * items that no longer make a plan are one PLAN_MISMATCH naming the planner's refusal.
 */
export function termDrifts(c: TermComparison): Drift[] {
  const { subscription } = c;
  const base = { opportunityId: c.opportunityId, subscriptionId: subscription.id, customerId: subscription.customerId };
  if (!c.plan) {
    const why = c.planError ? `${c.planError.code}: ${c.planError.message}` : 'no plan';
    return [{
      ...base,
      kind: 'PLAN_MISMATCH',
      field: 'planId',
      salesforceValue: null,
      stiggValue: subscription.planId,
      message: `The line items of opportunity ${c.opportunityId} no longer make a provisioning plan (${why}); `
        + `Stigg's subscription ${subscription.id} is on plan ${subscription.planId}.`,
    }];
  }
  return subscriptionDiff(subscription, c.plan, c.catalog).map((change) => ({
    ...base,
    kind: driftKindOfTerm(change.field),
    field: change.field,
    salesforceValue: change.after,
    stiggValue: change.before,
    message: `${change.field}: the line items of opportunity ${c.opportunityId} say ${describe(change.after)}, `
      + `Stigg's subscription ${subscription.id} has ${describe(change.before)}.`,
  }));
}
