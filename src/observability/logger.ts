import pino, { Logger } from 'pino';
import { currentRequestId } from './request-scope';

/**
 * Structured JSON logs, one object per line. Inside a request every line
 * carries its `requestId` (from the request scope). Headers and anything that
 * can carry a credential are redacted by path; messages never include keys,
 * tokens or passwords.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'o2c-gateway' },
    mixin(mergeObject: object) {
      const requestId = currentRequestId();
      return requestId && !('requestId' in mergeObject) ? { requestId } : {};
    },
    redact: {
      paths: [
        'req.headers.authorization', 'headers.authorization', 'headers["x-api-key"]', 'authorization',
        '*.apiKey', '*.accessToken', '*.access_token', '*.refreshToken', '*.clientSecret', '*.client_secret',
        '*.secret', '*.password', '*.privateKey', '*.token',
        'apiKey', 'accessToken', 'clientSecret', 'secret', 'password', 'token',
      ],
      censor: '[redacted]',
    },
  }, destination);
}

export type { Logger };
