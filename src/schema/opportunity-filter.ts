import { Field, ID, InputType } from 'type-graphql';
import { DateResolver } from 'graphql-scalars';
import { MaxLength } from 'class-validator';

@InputType({ description: 'Which opportunities to list; every field given must match.' })
export class OpportunityFilter {
  @Field(() => ID, { nullable: true, description: 'Opportunities of this Salesforce Account (15 or 18 characters).' }) accountId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Won (true) or not won (false) opportunities.' }) isWon?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Opportunities in this stage, matched exactly.' }) @MaxLength(255) stageName?: string | null;
  @Field(() => DateResolver, { nullable: true, description: 'Opportunities closing on or after this date.' }) closedAfter?: Date | string | null;
  @Field(() => Boolean, { nullable: true, description: 'Won opportunities with no Stigg subscription id written back (IsWon = true AND Stigg_Subscription_Id__c = null).' })
  unprovisioned?: boolean | null;
}
