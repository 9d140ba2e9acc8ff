import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateResolver } from 'graphql-scalars';

@ObjectType()
export class OpportunityLineItem {
  @Field(() => ID) id: string;
  @Field(() => Float) quantity: number;
  @Field(() => Float, { nullable: true, description: 'Discount in percent (0-100), as on the line item.' }) discount: number | null;
  // product, mapping, salesPrice, listPrice, totalPrice: OpportunityLineItemResolver
}

@ObjectType()
export class Opportunity {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String) stageName: string;
  @Field(() => Boolean) isClosed: boolean;
  @Field(() => Boolean) isWon: boolean;
  @Field(() => DateResolver, { nullable: true }) closeDate: string | null;
  @Field(() => String, { nullable: true, description: 'The Stigg subscription id written back to the opportunity (Stigg_Subscription_Id__c).' })
  stiggSubscriptionId: string | null;
  @Field(() => String, { nullable: true, description: 'Stigg_Provisioning_Status__c: Pending, Provisioned, Action required or Failed.' })
  provisioningStatus: string | null;
  // amount, account, lineItems, subscription, provisioningRuns: OpportunityResolver
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => Boolean) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType()
export class OpportunityEdge {
  @Field(() => String) cursor: string;
  @Field(() => Opportunity) node: Opportunity;
}

@ObjectType()
export class OpportunityConnection {
  @Field(() => [OpportunityEdge]) edges: OpportunityEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

