/** YYYY-MM-DD, optionally followed by an ISO time (whose date part is taken as written). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A SOQL date literal (no quotes): `2026-01-31`. A Date gives its UTC
 * calendar day; a string must already be a real YYYY-MM-DD date (or an ISO
 * date-time, whose date part is taken), else a RangeError.
 */
export function formatSoqlDate(value: Date | string): string {
  if (value instanceof Date) return validDate(value).toISOString().slice(0, 10);
  const match = ISO_DATE.exec(value.trim());
  if (match) {
    const [y, m, d] = match.slice(1, 4).map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      return match.slice(1, 4).join('-');
    }
  }
  throw new RangeError(`not a date: ${JSON.stringify(value)}`);
}

function validDate(value: Date): Date {
  if (Number.isNaN(value.getTime())) throw new RangeError('not a date: Invalid Date');
  return value;
}
