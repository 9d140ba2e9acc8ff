import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

/** The committed schema.graphql text: sorted, so it only changes when the schema does. */
export function printSchemaWithDirectives(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
