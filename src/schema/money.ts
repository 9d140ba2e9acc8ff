import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { IsNumber, Matches } from 'class-validator';

@ObjectType()
export class Money {
  @Field(() => Float) amount: number;
  @Field(() => String, { description: 'ISO 4217 code.' }) currency: string;
}

@InputType()
export class MoneyInput {
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }) amount: number;
  @Field(() => String) @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' }) currency: string;
}
