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
/**
 * A validation error with one of the gateway's own codes. Apollo Server rewrites
 * every validation error's code to GRAPHQL_VALIDATION_FAILED but keeps the
 * original as `originalError`; formatError restores the code from it.
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

  static from(error: unknown): QueryLimitError | null {
    const coded = CodedValidationError.from(error);
    return coded instanceof QueryLimitError ? coded : null;
  }
}
