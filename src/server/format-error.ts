import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { ValidationError } from 'class-validator';
import { GatewayError } from '../errors/gateway-error';
import { CodedValidationError } from './limits/query-limit-error';

function firstConstraint(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const e of errors) {
    // The planner's style: creditEntitlements[0].amount (class-validator says creditEntitlements.0.amount).
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const message = Object.values(e.constraints)[0];
      return { field, message };
    }
    if (e.children?.length) {
      const nested = firstConstraint(e.children, field);
      if (nested) return nested;
    }
  }
  return null;
}

const APOLLO_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

/**
 * Every error leaves with a stable `extensions.code`; anything the gateway
 * did not mean to show becomes INTERNAL_SERVER_ERROR with a generic message
 * (no stack, no upstream payload, no secret).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof GatewayError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.extensions } };
  }
  // Apollo rewrites validation errors' code to GRAPHQL_VALIDATION_FAILED; ours stays on originalError.
  const coded = CodedValidationError.from(original);
  if (coded) {
    const { code: _code, ...rest } = coded.extensions as Record<string, unknown>;
    return { ...base, message: coded.message, extensions: { code: coded.code, ...rest } };
  }
  if (original instanceof ArgumentValidationError) {
    const first = firstConstraint(original.extensions.validationErrors as unknown as ValidationError[]);
    return {
      ...base,
      message: first ? first.message : 'Argument validation failed',
      extensions: { code: 'BAD_USER_INPUT', field: first?.field ?? null },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && APOLLO_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
