/**
 * The bitmap form of ChangeEventHeader's changedFields, nulledFields and diffFields in the Pub/Sub
 * API (Pub/Sub API Developer Guide, "Event Deserialization Considerations"): an array of strings
 * whose first element is a hexadecimal bitmap of top-level fields, bit i set for the field at
 * position i of the event's Avro schema (position 0 is ChangeEventHeader itself). Compound fields
 * (e.g. an address) would add "<parentPosition>-0x<bitmap>" elements; the emulated objects have none.
 */

/** "0x" + the bitmap as big-endian hex digits, upper case, padded to whole bytes (e.g. 0x650004E0); [] when no field is set. */
export function fieldBitmap(positions: readonly number[]): string[] {
  if (positions.length === 0) return [];
  let bits = 0n;
  for (const p of positions) bits |= 1n << BigInt(p);
  let hex = bits.toString(16).toUpperCase();
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return [`0x${hex}`];
}
