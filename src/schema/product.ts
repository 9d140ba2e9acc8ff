import { Field, ID, ObjectType } from 'type-graphql';
import { MappingStatus, StiggType } from './enums';

@ObjectType({ description: "A Salesforce product's link to a Stigg entity (Product2 fields 'Stigg Type' and 'Stigg ID')." })
export class ProductMapping {
  @Field(() => ID) productId: string;
  @Field(() => String) productName: string;
  @Field(() => StiggType, { description: "The product's Stigg Type. When the picklist holds a value the gateway does not know (status WRONG_KIND), the kind the Stigg ID points at (ENTITLEMENT when it points at nothing); rawStiggType has the value itself." })
  stiggType: StiggType;
  @Field(() => String, { description: 'The Stigg Type picklist value exactly as Salesforce holds it.' }) rawStiggType: string;
  @Field(() => String) stiggId: string;
  @Field(() => MappingStatus) status: MappingStatus;
  @Field(() => String, { nullable: true, description: 'Human-readable reason when status is not VALID.' }) problem: string | null;
}

@ObjectType()
export class Product {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) productCode: string | null;
  @Field(() => Boolean) isActive: boolean;
  // mapping: ProductResolver
}
