import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A Salesforce Account: the company that buys.' })
export class Account {
  @Field(() => ID, { description: 'The Account id (18 characters).' }) id: string;
  @Field(() => String, { description: "The account's name." }) name: string;
  @Field(() => String, { nullable: true, description: "The account's Stigg customer id field (Stigg_Customer_Id__c) as Salesforce holds it." })
  stiggCustomerId: string | null;
  // contacts, opportunities, customer: AccountResolver
}

@ObjectType({ description: 'A Salesforce Contact of an account.' })
export class Contact {
  @Field(() => ID, { description: 'The Contact id (18 characters).' }) id: string;
  @Field(() => String, { description: "The contact's full name." }) name: string;
  @Field(() => String, { nullable: true, description: "The contact's email, if any." }) email: string | null;
}
