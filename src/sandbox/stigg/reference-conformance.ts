import { DocumentNode, getVariableValues, GraphQLError, GraphQLSchema, OperationDefinitionNode, validate } from 'graphql';
import { TextMemo } from './text-memo';

export interface NonConformance {
  code: 'GRAPHQL_VALIDATION_FAILED' | 'BAD_USER_INPUT';
  errors: readonly GraphQLError[];
}

/** How many distinct documents keep their validation result (clients send the same few again and again). */
const CACHE_LIMIT = 500;

/**
 * Holds every request to Stigg's public schema as reference/stigg records it: a document that
 * real Stigg would refuse (a field, argument or type it does not have), or variables that do not
 * coerce to its types, is refused here too, before the emulator's own, smaller schema is asked.
 */
export class ReferenceConformance {
  private readonly validated = new TextMemo<readonly GraphQLError[]>(CACHE_LIMIT);

  constructor(private readonly reference: GraphQLSchema) {}

  /** Why real Stigg would refuse this request (the document, or its variables), or null when it conforms. */
  check(query: string, document: DocumentNode, operation: OperationDefinitionNode | null | undefined, variables: Record<string, unknown> | null): NonConformance | null {
    const errors = this.validated.get(query, () => validate(this.reference, document));
    if (errors.length > 0) return { code: 'GRAPHQL_VALIDATION_FAILED', errors };
    if (!operation) return null;
    const coerced = getVariableValues(this.reference, operation.variableDefinitions ?? [], variables ?? {});
    return coerced.errors?.length ? { code: 'BAD_USER_INPUT', errors: coerced.errors } : null;
  }
}
