import { chunkForUri, uriEncodedBytes } from '../../src/services/salesforce/soql/chunk-for-uri';
import { soqlInList } from '../../src/services/salesforce/soql/soql-in-list';
import { fakeId } from './fixtures/salesforce-records';

const ids = (n: number) => Array.from({ length: n }, (_, i) => fakeId('Opportunity', i + 1));

describe('chunkForUri', () => {
  const prefix = '/services/data/v62.0/query?q=';
  const soqlBase = 'SELECT Id, Name FROM Opportunity WHERE Id IN ';
  const baseBytes = prefix.length + uriEncodedBytes(soqlBase);

  it('gives no chunk for no values', () => {
    expect(chunkForUri([], { baseBytes })).toEqual([]);
  });

  it('keeps every value, in order', () => {
    const values = ids(1000);
    expect(chunkForUri(values, { baseBytes }).flat()).toEqual(values);
  });

  it('makes chunks of about 200 ids by default', () => {
    const chunks = chunkForUri(ids(1000), { baseBytes });
    expect(chunks.map((c) => c.length)).toEqual([200, 200, 200, 200, 200]);
  });

  it('keeps each request URI within the byte budget, exactly', () => {
    const maxUriBytes = 2000;
    const chunks = chunkForUri(ids(300), { baseBytes, maxUriBytes, maxValues: 10_000 });
    for (const chunk of chunks) {
      expect(baseBytes + uriEncodedBytes(soqlInList(chunk))).toBeLessThanOrEqual(maxUriBytes);
    }
    // Byte-exact: each full chunk would overflow with the next id.
    for (let i = 0; i < chunks.length - 1; i++) {
      const grown = [...chunks[i], chunks[i + 1][0]];
      expect(baseBytes + uriEncodedBytes(soqlInList(grown))).toBeGreaterThan(maxUriBytes);
    }
  });

  it('fills a budget to the byte', () => {
    // encodeURIComponent keeps ( ) and ' as they are; the comma becomes %2C (3 bytes).
    const one = uriEncodedBytes(soqlInList(ids(1)));
    expect(one).toBe(2 + 20);
    const two = uriEncodedBytes(soqlInList(ids(2)));
    expect(two).toBe(2 + 20 + 3 + 20);
    expect(chunkForUri(ids(2), { baseBytes: 100, maxUriBytes: 100 + two }).map((c) => c.length)).toEqual([2]);
    expect(chunkForUri(ids(2), { baseBytes: 100, maxUriBytes: 100 + two - 1 }).map((c) => c.length)).toEqual([1, 1]);
  });

  it('counts the encoded bytes of escaped and non-ASCII values', () => {
    const values = ["O'Brien & Söhne", 'a b'];
    const exact = uriEncodedBytes(soqlInList(values));
    expect(exact).toBe(encodeURIComponent("('O\\'Brien & Söhne','a b')").length);
    expect(chunkForUri(values, { baseBytes: 0, maxUriBytes: exact })).toEqual([values]);
    expect(chunkForUri(values, { baseBytes: 0, maxUriBytes: exact - 1 })).toEqual([[values[0]], [values[1]]]);
  });

  it('refuses a value that cannot fit alone', () => {
    expect(() => chunkForUri(['x'.repeat(100)], { baseBytes: 0, maxUriBytes: 50 })).toThrow(RangeError);
  });

  it('defaults the budget to 16,384 bytes', () => {
    const chunks = chunkForUri(ids(400), { baseBytes: 16384 - 500, maxValues: 10_000 });
    for (const chunk of chunks) expect(16384 - 500 + uriEncodedBytes(soqlInList(chunk))).toBeLessThanOrEqual(16384);
    expect(chunks.length).toBeGreaterThan(2);
  });
});
