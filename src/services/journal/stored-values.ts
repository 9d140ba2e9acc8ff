/**
 * How values are written to the journal's columns, the same on both dialects:
 * times as ISO-8601 UTC text (fixed width, so text order is time order), JSON
 * as text.
 */
export function toStoredTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date.toISOString();
}

export function fromStoredTime(value: string): Date {
  return new Date(value);
}

export function fromStoredTimeOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function toStoredJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromStoredJson(value: string | null): unknown {
  return value === null ? null : JSON.parse(value);
}
