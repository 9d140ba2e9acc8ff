import { TaskCancelledError } from 'cockatiel';
import { GatewayError } from '../../src/errors/gateway-error';
import { classifyUpstreamFailure } from '../../src/services/resilience/upstream-failure';
import { toSalesforceError } from '../../src/services/salesforce/salesforce-error';

const error = (fields: Record<string, unknown>, message = 'failed') => Object.assign(new Error(message), fields);

describe('classifyUpstreamFailure', () => {
  it.each([
    ['jsforce REQUEST_LIMIT_EXCEEDED', error({ errorCode: 'REQUEST_LIMIT_EXCEEDED' }), 'quota-exhausted'],
    ['mapped REQUEST_LIMIT_EXCEEDED', toSalesforceError({ errorCode: 'REQUEST_LIMIT_EXCEEDED' }, 'query'), 'quota-exhausted'],
    ['another 429', error({ statusCode: 429 }), 'rate-limited'],
    ['a 429 GatewayError', new GatewayError('UPSTREAM_RATE_LIMITED', 'slow down', { service: 'stigg' }), 'rate-limited'],
    ['jsforce ERROR_HTTP_503', error({ errorCode: 'ERROR_HTTP_503' }), 'unavailable'],
    ['mapped 5xx', toSalesforceError({ errorCode: 'ERROR_HTTP_500' }, 'query'), 'unavailable'],
    ['HTTP status 502', error({ status: 502 }), 'unavailable'],
    ['Apollo client network error 503 (Stigg SDK)', error({ networkError: { statusCode: 503 } }), 'unavailable'],
    ['Apollo client network error without status', error({ networkError: new Error('fetch failed') }), 'unavailable'],
    ['ECONNREFUSED', error({ code: 'ECONNREFUSED' }), 'unavailable'],
    ['undici socket error', error({ code: 'UND_ERR_SOCKET' }), 'unavailable'],
    ['fetch failed', new TypeError('fetch failed'), 'unavailable'],
    ['a cockatiel timeout', new TaskCancelledError('timed out'), 'unavailable'],
    ['a Salesforce 4xx', error({ errorCode: 'INVALID_FIELD' }), 'rejected'],
    ['a 404', error({ statusCode: 404 }), 'rejected'],
    ['a mapped 4xx', toSalesforceError({ errorCode: 'MALFORMED_QUERY' }, 'query'), 'rejected'],
    ['a gateway precondition', GatewayError.badInput('first', 'too big'), 'rejected'],
    ['a quota-guard shed', new GatewayError('UPSTREAM_RATE_LIMITED', 'shed', { service: 'salesforce', shed: 'quota-guard' }), 'rejected'],
    ['a programming error', new TypeError('cannot read properties of undefined'), 'rejected'],
    ['a thrown string', 'oops', 'rejected'],
  ])('%s is %s', (_label, thrown, kind) => {
    expect(classifyUpstreamFailure(thrown)).toBe(kind);
  });
});
