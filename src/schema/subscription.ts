import { Field, Float, ID, ObjectType } from 'type-graphql';
import { BillingPeriod, CreditCadence, PaymentCollectionMethod, SubscriptionStatus, TrialEndBehavior } from './enums';
import { Money } from './money';

@ObjectType()
export class FeatureEntitlement {
  @Field(() => String) featureId: string;
  @Field(() => Float, { nullable: true }) usageLimit: number | null;
  @Field(() => Boolean) hasUnlimitedUsage: boolean;
}

@ObjectType()
export class CreditEntitlement {
  @Field(() => String) currencyId: string;
  @Field(() => Float) amount: number;
  @Field(() => CreditCadence) cadence: CreditCadence;
  @Field(() => Money, { nullable: true, description: 'What these credits cost per cadence period, when Stigg bills them (a credits charge); else null.' }) price: Money | null;
}

@ObjectType()
export class PriceOverride {
  @Field(() => String, { nullable: true, description: "Null when the override is the plan's base charge or an add-on's price." }) featureId: string | null;
  @Field(() => String, { nullable: true }) addonId: string | null;
  @Field(() => Boolean) baseCharge: boolean;
  @Field(() => String, { nullable: true, description: 'Set when the override is a credits charge: the custom currency whose recurring credits it prices (price is then per credit).' })
  currencyId?: string;
  @Field(() => Money) price: Money;
}

@ObjectType({ description: 'A change Stigg has accepted and applies later.' })
export class ScheduledChange {
  @Field(() => Date) effectiveAt: Date;
  @Field(() => String, { description: "What changes, e.g. 'Downgrade to plan-starter'." }) description: string;
}

@ObjectType()
export class AddonQuantity {
  @Field(() => String) addonId: string;
  @Field(() => Float) quantity: number;
}

@ObjectType({ description: 'A feature billed per unit (e.g. seats) and how many units are bought.' })
export class BillableFeature {
  @Field(() => String) featureId: string;
  @Field(() => Float) quantity: number;
}

@ObjectType()
export class Subscription {
  @Field(() => ID) id: string;
  @Field(() => ID) customerId: string;
  @Field(() => String) planId: string;
  @Field(() => SubscriptionStatus) status: SubscriptionStatus;
  @Field(() => BillingPeriod, { nullable: true }) billingPeriod: BillingPeriod | null;
  @Field(() => PaymentCollectionMethod, { nullable: true }) paymentCollectionMethod: PaymentCollectionMethod | null;
  @Field(() => Boolean) isTrial: boolean;
  @Field(() => Date, { nullable: true }) trialEndDate: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true }) trialEndBehavior: TrialEndBehavior | null;
  @Field(() => Date, { nullable: true }) startDate: Date | null;
  @Field(() => String, { nullable: true }) resourceId: string | null;
  @Field(() => Float, { nullable: true }) unitQuantity: number | null;
  @Field(() => [AddonQuantity]) addons: AddonQuantity[];
  @Field(() => [BillableFeature]) billableFeatures: BillableFeature[];
  @Field(() => [FeatureEntitlement]) entitlements: FeatureEntitlement[];
  @Field(() => [CreditEntitlement], { description: "Credits the subscription grants each period; price is the subscription's credits charge for that currency, or null." })
  creditEntitlements: CreditEntitlement[];
  @Field(() => [PriceOverride]) priceOverrides: PriceOverride[];
  @Field(() => String, { nullable: true, description: 'Where a person completes payment when the status needs it.' }) checkoutUrl: string | null;
  @Field(() => ID, { nullable: true, description: 'The Salesforce Opportunity id Stigg holds for this subscription (its salesforceId).' }) salesforceId: string | null;
  @Field(() => Date, { nullable: true, description: 'When the subscription was, or is to be, canceled.' }) cancellationDate: Date | null;
  @Field(() => [ScheduledChange], { description: 'Changes Stigg has accepted and applies later, soonest first (e.g. a downgrade at the end of the billing period).' })
  scheduledChanges: ScheduledChange[];
  // customer, opportunity: SubscriptionResolver
}
