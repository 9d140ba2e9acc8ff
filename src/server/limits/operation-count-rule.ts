import { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';
import { QueryLimitError } from './query-limit-error';

/**
 * QUERY_TOO_COMPLEX when one document defines more operations than the
 * limit. Only one of them runs per request, but every one is parsed and
 * validated, so a document of thousands of operations is work for nothing.
 */
export function operationCountRule(maxOperations: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
      if (operations.length > maxOperations) {
        context.reportError(new QueryLimitError('QUERY_TOO_COMPLEX',
          `The document defines ${operations.length} operations; the limit is ${maxOperations}.`,
          maxOperations, operations.length, operations[maxOperations]));
      }
    },
  });
}
