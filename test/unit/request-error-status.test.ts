import { requestErrorStatus } from '../../src/server/request-error-status';

/** GraphQL over HTTP: a request error is 200 as application/json, 400 as application/graphql-response+json; nothing else changes. */
const body = (...codes: string[]) => JSON.stringify({ errors: codes.map((code) => ({ message: 'x', extensions: { code } })) });

describe('requestErrorStatus', () => {
  it.each(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_USER_INPUT', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES', 'DOCUMENT_NOT_TRUSTED'])(
    '%s: 200 as application/json, 400 as application/graphql-response+json', (code) => {
      expect(requestErrorStatus(400, 'application/json; charset=utf-8', body(code))).toBe(200);
      expect(requestErrorStatus(400, 'application/graphql-response+json; charset=utf-8', body(code))).toBe(400);
    });

  it('leaves everything else as it is', () => {
    expect(requestErrorStatus(400, 'application/json', body('BAD_REQUEST'))).toBe(400);
    expect(requestErrorStatus(400, 'application/json', body('GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'))).toBe(400);
    expect(requestErrorStatus(400, 'application/json', JSON.stringify({ data: null, errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] }))).toBe(400);
    expect(requestErrorStatus(400, 'application/json', 'not json')).toBe(400);
    expect(requestErrorStatus(400, 'application/json', '{"errors":[]}')).toBe(400);
    expect(requestErrorStatus(400, undefined, body('GRAPHQL_PARSE_FAILED'))).toBe(400);
    expect(requestErrorStatus(405, 'application/json', body('BAD_REQUEST'))).toBe(405);
    expect(requestErrorStatus(200, 'application/json', body('FORBIDDEN'))).toBe(200);
  });
});
