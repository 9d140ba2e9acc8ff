const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_15 = /^[a-zA-Z0-9]{15}$/;

/**
 * The 3-character case-safe suffix of a 15-character id: for each block of 5
 * characters, a 5-bit number whose bit i is set when character i is an
 * upper-case letter, written with A-Z0-5.
 */
export function caseSafeSuffix(id15: string): string {
  assertFifteen(id15);
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(block * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character id of a 15-character one: `001Dn0000000003` -> `001Dn0000000003IAA`. */
export function toEighteen(id15: string): string {
  return id15 + caseSafeSuffix(id15);
}

function assertFifteen(id: string): void {
  if (!ID_15.test(id)) throw new RangeError(`not a 15-character Salesforce id: ${JSON.stringify(id)}`);
}
