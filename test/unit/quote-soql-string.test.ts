import { escapeSoqlString, quoteSoqlString } from '../../src/services/salesforce/soql/quote-soql-string';

describe('quoteSoqlString', () => {
  it.each([
    ['plain', "'plain'"],
    ['', "''"],
    ["O'Brien", "'O\\'Brien'"],
    ['say "hi"', "'say \\\"hi\\\"'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'", "'\\\\\\''"],
    ['line\nbreak', "'line\\nbreak'"],
    ['cr\rlf', "'cr\\rlf'"],
    ['tab\there', "'tab\\there'"],
    ['bell\bback', "'bell\\bback'"],
    ['form\ffeed', "'form\\ffeed'"],
    ['100% of a_b', "'100% of a_b'"],
    ['Ünïcødé ✓', "'Ünïcødé ✓'"],
  ])('%j -> %s', (value, quoted) => {
    expect(quoteSoqlString(value)).toBe(quoted);
  });

  it("keeps ' OR Name != ' inside the literal", () => {
    expect(quoteSoqlString("' OR Name != '")).toBe("'\\' OR Name != \\''");
  });

  it('escapes the backslash before the quote it guards, so \\\' cannot close the literal', () => {
    // A naive quote-first escape would turn \' into \\' : an escaped backslash then a closing quote.
    expect(escapeSoqlString("\\' OR Id != '")).toBe("\\\\\\' OR Id != \\'");
  });

  it('leaves no unescaped quote: every quote inside is preceded by an odd number of backslashes', () => {
    const nasty = "a'b\\'c\\\\'d\"e\\";
    const inner = escapeSoqlString(nasty);
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] !== "'" && inner[i] !== '"') continue;
      let slashes = 0;
      for (let j = i - 1; j >= 0 && inner[j] === '\\'; j--) slashes++;
      expect(slashes % 2).toBe(1);
    }
    expect(inner.endsWith('\\\\')).toBe(true);
  });
});
