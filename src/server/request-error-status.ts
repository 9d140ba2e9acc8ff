/**
 * The codes of GraphQL request errors: raised before execution, so the response has no
 * `data` (GraphQL over HTTP, "Request errors"): the document does not parse, does not
 * validate (the gateway's own validation rules included: depth, cost, aliases, operation
 * count, trusted documents, introspection while it is off), names no operation of the
 * document, or its variables cannot be coerced (BAD_USER_INPUT from Apollo at 400).
 */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_ALIASES',
  'DOCUMENT_NOT_TRUSTED',
]);

/**
 * The HTTP status for Apollo's answer, by the GraphQL-over-HTTP spec's media types:
 * - `application/graphql-response+json` (a client that asks for it): Apollo's status as it is,
 *   400 for a request error;
 * - `application/json` (the client accepts only that, or any type, or sends no Accept): a well-formed
 *   request SHOULD be answered 200 whatever GraphQL request error it raised, so a 400 whose
 *   errors are all request errors becomes 200. The error's `extensions.code` says what failed.
 * Anything else stays: a request that is not a GraphQL request (BAD_REQUEST: no query, a
 * batch, a GET without `apollo-require-preflight`, Apollo's CSRF prevention) is still 400,
 * a GET mutation 405.
 */
export function requestErrorStatus(status: number, contentType: string | undefined, body: string): number {
  if (status !== 400 || !contentType || !/^application\/json\b/i.test(contentType)) return status;
  let parsed: { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
  try {
    parsed = JSON.parse(body);
  } catch {
    return status;
  }
  const errors = parsed.errors;
  if (!Array.isArray(errors) || errors.length === 0 || 'data' in parsed) return status;
  return errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code))) ? 200 : status;
}
