import { quoteSoqlString } from './quote-soql-string';

/**
 * `('a','b')` for `IN`: each value quoted, separated by commas without spaces.
 * An empty list has no SOQL form (`IN ()` is a syntax error): callers skip the
 * query instead, and this throws a RangeError to catch the ones that do not.
 */
export function soqlInList(values: readonly string[]): string {
  if (values.length === 0) {
    throw new RangeError('soqlInList needs at least one value: skip the query when the list is empty');
  }
  return `(${values.map(quoteSoqlString).join(',')})`;
}
