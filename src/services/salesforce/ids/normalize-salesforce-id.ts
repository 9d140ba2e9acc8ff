import { GatewayError } from '../../../errors/gateway-error';
import { caseSafeSuffix } from './case-safe-id';
import { SALESFORCE_KEY_PREFIXES, SalesforceObjectName } from './salesforce-key-prefixes';

const SHAPE = /^(?:[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})$/;

/**
 * A Salesforce id checked and answered as 18 characters, before it reaches any
 * query: 15 or 18 letters and digits (surrounding spaces are ignored); an
 * 18-character id's suffix must be the case-safe checksum of its first 15
 * (compared case-insensitively, answered upper-case); with `expectedObject`
 * the key prefix must be that object's. Otherwise BAD_USER_INPUT on `field`.
 */
export function normalizeSalesforceId(id: string, field: string, expectedObject?: SalesforceObjectName): string {
  const value = id.trim();
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  const what = expectedObject ? `${article(expectedObject)} ${expectedObject} id` : 'a Salesforce id';

  if (!SHAPE.test(value)) {
    throw GatewayError.badInput(field, `${field} ${shown} is not ${what}: Salesforce ids are 15 or 18 letters and digits.`);
  }
  const base = value.slice(0, 15);
  const suffix = caseSafeSuffix(base);
  if (value.length === 18 && value.slice(15).toUpperCase() !== suffix) {
    throw GatewayError.badInput(field,
      `${field} ${shown} is not ${what}: its last 3 characters do not match the rest (a mistyped or re-cased id?).`);
  }
  if (expectedObject) {
    const prefix = SALESFORCE_KEY_PREFIXES[expectedObject];
    if (!base.startsWith(prefix)) {
      throw GatewayError.badInput(field, `${field} ${shown} is not ${what}: ${expectedObject} ids start with ${prefix}.`);
    }
  }
  return base + suffix;
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}
