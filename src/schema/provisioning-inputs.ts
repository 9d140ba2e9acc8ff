import { Field, Float, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsEmail, IsPositive, IsOptional, Length, ValidateNested } from 'class-validator';
import { BillingPeriod, CreditCadence, PaymentCollectionMethod, ProvisioningStatus, TrialEndBehavior } from './enums';
import { MoneyInput } from './money';

@InputType()
export class CreditEntitlementInput {
  @Field(() => String) @Length(1, 255) customCurrencyId: string;
  @Field(() => Float) @IsPositive({ message: 'amount must be greater than 0' }) amount: number;
  @Field(() => CreditCadence) cadence: CreditCadence;
  @Field(() => MoneyInput, { nullable: true, description: 'Price override for this credit entitlement on the invoice.' })
  @IsOptional() @ValidateNested() price?: MoneyInput | null;
}

@InputType()
export class TrialInput {
  @Field(() => Date, { nullable: true, description: "Absent: the plan's default trial length." }) endDate?: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true }) endBehavior?: TrialEndBehavior | null;
}

@InputType()
export class ProvisionOpportunityInput {
  @Field(() => ID) opportunityId: string;
  @Field(() => PaymentCollectionMethod, { nullable: true, description: 'Absent or NONE: billing is handled outside Stigg (custom plan); sales prices are then not sent.' })
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  @Field(() => BillingPeriod, { nullable: true }) billingPeriod?: BillingPeriod | null;
  @Field(() => [CreditEntitlementInput], { nullable: true, description: 'Credit entitlements; each replaces the one from the line items for the same currency.' })
  @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) creditEntitlements?: CreditEntitlementInput[] | null;
  @Field(() => TrialInput, { nullable: true }) @IsOptional() @ValidateNested() trial?: TrialInput | null;
  @Field(() => String, { nullable: true, description: "Billing email to use; must belong to a Contact of the opportunity's account." })
  @IsOptional() @IsEmail({}, { message: 'billingEmail must be an email address' }) billingEmail?: string | null;
  @Field(() => String, { nullable: true, description: 'Same key, same result: a retried call never provisions twice.' })
  @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}

@InputType()
export class StartTrialInput {
  @Field(() => ID) opportunityId: string;
  @Field(() => Date, { nullable: true, description: "Absent: the plan's default trial length." }) trialEndDate?: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true }) trialEndBehavior?: TrialEndBehavior | null;
  @Field(() => BillingPeriod, { nullable: true }) billingPeriod?: BillingPeriod | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: 'billingEmail must be an email address' }) billingEmail?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}

@InputType()
export class ProvisioningRunFilter {
  @Field(() => ProvisioningStatus, { nullable: true }) status?: ProvisioningStatus | null;
  @Field(() => ID, { nullable: true }) opportunityId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Runs created at or after this instant.' }) since?: Date | null;
}

