import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateResolver } from 'graphql-scalars';

@ObjectType({ description: 'A product sold on an opportunity.' })
export class OpportunityLineItem {
  @Field(() => ID, { description: 'The OpportunityLineItem id (18 characters).' }) id: string;
  @Field(() => Float, { description: 'How many units were sold.' }) quantity: number;
  @Field(() => Float, { nullable: true, description: 'Discount in percent (0-100), as on the line item.' }) discount: number | null;
  // product, mapping, salesPrice, listPrice, totalPrice: OpportunityLineItemResolver
}

@ObjectType({ description: 'A Salesforce Opportunity: a deal.' })
export class Opportunity {
  @Field(() => ID, { description: 'The Opportunity id (18 characters).' }) id: string;
  @Field(() => String, { description: "The opportunity's name." }) name: string;
  @Field(() => String, { description: 'The sales stage.' }) stageName: string;
  @Field(() => Boolean, { description: 'Whether the opportunity is closed (won or lost).' }) isClosed: boolean;
  @Field(() => Boolean, { description: 'Whether the opportunity is Closed/Won: only won opportunities are provisioned.' }) isWon: boolean;
  @Field(() => DateResolver, { nullable: true, description: 'The close date.' }) closeDate: string | null;
  @Field(() => String, { nullable: true, description: 'The Stigg subscription id written back to the opportunity (Stigg_Subscription_Id__c).' })
  stiggSubscriptionId: string | null;
  @Field(() => String, { nullable: true, description: 'Stigg_Provisioning_Status__c as written back: Pending, Provisioned, Scheduled, Action required or Failed.' })
  provisioningStatus: string | null;
  // amount, account, lineItems, subscription, provisioningRuns: OpportunityResolver
}

@ObjectType({ description: 'Where a page of a connection sits.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether another page follows.' }) hasNextPage: boolean;
  @Field(() => Boolean, { description: 'Whether this page was asked for after a cursor.' }) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: "The first edge's cursor." }) startCursor: string | null;
  @Field(() => String, { nullable: true, description: "The last edge's cursor: pass it as `after` for the next page." }) endCursor: string | null;
}

@ObjectType({ description: 'An opportunity in a page.' })
export class OpportunityEdge {
  @Field(() => String, { description: "The opportunity's position, for `after`." }) cursor: string;
  @Field(() => Opportunity, { description: 'The opportunity.' }) node: Opportunity;
}

@ObjectType({ description: 'A page of opportunities, by id.' })
export class OpportunityConnection {
  @Field(() => [OpportunityEdge], { description: 'The opportunities of this page.' }) edges: OpportunityEdge[];
  @Field(() => PageInfo, { description: 'Where this page sits: pass endCursor as `after` for the next one.' }) pageInfo: PageInfo;
}

