import { fieldBitmap } from '../../src/sandbox/pubsub/field-bitmap';

/**
 * The sandbox's bitmap form of changedFields/nulledFields (src/sandbox/pubsub/field-bitmap.ts)
 * against the Pub/Sub API guide's example ("Event Deserialization Considerations":
 * 'changedFields': ['0x650004E0', ...]) and the decoding Salesforce's Java example performs
 * (forcedotcom/pub-sub-api, EventParser: hex digits read as bytes, byte order reversed, BitSet).
 */
function javaExampleDecode(hex: string): number[] {
  const s = hex.slice(2);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i += 2) bytes.push(parseInt(s.slice(i, i + 2), 16));
  bytes.reverse();
  const bits: number[] = [];
  bytes.forEach((b, i) => {
    for (let j = 0; j < 8; j += 1) if ((b >> j) & 1) bits.push(i * 8 + j);
  });
  return bits;
}

describe('changedFields bitmaps (Pub/Sub API: Event Deserialization Considerations)', () => {
  test("the guide's example 0x650004E0 is the positions Salesforce's decoder reads from it, and encodes back the same", () => {
    const positions = javaExampleDecode('0x650004E0');
    expect(positions).toEqual([5, 6, 7, 10, 24, 26, 29, 30]);
    expect(fieldBitmap(positions)).toEqual(['0x650004E0']);
  });

  test('whole bytes of upper-case hex, so byte-wise decoders read every position; no positions is an empty array', () => {
    for (const positions of [[1], [3, 4], [1, 8], [0, 15, 16], [2, 25, 40]]) {
      const [bitmap] = fieldBitmap(positions);
      expect(bitmap).toMatch(/^0x([0-9A-F]{2})+$/);
      expect(javaExampleDecode(bitmap)).toEqual(positions);
    }
    expect(fieldBitmap([])).toEqual([]);
  });
});
