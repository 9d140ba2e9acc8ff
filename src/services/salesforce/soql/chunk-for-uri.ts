import { quoteSoqlString } from './quote-soql-string';

/** The longest request URI Salesforce accepts (bytes); longer ones get HTTP 414. */
export const SALESFORCE_MAX_URI_BYTES = 16_384;

/** Values per IN chunk unless told otherwise. */
export const DEFAULT_MAX_IN_VALUES = 200;

export interface UriChunking {
  /** The budget for the whole request URI; default SALESFORCE_MAX_URI_BYTES. */
  maxUriBytes?: number;
  /** Bytes of the request URI without the IN list, i.e. everything but soqlInList(chunk), already URL-encoded. */
  baseBytes: number;
  /** At most this many values per chunk; default DEFAULT_MAX_IN_VALUES (200; keeps the WHERE clause short too). */
  maxValues?: number;
}

/** Bytes `text` takes in a URI once encoded with encodeURIComponent (as jsforce encodes `q=`). */
export function uriEncodedBytes(text: string): number {
  // encodeURIComponent's output is ASCII: one byte per character.
  return encodeURIComponent(text).length;
}

/**
 * Splits values into consecutive chunks of at most maxValues such that, for
 * each chunk, baseBytes + the URL-encoded bytes of soqlInList(chunk) <= maxUriBytes. Byte-exact: with
 * 18-character ids a chunk is `(` + n x `'id'` + (n-1) x `%2C` + `)` encoded.
 * An empty list gives no chunk; a value that cannot fit alone throws a RangeError.
 */
export function chunkForUri(values: readonly string[], options: UriChunking): string[][] {
  const maxUriBytes = options.maxUriBytes ?? SALESFORCE_MAX_URI_BYTES;
  const maxValues = options.maxValues ?? DEFAULT_MAX_IN_VALUES;
  const parens = uriEncodedBytes('()');
  const comma = uriEncodedBytes(',');
  const budget = maxUriBytes - options.baseBytes - parens;

  const chunks: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const value of values) {
    const bytes = uriEncodedBytes(quoteSoqlString(value));
    if (bytes > budget) {
      throw new RangeError(`an IN value of ${bytes} encoded bytes cannot fit a ${maxUriBytes}-byte URI`);
    }
    const added = current.length === 0 ? bytes : comma + bytes;
    if (current.length >= maxValues || used + added > budget) {
      chunks.push(current);
      current = [value];
      used = bytes;
    } else {
      current.push(value);
      used += added;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
