/**
 * Salesforce SOQL "Quoted String Escape Sequences": the backslash first (so
 * the escapes added after it are not escaped again), then quotes and the
 * control characters SOQL has a sequence for.
 */
const ESCAPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\\/g, '\\\\'],
  [/'/g, "\\'"],
  [/"/g, '\\"'],
  [/\n/g, '\\n'],
  [/\r/g, '\\r'],
  [/\t/g, '\\t'],
  [/\u0008/g, '\\b'],
  [/\f/g, '\\f'],
];

/** The text escaped for use inside a SOQL string literal (without the quotes). */
export function escapeSoqlString(value: string): string {
  return ESCAPES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
}

/** A single-quoted SOQL string literal: `O'Brien` -> `'O\'Brien'`. */
export function quoteSoqlString(value: string): string {
  return `'${escapeSoqlString(value)}'`;
}
