import { escapeSoqlString } from './quote-soql-string';

/** The text escaped for a LIKE pattern: string escapes, then the wildcards `%` and `_` (without quotes). */
export function escapeSoqlLikeText(value: string): string {
  return escapeSoqlString(value).replace(/%/g, '\\%').replace(/_/g, '\\_');
}

/** A quoted LIKE pattern matching the text exactly (its `%` and `_` are literal). */
export function quoteSoqlLikePattern(value: string): string {
  return `'${escapeSoqlLikeText(value)}'`;
}

/** A quoted LIKE pattern matching values that contain the text: `'%text%'`. */
export function soqlContainsPattern(value: string): string {
  return `'%${escapeSoqlLikeText(value)}%'`;
}

/** A quoted LIKE pattern matching values that start with the text: `'text%'`. */
export function soqlStartsWithPattern(value: string): string {
  return `'${escapeSoqlLikeText(value)}%'`;
}
