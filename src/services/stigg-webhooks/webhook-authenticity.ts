import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * How the gateway knows a webhook came from Stigg, exactly as Stigg documents it
 * (docs.stigg.io/docs/webhooks, "Verifying webhook secret"; stiggio/skills, stigg-webhooks): every
 * event carries the webhook's secret in the `Stigg-Webhooks-Secret` header, to be compared with the
 * secret on the webhook's page in Stigg's app. Stigg signs nothing (HMAC signatures are on its
 * roadmap): the shared secret is the whole proof, so it is compared in constant time and never logged.
 *
 * Stigg's secret does not cover the body, so a captured request could be sent again: the event's own
 * `timestamp` must be within the tolerance of now (a replay later than that is refused as stale),
 * and an event already journaled under its message id is never applied twice.
 */
export const STIGG_WEBHOOKS_SECRET_HEADER = 'stigg-webhooks-secret';

export type WebhookRefusal = 'NO_SECRET' | 'WRONG_SECRET' | 'STALE_TIMESTAMP';

/** True when the header carries the configured secret (SHA-256 of both, compared in constant time whatever their lengths). */
export function secretMatches(presented: string | null | undefined, secret: string): boolean {
  if (typeof presented !== 'string' || presented === '') return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The secret header check: null when it passes, else why the request is refused. */
export function checkSecret(presented: string | string[] | undefined, secret: string): WebhookRefusal | null {
  const value = Array.isArray(presented) ? presented[0] : presented;
  if (value === undefined || value === '') return 'NO_SECRET';
  return secretMatches(value, secret) ? null : 'WRONG_SECRET';
}

/** The timestamp check: null when the event's timestamp is within `toleranceMs` of now (either side). */
export function checkTimestamp(timestamp: Date, now: Date, toleranceMs: number): WebhookRefusal | null {
  return Math.abs(now.getTime() - timestamp.getTime()) <= toleranceMs ? null : 'STALE_TIMESTAMP';
}
