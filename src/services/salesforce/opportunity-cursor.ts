import { GatewayError } from '../../errors/gateway-error';
import { normalizeSalesforceId } from './ids';

/** Opaque keyset cursors: base64url of "opp:<18-char id>". */
export function encodeOpportunityCursor(id: string): string {
  return Buffer.from(`opp:${id}`).toString('base64url');
}

export function decodeOpportunityCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('opp:')) throw GatewayError.badInput('after', 'after is not a cursor this API returned');
  try {
    return normalizeSalesforceId(decoded.slice(4), 'after', 'Opportunity');
  } catch {
    throw GatewayError.badInput('after', 'after is not a cursor this API returned');
  }
}
