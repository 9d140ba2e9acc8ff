import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { CancellationTime, PaymentCollectionMethod } from './enums';
import { Money } from './money';
import { ProvisioningPlan } from './provisioning-plan';

@InputType({ description: 'An amendment: a Closed/Won opportunity whose line items are the new full state of a subscription of its account.' })
export class AmendSubscriptionInput {
  @Field(() => ID, { description: 'A Closed/Won opportunity whose line items are the subscription\'s new state (a product absent or at quantity 0 is removed).' })
  opportunityId: string;
  @Field(() => ID, { nullable: true, description: 'The subscription to change; absent: the one the opportunity names (Stigg_Subscription_Id__c).' })
  @IsOptional() @Length(1, 255) subscriptionId?: string | null;
  @Field(() => PaymentCollectionMethod, { nullable: true, description: "How Stigg collects payment for the new terms; absent: as the subscription does now." })
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  @Field(() => String, { nullable: true, description: 'Same key, same result: a retried call never amends twice.' })
  @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}

@InputType({ description: 'Which subscription to cancel, and when.' })
export class CancelSubscriptionInput {
  @Field(() => ID, { description: 'The Stigg subscription.' }) @Length(1, 255) subscriptionId: string;
  @Field(() => CancellationTime, { description: 'When the subscription ends.' }) when: CancellationTime;
  @Field(() => Date, { nullable: true, description: 'Required with SPECIFIC_DATE (in the future); refused with the others.' }) endDate?: Date | null;
  @Field(() => String, { nullable: true, description: 'Same key, same result: a retried call never cancels twice.' })
  @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}

@InputType({ description: 'The subscription whose scheduled change or cancellation is withdrawn.' })
export class WithdrawScheduledChangeInput {
  @Field(() => ID, { description: 'The Stigg subscription that holds the scheduled change.' }) @Length(1, 255) subscriptionId: string;
}

@ObjectType({ description: 'One difference between a subscription as it is and as an amendment wants it.' })
export class SubscriptionChange {
  @Field(() => String, { description: 'e.g. planId, unitQuantity, billableFeatures.feature-seats, addons.addon-sso, entitlements.feature-api-calls, creditEntitlements.currency-api-credits, priceOverrides.base' })
  field: string;
  @Field(() => String, { nullable: true, description: 'The value Stigg has now; null when the subscription lacks it.' }) before: string | null;
  @Field(() => String, { nullable: true, description: 'The value the amendment sets; null when it removes it.' }) after: string | null;
}

@ObjectType({ description: "Stigg's own cost preview of an amendment (previewSubscription), where Stigg collects payment." })
export class AmendmentCost {
  @Field(() => Money, { description: 'Charged now: the proration of the change within the current period.' }) immediateTotal: Money;
  @Field(() => Money, { nullable: true, description: "The next full period's invoice." }) recurringTotal: Money | null;
  @Field(() => Date, { nullable: true, description: 'Where the current billing period ends.' }) billingPeriodEnd: Date | null;
}

@ObjectType({ description: 'What an amendment would change, when, and at what cost; nothing is written to preview it.' })
export class AmendmentPreview {
  @Field(() => ID, { description: 'The subscription the amendment changes.' }) subscriptionId: string;
  @Field(() => [SubscriptionChange], { description: 'Each difference; empty when the amendment changes nothing (e.g. a renewal with the same terms).' })
  changes: SubscriptionChange[];
  @Field(() => Boolean, { description: 'True when Stigg will apply the change at effectiveAt rather than now.' }) scheduled: boolean;
  @Field(() => Date, { nullable: true, description: 'When a scheduled change takes effect.' }) effectiveAt: Date | null;
  @Field(() => [String], { description: 'Things sales operations should know (skipped lines, prices not sent, ...).' }) warnings: string[];
  @Field(() => AmendmentCost, { nullable: true, description: "Stigg's cost preview (proration now, the next invoice), where Stigg collects payment and something changes." })
  cost: AmendmentCost | null;
  @Field(() => ProvisioningPlan, { description: 'The new full state, as provisioning would send it (the same planner and rules).' }) plan: ProvisioningPlan;
}
