import { GatewayError } from '../../errors/gateway-error';
import { normalizeSalesforceId } from '../salesforce/ids';

/**
 * Where a reconciliation page starts. Reconciliation looks at won opportunities (Id order), then at
 * Stigg's live subscriptions (subscription id order):
 * - `{ phase: 'opportunities', id: null }`: from the first won opportunity;
 * - `{ phase: 'opportunities', id, skip: 0 }`: after opportunity `id`;
 * - `{ phase: 'opportunities', id, skip: n }`: at opportunity `id`, its first n findings already returned;
 * - `{ phase: 'subscriptions', id }`: after subscription `id` (null: from the first).
 */
export type ReconciliationPosition =
  | { phase: 'opportunities'; id: string | null; skip: number }
  | { phase: 'subscriptions'; id: string | null };

const PREFIX = 'drift:';

/** Opaque cursors: base64url of `drift:o:<opportunity id>:<skip>` or `drift:s:<subscription id>`. */
export function encodeReconciliationCursor(position: ReconciliationPosition): string {
  const text = position.phase === 'opportunities'
    ? `${PREFIX}o:${position.id ?? ''}:${position.skip}`
    : `${PREFIX}s:${position.id ?? ''}`;
  return Buffer.from(text).toString('base64url');
}

const notOurs = (): GatewayError => GatewayError.badInput('after', 'after is not a cursor reconciliation returned');

export function decodeReconciliationCursor(cursor: string): ReconciliationPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) throw notOurs();
  const rest = text.slice(PREFIX.length);
  if (rest.startsWith('s:')) {
    const id = rest.slice(2);
    if (id.length > 255) throw notOurs();
    return { phase: 'subscriptions', id: id === '' ? null : id };
  }
  const match = /^o:([A-Za-z0-9]{0,18}):(\d{1,4})$/.exec(rest);
  if (!match) throw notOurs();
  if (match[1] === '') return { phase: 'opportunities', id: null, skip: 0 };
  try {
    return { phase: 'opportunities', id: normalizeSalesforceId(match[1], 'after', 'Opportunity'), skip: Number(match[2]) };
  } catch {
    throw notOurs();
  }
}
