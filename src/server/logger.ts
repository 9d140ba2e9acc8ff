import pino, { Logger } from 'pino';

/**
 * Structured JSON logs. Headers and anything that can carry a credential are
 * redacted by path; messages never include keys, tokens or passwords.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'o2c-gateway' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.accessToken', '*.clientSecret', '*.secret', '*.password', 'authorization'],
      censor: '[redacted]',
    },
  }, destination);
}

export type { Logger };
