import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CreditGrantType } from './enums';
import { Money } from './money';

@ObjectType({ description: 'A Stigg customer.' })
export class Customer {
  @Field(() => ID, { description: 'The Stigg customer id.' }) id: string;
  @Field(() => String, { nullable: true, description: "The customer's name in Stigg." }) name: string | null;
  @Field(() => String, { nullable: true, description: "The customer's email in Stigg (the billing email for invoices)." }) email: string | null;
  @Field(() => ID, { nullable: true, description: "The Salesforce Account id Stigg holds for this customer (its salesforceId)." }) salesforceAccountId: string | null;
  @Field(() => Boolean, { description: 'Whether Stigg has a payment method on file for this customer.' }) hasPaymentMethod: boolean;
  // account, subscriptions, creditGrants, creditBalances: CustomerResolver
}

@ObjectType({ description: "A grant of credits in one custom currency to a customer's balance." })
export class CreditGrant {
  @Field(() => ID, { description: 'The Stigg grant id.' }) id: string;
  @Field(() => ID, { description: 'The Stigg customer granted the credits.' }) customerId: string;
  @Field(() => String, { description: 'The Stigg custom currency of the credits.' }) currencyId: string;
  @Field(() => CreditGrantType, { description: 'What kind of grant it is.' }) grantType: CreditGrantType;
  @Field(() => String, { description: 'The name shown for the grant.' }) displayName: string;
  @Field(() => Float, { description: 'Credits granted.' }) amount: number;
  @Field(() => Date, { nullable: true, description: 'When the credits become usable.' }) effectiveAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the credits left expire, if they do.' }) expiresAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'Order of consumption when several grants exist; lower is consumed first.' }) priority: number | null;
  @Field(() => String, { nullable: true, description: 'The Stigg resource the credits are for, if any.' }) resourceId: string | null;
  @Field(() => String, { nullable: true, description: 'A note kept with the grant.' }) comment: string | null;
  @Field(() => String, { description: "Stigg's status of the grant, e.g. ACTIVE, PAYMENT_PENDING or VOIDED." }) status: string;
  @Field(() => Money, { nullable: true, description: 'What a PAID grant costs; null for other grants.' }) cost: Money | null;
}

@ObjectType({ description: "A customer's credits in one custom currency." })
export class CreditBalance {
  @Field(() => String, { description: 'The Stigg custom currency.' }) currencyId: string;
  @Field(() => Float, { description: 'Credits available now.' }) currentBalance: number;
  @Field(() => Float, { description: 'Credits granted in all.' }) totalGranted: number;
  @Field(() => Float, { description: 'Credits used in all.' }) totalConsumed: number;
}
