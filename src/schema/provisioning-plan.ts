import { Field, Float, ID, ObjectType } from 'type-graphql';
import { BillingPeriod, PaymentCollectionMethod, ProvisioningKind, TrialEndBehavior } from './enums';
import { AddonQuantity, BillableFeature, CreditEntitlement, FeatureEntitlement, PriceOverride } from './subscription';

@ObjectType({ description: 'What provisionOpportunity would send to Stigg, computed without side effects.' })
export class ProvisioningPlan {
  @Field(() => ID) opportunityId: string;
  @Field(() => ProvisioningKind) kind: ProvisioningKind;
  @Field(() => ID, { description: 'The Stigg customer id; when a provisioning hook will supply it, the id it would otherwise default to.' }) customerId: string;
  @Field(() => String) customerName: string;
  @Field(() => String, { nullable: true }) billingEmail: string | null;
  @Field(() => ID, { description: 'The deterministic Stigg subscription id (sub-<opportunityId>, or sub-<opportunityId>-trial).' }) subscriptionId: string;
  @Field(() => String) planId: string;
  @Field(() => BillingPeriod, { nullable: true }) billingPeriod: BillingPeriod | null;
  @Field(() => PaymentCollectionMethod) paymentCollectionMethod: PaymentCollectionMethod;
  @Field(() => Boolean) isTrial: boolean;
  @Field(() => Date, { nullable: true }) trialEndDate: Date | null;
  @Field(() => TrialEndBehavior, { nullable: true }) trialEndBehavior: TrialEndBehavior | null;
  @Field(() => String, { nullable: true }) resourceId: string | null;
  @Field(() => Float, { nullable: true }) unitQuantity: number | null;
  @Field(() => [AddonQuantity]) addons: AddonQuantity[];
  @Field(() => [BillableFeature]) billableFeatures: BillableFeature[];
  @Field(() => [FeatureEntitlement]) entitlements: FeatureEntitlement[];
  @Field(() => [CreditEntitlement]) creditEntitlements: CreditEntitlement[];
  @Field(() => [PriceOverride]) priceOverrides: PriceOverride[];
  @Field(() => [String], { description: 'Things a person should know, e.g. a sales price ignored because billing is external.' }) warnings: string[];
}
