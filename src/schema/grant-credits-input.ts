import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { IsOptional, IsPositive, Length, Min, ValidateNested } from 'class-validator';
import { CreditGrantType, PaymentCollectionMethod } from './enums';
import { MoneyInput } from './money';

@InputType({ description: 'A credit grant to make (PROMOTIONAL or PAID).' })
export class GrantCreditsInput {
  @Field(() => ID, { description: 'The Stigg customer to grant the credits to.' }) @Length(1, 255) customerId: string;
  @Field(() => CreditGrantType, { description: 'PROMOTIONAL or PAID (other types are BAD_USER_INPUT).' }) grantType: CreditGrantType;
  @Field(() => String, { description: 'The Stigg custom currency of the credits.' }) @Length(1, 255) currencyId: string;
  @Field(() => String, { description: 'The name shown for the grant.' }) @Length(1, 255) displayName: string;
  @Field(() => Float, { description: 'Credits to grant.' }) @IsPositive({ message: 'amount must be greater than 0' }) amount: number;
  @Field(() => String, { nullable: true, description: 'The Stigg resource the credits are for, if any.' }) @IsOptional() @Length(1, 255) resourceId?: string | null;
  @Field(() => String, { nullable: true, description: 'A note kept with the grant.' }) @IsOptional() @Length(0, 2000) comment?: string | null;
  @Field(() => Date, { nullable: true, description: "When the credits become usable; absent: Stigg's default." }) effectiveAt?: Date | null;
  @Field(() => Date, { nullable: true, description: "When the credits left expire; absent: Stigg's default." }) expiresAt?: Date | null;
  @Field(() => Int, { nullable: true, description: 'Order of consumption when several grants exist; lower is consumed first.' })
  @IsOptional() @Min(0, { message: 'priority must be 0 or more' }) priority?: number | null;
  @Field(() => PaymentCollectionMethod, { nullable: true, description: 'Only for PAID grants (PAYMENT_METHOD_ON_FILE or INVOICE).' })
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Only for PAID grants: what the credits cost, billed through Stigg.' })
  @IsOptional() @ValidateNested() cost?: MoneyInput | null;
  @Field(() => String, { nullable: true, description: 'Same key, same result: a retried call never grants twice.' }) @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}
