import { GatewayError } from '../../errors/gateway-error';

interface JsforceError { name?: string; errorCode?: string; message?: string; statusCode?: number; code?: string }

/**
 * Turns whatever jsforce threw into a GatewayError with a stable code and
 * `extensions.service = 'salesforce'`. Messages name the Salesforce error code,
 * never the raw payload (which can echo SOQL or record data).
 */
export function toSalesforceError(err: unknown, operation: string): GatewayError {
  if (err instanceof GatewayError) return err;
  const e = (err ?? {}) as JsforceError;
  const code = e.errorCode ?? e.name ?? e.code ?? 'UNKNOWN';
  const extensions = { service: 'salesforce', operation, upstreamCode: code };
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    return new GatewayError('UPSTREAM_RATE_LIMITED', 'Salesforce refused the request: the org has used its API request limit (REQUEST_LIMIT_EXCEEDED).', extensions);
  }
  if (/^(ERROR_HTTP_5\d\d|ECONNRESET|ECONNREFUSED|ETIMEDOUT|ESOCKETTIMEDOUT|UND_ERR|ENOTFOUND|EPIPE|SERVER_UNAVAILABLE)/.test(code)
    || /socket hang up|fetch failed|timed? ?out|ECONNRESET|ECONNREFUSED|other side closed/i.test(e.message ?? '')) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', `Salesforce is unavailable (${code}).`, extensions);
  }
  if (code === 'INVALID_SESSION_ID') {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'The Salesforce session is invalid and could not be refreshed (INVALID_SESSION_ID).', extensions);
  }
  return new GatewayError('UPSTREAM_REJECTED', `Salesforce rejected the request (${code}).`, extensions);
}
