/**
 * Salesforce record ids: 15 case-sensitive characters (3-character key prefix + 12) and the
 * 18-character case-insensitive form whose last 3 characters encode the case of the first 15.
 * (Object Reference for the Salesforce Platform: "ID Field Type"; the checksum algorithm is the
 * one documented for CASESAFEID().)
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_CHARS = /^[a-zA-Z0-9]+$/;

/** The 3-character case-safe suffix of a 15-character id. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** 15-character id -> 18-character id. */
export function to18(id15: string): string {
  return id15 + checksumSuffix(id15);
}

/**
 * Normalises a 15- or 18-character id to its canonical 18-character form, or returns null when the
 * value is not a well-formed id (wrong length, characters, or an 18-character suffix that does not
 * decode). 18-character ids are case-insensitive: the suffix restores the case of the first 15.
 */
export function normalizeId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (!ID_CHARS.test(value)) return null;
  if (value.length === 15) return to18(value);
  if (value.length !== 18) return null;
  const suffix = value.slice(15).toUpperCase();
  let restored = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const c = value.charAt(chunk * 5 + i);
      restored += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A suffix bit set on a digit cannot come from a real id.
  if (checksumSuffix(restored) !== suffix) return null;
  return restored + suffix;
}

/** Builds `<prefix>Dn<10-digit number>` + checksum (the sandbox's id pattern). */
export function makeId(keyPrefix: string, n: number): string {
  return to18(`${keyPrefix}Dn${String(n).padStart(10, '0')}`);
}

/** First number of the range used for records created through the API (seeded ids stay below it). */
export const CREATED_ID_BASE = 1_000_000_000;
