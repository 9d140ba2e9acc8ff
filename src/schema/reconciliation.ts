import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize } from 'class-validator';
import { PageInfo } from './opportunity';

/** Values equal src/services/reconciliation/drift.ts's DRIFT_KINDS. */
export enum DriftKind {
  WON_NOT_PROVISIONED = 'WON_NOT_PROVISIONED',
  SUBSCRIPTION_WITHOUT_OPPORTUNITY = 'SUBSCRIPTION_WITHOUT_OPPORTUNITY',
  PLAN_MISMATCH = 'PLAN_MISMATCH',
  QUANTITY_MISMATCH = 'QUANTITY_MISMATCH',
  ADDON_MISMATCH = 'ADDON_MISMATCH',
  CREDIT_MISMATCH = 'CREDIT_MISMATCH',
  PRICE_MISMATCH = 'PRICE_MISMATCH',
  STALE_SALESFORCE_ID = 'STALE_SALESFORCE_ID',
  STATUS_NOT_SYNCED = 'STATUS_NOT_SYNCED',
}

registerEnumType(DriftKind, {
  name: 'DriftKind',
  description: 'How Salesforce and Stigg disagree (README "Drift: what it means and what to do").',
  valuesConfig: {
    WON_NOT_PROVISIONED: { description: 'A Closed/Won opportunity Stigg has no subscription for.' },
    SUBSCRIPTION_WITHOUT_OPPORTUNITY: { description: "A live Stigg subscription whose salesforceId names no opportunity, or a lost one." },
    PLAN_MISMATCH: { description: "The opportunity's plan (or billing period) is not the subscription's, or its line items no longer make a plan." },
    QUANTITY_MISMATCH: { description: 'Seats, a billable feature quantity or a usage limit differ.' },
    ADDON_MISMATCH: { description: 'An add-on, or its quantity, differs.' },
    CREDIT_MISMATCH: { description: 'A recurring credit entitlement differs.' },
    PRICE_MISMATCH: { description: 'A negotiated price (a price override) differs.' },
    STALE_SALESFORCE_ID: { description: "The opportunity's Stigg subscription id or the account's Stigg customer id disagrees with Stigg." },
    STATUS_NOT_SYNCED: { description: "A field mirroring the subscription (status, plan, trial end, cancellation date) disagrees with Stigg." },
  },
});

@ObjectType({ description: 'A disagreement between Salesforce and Stigg.' })
export class Drift {
  @Field(() => DriftKind, { description: 'What kind of disagreement.' }) kind: DriftKind;
  @Field(() => ID, { nullable: true, description: 'The Salesforce Opportunity concerned, if any.' }) opportunityId: string | null;
  @Field(() => ID, { nullable: true, description: 'The Stigg subscription concerned, if any.' }) subscriptionId: string | null;
  @Field(() => ID, { nullable: true, description: 'The Stigg customer concerned, if any.' }) customerId: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What disagrees: a subscription term as previewAmendment names it (planId, unitQuantity, addons.<id>, billableFeatures.<id>, '
      + 'entitlements.<id>, creditEntitlements.<id>, priceOverrides.<id>), a Salesforce field (Account.<field> for the account\'s), or salesforceId.',
  }) field: string | null;
  @Field(() => String, { nullable: true, description: 'What Salesforce says (for a term: what provisioning would send for the line items today); null: nothing.' })
  salesforceValue: string | null;
  @Field(() => String, { nullable: true, description: 'What Stigg says; null: nothing.' }) stiggValue: string | null;
  @Field(() => String, { description: 'The disagreement in a sentence, for sales ops and finance.' }) message: string;
}

@ObjectType({ description: 'A drift in a page.' })
export class DriftEdge {
  @Field(() => String, { description: "The drift's position, for `after`." }) cursor: string;
  @Field(() => Drift, { description: 'The drift.' }) node: Drift;
}

@ObjectType({ description: 'A page of drifts.' })
export class DriftConnection {
  @Field(() => [DriftEdge], { description: 'The drifts of this page (at most `first`; fewer, even none, when the records it looked at agree).' })
  edges: DriftEdge[];
  @Field(() => PageInfo, { description: 'Where this page sits: pass endCursor as `after` for the next one (it may lie past the last edge).' }) pageInfo: PageInfo;
}

@InputType({ description: 'Which drifts to list; every field given must match.' })
export class ReconciliationFilter {
  @Field(() => [DriftKind], { nullable: true, description: 'Only these kinds; absent or empty: every kind.' }) @ArrayMaxSize(9) kinds?: DriftKind[] | null;
  @Field(() => ID, { nullable: true, description: "Only this Salesforce Account's opportunities, and its Stigg customer's subscriptions (15 or 18 characters)." })
  accountId?: string | null;
}
