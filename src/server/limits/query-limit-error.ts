import { ASTNode, GraphQLError } from 'graphql';
import { ErrorCode } from '../../errors/error-codes';

export type QueryLimitCode = Extract<ErrorCode, 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'TOO_MANY_ALIASES'>;

/**
 * A document refused by one of the query limit validation rules: a stable
 * code, the limit and the value measured (`extensions.limit`, `extensions.measured`).
 *
 * Apollo Server rewrites every validation error's `extensions.code` to
 * GRAPHQL_VALIDATION_FAILED but keeps this error as `originalError`;
 * `formatError` (src/server/format-error.ts) recognises it there and restores
 * the code, so clients see QUERY_TOO_DEEP and friends.
 */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: QueryLimitCode,
    message: string,
    readonly limit: number,
    readonly measured: number,
    nodes?: ASTNode | readonly ASTNode[],
  ) {
    super(message, { nodes, extensions: { code, limit, measured } });
    this.name = 'QueryLimitError';
  }

  /** The QueryLimitError behind an error as graphql-js or Apollo Server hands it over, if any. */
  static from(error: unknown): QueryLimitError | null {
    if (error instanceof QueryLimitError) return error;
    if (error instanceof GraphQLError && error.originalError instanceof QueryLimitError) return error.originalError;
    return null;
  }
}
