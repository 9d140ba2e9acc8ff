import { soqlInList } from '../../src/services/salesforce/soql/soql-in-list';

describe('soqlInList', () => {
  it('quotes each value, comma-separated', () => {
    expect(soqlInList(['001Dn0000000003IAA', "O'Brien"])).toBe("('001Dn0000000003IAA','O\\'Brien')");
  });

  it('takes one value', () => {
    expect(soqlInList(['a'])).toBe("('a')");
  });

  it('refuses an empty list (callers skip the query)', () => {
    expect(() => soqlInList([])).toThrow(RangeError);
  });
});
