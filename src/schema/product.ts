import { Field, ID, ObjectType } from 'type-graphql';
import { MappingStatus, StiggType } from './enums';

@ObjectType({ description: "A Salesforce product's link to a Stigg entity (Product2 fields 'Stigg Type' and 'Stigg ID')." })
export class ProductMapping {
  @Field(() => ID, { description: 'The Product2 id (18 characters).' }) productId: string;
  @Field(() => String, { description: "The product's name." }) productName: string;
  @Field(() => StiggType, { description: "The product's Stigg Type. When the picklist holds a value the gateway does not know (status WRONG_KIND), the kind the Stigg ID points at (ENTITLEMENT when it points at nothing); rawStiggType has the value itself." })
  stiggType: StiggType;
  @Field(() => String, { description: 'The Stigg Type picklist value exactly as Salesforce holds it.' }) rawStiggType: string;
  @Field(() => String, { description: 'The Stigg ID field: a plan, add-on, feature or custom currency id.' }) stiggId: string;
  @Field(() => MappingStatus, { description: 'Whether the mapping matches the Stigg catalog.' }) status: MappingStatus;
  @Field(() => String, { nullable: true, description: 'Human-readable reason when status is not VALID.' }) problem: string | null;
}

@ObjectType({ description: 'A Salesforce product (Product2).' })
export class Product {
  @Field(() => ID, { description: 'The Product2 id (18 characters).' }) id: string;
  @Field(() => String, { description: "The product's name." }) name: string;
  @Field(() => String, { nullable: true, description: "The product's code, if any." }) productCode: string | null;
  @Field(() => Boolean, { description: 'Whether the product is active in Salesforce.' }) isActive: boolean;
  // mapping: ProductResolver
}
