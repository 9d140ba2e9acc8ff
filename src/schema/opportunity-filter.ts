import { Field, ID, InputType } from 'type-graphql';
import { DateResolver } from 'graphql-scalars';
import { MaxLength } from 'class-validator';

@InputType()
export class OpportunityFilter {
  @Field(() => ID, { nullable: true }) accountId?: string | null;
  @Field(() => Boolean, { nullable: true }) isWon?: boolean | null;
  @Field(() => String, { nullable: true }) @MaxLength(255) stageName?: string | null;
  @Field(() => DateResolver, { nullable: true }) closedAfter?: Date | string | null;
  @Field(() => Boolean, { nullable: true, description: 'Won opportunities with no Stigg subscription id written back (IsWon = true AND Stigg_Subscription_Id__c = null).' })
  unprovisioned?: boolean | null;
}
