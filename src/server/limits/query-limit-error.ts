import { ASTNode, GraphQLError } from 'graphql';
import { ErrorCode } from '../../errors/error-codes';

export type QueryLimitCode = Extract<ErrorCode, 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'TOO_MANY_ALIASES'>;

/**
 * A validation error with one of the gateway's own codes. Apollo Server rewrites
 * every validation error's `extensions.code` to GRAPHQL_VALIDATION_FAILED but
 * keeps the original as `originalError`; `formatError` (src/server/format-error.ts)
 * finds it there and restores the code.
 */
export class CodedValidationError extends GraphQLError {
  constructor(readonly code: ErrorCode, message: string, extensions: Record<string, unknown>, nodes?: ASTNode | readonly ASTNode[]) {
    super(message, { nodes, extensions: { code, ...extensions } });
    this.name = 'CodedValidationError';
  }

  /** The CodedValidationError behind an error as graphql-js or Apollo Server hands it over, if any. */
  static from(error: unknown): CodedValidationError | null {
    if (error instanceof CodedValidationError) return error;
    if (error instanceof GraphQLError && error.originalError instanceof CodedValidationError) return error.originalError;
    return null;
  }
}

/**
 * A document refused by one of the query limit rules (depth, cost, aliases,
 * operations): the code, the limit and the value measured (`extensions.limit`,
 * `extensions.measured`).
 */
export class QueryLimitError extends CodedValidationError {
  constructor(
    override readonly code: QueryLimitCode,
    message: string,
    readonly limit: number,
    readonly measured: number,
    nodes?: ASTNode | readonly ASTNode[],
  ) {
    super(code, message, { limit, measured }, nodes);
    this.name = 'QueryLimitError';
  }
}
