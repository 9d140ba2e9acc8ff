import { ErrorCode } from './error-codes';

/**
 * An error the gateway means to show its caller: a stable code, a message with
 * no secret and no raw upstream payload, and optional extensions
 * (`field` for BAD_USER_INPUT, `service` for upstream errors, `runId`, ...).
 */
export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  static badInput(field: string, message: string): GatewayError {
    return new GatewayError('BAD_USER_INPUT', message, { field });
  }
}
