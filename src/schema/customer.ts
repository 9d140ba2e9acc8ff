import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CreditGrantType } from './enums';
import { Money } from './money';

@ObjectType()
export class Customer {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => ID, { nullable: true, description: "The Salesforce Account id Stigg holds for this customer (its salesforceId)." }) salesforceAccountId: string | null;
  @Field(() => Boolean, { description: 'Whether Stigg has a payment method on file for this customer.' }) hasPaymentMethod: boolean;
  // account, subscriptions, creditGrants, creditBalances: CustomerResolver
}

@ObjectType()
export class CreditGrant {
  @Field(() => ID) id: string;
  @Field(() => ID) customerId: string;
  @Field(() => String) currencyId: string;
  @Field(() => CreditGrantType) grantType: CreditGrantType;
  @Field(() => String) displayName: string;
  @Field(() => Float) amount: number;
  @Field(() => Date, { nullable: true }) effectiveAt: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt: Date | null;
  @Field(() => Int, { nullable: true }) priority: number | null;
  @Field(() => String, { nullable: true }) resourceId: string | null;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => String) status: string;
  @Field(() => Money, { nullable: true }) cost: Money | null;
}

@ObjectType()
export class CreditBalance {
  @Field(() => String) currencyId: string;
  @Field(() => Float) currentBalance: number;
  @Field(() => Float) totalGranted: number;
  @Field(() => Float) totalConsumed: number;
}
