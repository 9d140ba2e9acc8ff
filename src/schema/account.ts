import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class Account {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true, description: "The account's Stigg customer id field (Stigg_Customer_Id__c) as Salesforce holds it." })
  stiggCustomerId: string | null;
  // contacts, opportunities, customer: AccountResolver
}

@ObjectType()
export class Contact {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) email: string | null;
}
