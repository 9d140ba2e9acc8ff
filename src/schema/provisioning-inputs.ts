import { Field, Float, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsEmail, IsPositive, IsOptional, Length, ValidateNested } from 'class-validator';
import { BillingPeriod, CreditCadence, PaymentCollectionMethod, ProvisioningStatus, TrialEndBehavior } from './enums';
import { MoneyInput } from './money';

@InputType({ description: 'Credits the subscription grants each period, in one custom currency.' })
export class CreditEntitlementInput {
  @Field(() => String, { nullable: true, description: 'The Stigg custom currency (required; or its deprecated alias customCurrencyId).' })
  @IsOptional() @Length(1, 255) currencyId?: string | null;
  @Field(() => String, { nullable: true, description: 'The Stigg custom currency.', deprecationReason: 'Use currencyId.' })
  @IsOptional() @Length(1, 255) customCurrencyId?: string | null;
  @Field(() => Float, { description: 'Credits granted each cadence period.' }) @IsPositive({ message: 'amount must be greater than 0' }) amount: number;
  @Field(() => CreditCadence, { description: 'How often the credits are granted.' }) cadence: CreditCadence;
  @Field(() => MoneyInput, { nullable: true, description: "What the credits cost per cadence period; sent as the plan's credits-charge override when Stigg collects payment." })
  @IsOptional() @ValidateNested() price?: MoneyInput | null;
}

@InputType({ description: 'Makes provisionOpportunity start a trial (a TRIAL run) instead of the paid subscription.' })
export class TrialInput {
  @Field(() => Date, { nullable: true, description: "When the trial ends; absent: the plan's default trial length." }) trialEndDate?: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true, description: "What happens when the trial ends; absent: the plan's default." }) trialEndBehavior?: TrialEndBehavior | null;
  @Field(() => Date, { nullable: true, description: 'When the trial ends.', deprecationReason: 'Use trialEndDate.' }) endDate?: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true, description: 'What happens when the trial ends.', deprecationReason: 'Use trialEndBehavior.' })
  endBehavior?: TrialEndBehavior | null;
}

@InputType({ description: 'What to provision for a Closed/Won opportunity; its line items say what is sold.' })
export class ProvisionOpportunityInput {
  @Field(() => ID, { description: 'The Salesforce Opportunity (15 or 18 characters).' }) opportunityId: string;
  @Field(() => PaymentCollectionMethod, { nullable: true, description: 'Absent or NONE: billing is handled outside Stigg (custom plan); sales prices are then not sent.' })
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  @Field(() => BillingPeriod, { nullable: true, description: 'Absent: MONTHLY for a paid plan.' }) billingPeriod?: BillingPeriod | null;
  @Field(() => [CreditEntitlementInput], { nullable: true, description: 'Credit entitlements; each replaces the one from the line items for the same currency.' })
  @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) creditEntitlements?: CreditEntitlementInput[] | null;
  @Field(() => TrialInput, { nullable: true, description: 'Start a trial instead of the paid subscription: the one way to start a trial (startTrial is its shorthand).' })
  @IsOptional() @ValidateNested() trial?: TrialInput | null;
  @Field(() => String, { nullable: true, description: "Billing email to use; must belong to a Contact of the opportunity's account." })
  @IsOptional() @IsEmail({}, { message: 'billingEmail must be an email address' }) billingEmail?: string | null;
  @Field(() => String, { nullable: true, description: 'Same key, same result: a retried call never provisions twice.' })
  @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}

@InputType({ description: 'startTrial: provisionOpportunity with `trial`, no payment collected by Stigg and no credit entitlements.' })
export class StartTrialInput {
  @Field(() => ID, { description: 'The Salesforce Opportunity (15 or 18 characters).' }) opportunityId: string;
  @Field(() => Date, { nullable: true, description: "When the trial ends; absent: the plan's default trial length." }) trialEndDate?: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true, description: "What happens when the trial ends; absent: the plan's default." }) trialEndBehavior?: TrialEndBehavior | null;
  @Field(() => BillingPeriod, { nullable: true, description: 'Absent: MONTHLY for a paid plan.' }) billingPeriod?: BillingPeriod | null;
  @Field(() => String, { nullable: true, description: "Billing email to use; must belong to a Contact of the opportunity's account." })
  @IsOptional() @IsEmail({}, { message: 'billingEmail must be an email address' }) billingEmail?: string | null;
  @Field(() => String, { nullable: true, description: 'Same key, same result: a retried call never provisions twice.' })
  @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}

@InputType({ description: 'Which provisioning runs to list; every field given must match.' })
export class ProvisioningRunFilter {
  @Field(() => ProvisioningStatus, { nullable: true, description: 'Runs in this status.' }) status?: ProvisioningStatus | null;
  @Field(() => ID, { nullable: true, description: 'Runs for this Salesforce Opportunity (15 or 18 characters).' }) opportunityId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Runs created at or after this instant.' }) since?: Date | null;
}

