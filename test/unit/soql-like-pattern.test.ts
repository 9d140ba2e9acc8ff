import {
  escapeSoqlLikeText, quoteSoqlLikePattern, soqlContainsPattern, soqlStartsWithPattern,
} from '../../src/services/salesforce/soql/soql-like-pattern';

describe('LIKE patterns', () => {
  it('escapes the wildcards % and _', () => {
    expect(escapeSoqlLikeText('100%_off')).toBe('100\\%\\_off');
  });

  it('escapes quotes, backslashes and newlines as in any string', () => {
    expect(escapeSoqlLikeText("O'B\\r\n")).toBe("O\\'B\\\\r\\n");
  });

  it('does not double-escape the backslash it adds for a wildcard', () => {
    expect(escapeSoqlLikeText('\\%')).toBe('\\\\\\%');
  });

  it('quotes an exact pattern', () => {
    expect(quoteSoqlLikePattern('a_b')).toBe("'a\\_b'");
  });

  it('builds contains and starts-with patterns around the escaped text', () => {
    expect(soqlContainsPattern('50%')).toBe("'%50\\%%'");
    expect(soqlStartsWithPattern('Acme_')).toBe("'Acme\\_%'");
  });

  it("keeps ' OR Name != ' inside the pattern", () => {
    expect(soqlContainsPattern("' OR Name != '")).toBe("'%\\' OR Name != \\'%'");
  });
});
