import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { IsNumber, Matches } from 'class-validator';

@ObjectType({ description: 'An amount of money.' })
export class Money {
  @Field(() => Float, { description: 'The amount, in units of the currency (e.g. 12.5 dollars).' }) amount: number;
  @Field(() => String, { description: 'ISO 4217 code.' }) currency: string;
}

@InputType({ description: 'An amount of money.' })
export class MoneyInput {
  @Field(() => Float, { description: 'The amount, in units of the currency (e.g. 12.5 dollars).' }) @IsNumber({ allowNaN: false, allowInfinity: false }) amount: number;
  @Field(() => String, { description: 'ISO 4217 code, e.g. USD.' }) @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' }) currency: string;
}
