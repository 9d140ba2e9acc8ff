import { Field, Float, ID, ObjectType } from 'type-graphql';
import { BillingPeriod, CreditCadence, PaymentCollectionMethod, SubscriptionStatus, TrialEndBehavior } from './enums';
import { Money } from './money';

@ObjectType({ description: 'Access to a Stigg feature, with its usage limit.' })
export class FeatureEntitlement {
  @Field(() => String, { description: 'The Stigg feature.' }) featureId: string;
  @Field(() => Float, { nullable: true, description: 'How much of the feature may be used; null when unlimited or not metered.' }) usageLimit: number | null;
  @Field(() => Boolean, { description: 'Whether usage is unlimited.' }) hasUnlimitedUsage: boolean;
}

@ObjectType({ description: 'Credits granted each period, in one custom currency.' })
export class CreditEntitlement {
  @Field(() => String, { description: 'The Stigg custom currency.' }) currencyId: string;
  @Field(() => Float, { description: 'Credits granted each cadence period.' }) amount: number;
  @Field(() => CreditCadence, { description: 'How often the credits are granted.' }) cadence: CreditCadence;
  @Field(() => Money, { nullable: true, description: 'What these credits cost per cadence period, when Stigg bills them (a credits charge); else null.' }) price: Money | null;
}

@ObjectType({ description: "A price that replaces the plan's or add-on's catalog price for this subscription." })
export class PriceOverride {
  @Field(() => String, { nullable: true, description: "Null when the override is the plan's base charge or an add-on's price." }) featureId: string | null;
  @Field(() => String, { nullable: true, description: "The add-on whose price this is, if it is an add-on's." }) addonId: string | null;
  @Field(() => Boolean, { description: "Whether this is the plan's base charge." }) baseCharge: boolean;
  @Field(() => String, { nullable: true, description: 'Set when the override is a credits charge: the custom currency whose recurring credits it prices (price is then per credit).' })
  currencyId?: string;
  @Field(() => Money, { description: 'The price (per unit for per-unit charges, per credit for a credits charge).' }) price: Money;
}

@ObjectType({ description: 'A change Stigg has accepted and applies later.' })
export class ScheduledChange {
  @Field(() => Date, { description: 'When Stigg applies the change.' }) effectiveAt: Date;
  @Field(() => String, { description: "What changes, e.g. 'Downgrade to plan-starter'." }) description: string;
}

@ObjectType({ description: 'An add-on and how many of it.' })
export class AddonQuantity {
  @Field(() => String, { description: 'The Stigg add-on.' }) addonId: string;
  @Field(() => Float, { description: 'How many.' }) quantity: number;
}

@ObjectType({ description: 'A feature billed per unit (e.g. seats) and how many units are bought.' })
export class BillableFeature {
  @Field(() => String, { description: 'The Stigg feature.' }) featureId: string;
  @Field(() => Float, { description: 'Units bought.' }) quantity: number;
}

@ObjectType({ description: 'A Stigg subscription: a customer on a plan. Ended ones (CANCELED, EXPIRED) stay readable, with their endDate.' })
export class Subscription {
  @Field(() => ID, { description: 'The Stigg subscription id (sub-<opportunityId> when the gateway made it).' }) id: string;
  @Field(() => ID, { description: 'The Stigg customer.' }) customerId: string;
  @Field(() => String, { description: 'The Stigg plan.' }) planId: string;
  @Field(() => SubscriptionStatus, { description: "Stigg's status of the subscription." }) status: SubscriptionStatus;
  @Field(() => BillingPeriod, { nullable: true, description: 'How often it is billed; null for a plan without one.' }) billingPeriod: BillingPeriod | null;
  @Field(() => PaymentCollectionMethod, { nullable: true, description: 'How Stigg collects payment.' }) paymentCollectionMethod: PaymentCollectionMethod | null;
  @Field(() => Boolean, { description: 'Whether the subscription is a trial.' }) isTrial: boolean;
  @Field(() => Date, { nullable: true, description: 'When the trial ends.' }) trialEndDate: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true, description: 'What happens when the trial ends.' }) trialEndBehavior: TrialEndBehavior | null;
  @Field(() => Date, { nullable: true, description: 'When the subscription starts or started.' }) startDate: Date | null;
  @Field(() => String, { nullable: true, description: 'The Stigg resource the subscription is for, if any.' }) resourceId: string | null;
  @Field(() => Float, { nullable: true, description: "The plan's unit quantity, when the plan is priced per unit." }) unitQuantity: number | null;
  @Field(() => [AddonQuantity], { description: 'Add-ons and their quantities.' }) addons: AddonQuantity[];
  @Field(() => [BillableFeature], { description: 'Features billed per unit and their quantities.' }) billableFeatures: BillableFeature[];
  @Field(() => [FeatureEntitlement], { description: 'Feature entitlements.' }) entitlements: FeatureEntitlement[];
  @Field(() => [CreditEntitlement], { description: "Credits the subscription grants each period; price is the subscription's credits charge for that currency, or null." })
  creditEntitlements: CreditEntitlement[];
  @Field(() => [PriceOverride], { description: 'Prices that replace the catalog prices.' }) priceOverrides: PriceOverride[];
  @Field(() => String, { nullable: true, description: 'Where a person completes payment when the status needs it.' }) checkoutUrl: string | null;
  @Field(() => ID, { nullable: true, description: 'The Salesforce Opportunity id Stigg holds for this subscription (its salesforceId).' }) salesforceId: string | null;
  @Field(() => Date, { nullable: true, description: 'When the subscription was, or is to be, canceled.' }) cancellationDate: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: "When the subscription ended (CANCELED or EXPIRED) or is set to end (a cancellation Stigg applies later): Stigg's endDate. Null while no end is set.",
  })
  endDate: Date | null;
  @Field(() => [ScheduledChange], { description: 'Changes Stigg has accepted and applies later, soonest first (e.g. a downgrade at the end of the billing period).' })
  scheduledChanges: ScheduledChange[];
  // customer, opportunity: SubscriptionResolver
}
