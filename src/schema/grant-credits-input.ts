import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { IsOptional, IsPositive, Length, Min, ValidateNested } from 'class-validator';
import { CreditGrantType, PaymentCollectionMethod } from './enums';
import { MoneyInput } from './money';

@InputType()
export class GrantCreditsInput {
  @Field(() => ID) @Length(1, 255) customerId: string;
  @Field(() => CreditGrantType) grantType: CreditGrantType;
  @Field(() => String) @Length(1, 255) currencyId: string;
  @Field(() => String) @Length(1, 255) displayName: string;
  @Field(() => Float) @IsPositive({ message: 'amount must be greater than 0' }) amount: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 255) resourceId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 2000) comment?: string | null;
  @Field(() => Date, { nullable: true }) effectiveAt?: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => Int, { nullable: true, description: 'Order of consumption when several grants exist; lower is consumed first.' })
  @IsOptional() @Min(0, { message: 'priority must be 0 or more' }) priority?: number | null;
  @Field(() => PaymentCollectionMethod, { nullable: true, description: 'Only for PAID grants (PAYMENT_METHOD_ON_FILE or INVOICE).' })
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Only for PAID grants: what the credits cost, billed through Stigg.' })
  @IsOptional() @ValidateNested() cost?: MoneyInput | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 255) idempotencyKey?: string | null;
}
