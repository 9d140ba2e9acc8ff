import { Field, Float, ID, ObjectType } from 'type-graphql';
import { BillingPeriod, PaymentCollectionMethod, ProvisioningKind, TrialEndBehavior } from './enums';
import { AddonQuantity, BillableFeature, CreditEntitlement, FeatureEntitlement, PriceOverride } from './subscription';

@ObjectType({ description: 'What provisionOpportunity would send to Stigg, computed without side effects.' })
export class ProvisioningPlan {
  @Field(() => ID, { description: 'The Salesforce Opportunity (18 characters).' }) opportunityId: string;
  @Field(() => ProvisioningKind, { description: 'SUBSCRIPTION, or TRIAL when a trial is asked for.' }) kind: ProvisioningKind;
  @Field(() => ID, { description: 'The Stigg customer id; when a provisioning hook will supply it, the id it would otherwise default to.' }) customerId: string;
  @Field(() => String, { description: "The Stigg customer's name: the account's." }) customerName: string;
  @Field(() => String, { nullable: true, description: "The customer's billing email, when invoices need one." }) billingEmail: string | null;
  @Field(() => ID, { description: 'The deterministic Stigg subscription id (sub-<opportunityId>, or sub-<opportunityId>-trial).' }) subscriptionId: string;
  @Field(() => String, { description: 'The Stigg plan of the plan line item.' }) planId: string;
  @Field(() => BillingPeriod, { nullable: true, description: 'The billing period sent to Stigg; null for a free or custom plan without one.' }) billingPeriod: BillingPeriod | null;
  @Field(() => PaymentCollectionMethod, { description: 'How Stigg collects payment.' }) paymentCollectionMethod: PaymentCollectionMethod;
  @Field(() => Boolean, { description: 'Whether the subscription starts as a trial.' }) isTrial: boolean;
  @Field(() => Date, { nullable: true, description: 'When the trial ends.' }) trialEndDate: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true, description: 'What happens when the trial ends.' }) trialEndBehavior: TrialEndBehavior | null;
  @Field(() => String, { nullable: true, description: 'The Stigg resource the subscription is for, if any.' }) resourceId: string | null;
  @Field(() => Float, { nullable: true, description: "The plan's unit quantity, when the plan is priced per unit." }) unitQuantity: number | null;
  @Field(() => [AddonQuantity], { description: 'Add-ons and their quantities.' }) addons: AddonQuantity[];
  @Field(() => [BillableFeature], { description: 'Features billed per unit and their quantities.' }) billableFeatures: BillableFeature[];
  @Field(() => [FeatureEntitlement], { description: 'Feature entitlements from the line items.' }) entitlements: FeatureEntitlement[];
  @Field(() => [CreditEntitlement], { description: 'Credits granted each period, by currency.' }) creditEntitlements: CreditEntitlement[];
  @Field(() => [PriceOverride], { description: 'Prices from the sales prices, sent only when Stigg collects payment.' }) priceOverrides: PriceOverride[];
  @Field(() => [String], { description: 'Things a person should know, e.g. a sales price ignored because billing is external.' }) warnings: string[];
}
