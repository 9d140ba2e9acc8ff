import { ProvisioningPlan } from './provisioning-plan';

/** One difference between a subscription as it is and as an amendment wants it. */
export interface SubscriptionChange {
  /** planId, billingPeriod, unitQuantity, billableFeatures.<feature>, addons.<addon>, entitlements.<feature>, creditEntitlements.<currency>, priceOverrides.<base|feature|addon|currency> */
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * How an amendment reaches Stigg: NONE (nothing differs: link and write back only), UPDATE
 * (updateOneSubscription: same plan), PLAN_CHANGE (provisionSubscriptionV2 with the new plan).
 */
export type AmendmentAction = 'NONE' | 'UPDATE' | 'PLAN_CHANGE';

/**
 * What an amendment will do: the target state is a provisioning plan of the amendment opportunity
 * (the same planner, the same rules), kind AMENDMENT; `subscriptionId` is the subscription the
 * change ends on (the amended one, or for a plan change the new one Stigg makes).
 */
export interface AmendmentPlan extends ProvisioningPlan {
  kind: 'AMENDMENT';
  /** The subscription the amendment changes. */
  amendedSubscriptionId: string;
  /** The opportunity whose deal made the amended subscription (its salesforceId), if known. */
  originalOpportunityId: string | null;
  action: AmendmentAction;
  /** The opportunity's Type is the renewal type (SF_RENEWAL_TYPE). */
  renewal: boolean;
  /** Sent to Stigg: END_OF_BILLING_PERIOD for a renewal with changed terms; null lets Stigg decide (downgrades wait). */
  scheduleStrategy: 'END_OF_BILLING_PERIOD' | null;
  changes: SubscriptionChange[];
  /** When the change is expected to take effect if Stigg holds it (ISO 8601), else null. */
  expectedEffectiveAt: string | null;
  /** True when Stigg is expected to apply the change at expectedEffectiveAt rather than now. */
  expectScheduled: boolean;
}
