import { caseSafeSuffix, toEighteen } from '../../src/services/salesforce/ids/case-safe-id';

describe('toEighteen', () => {
  it.each([
    ['001Dn0000000003', '001Dn0000000003IAA'],
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    ['00300000003T2PG', '00300000003T2PGAA0'],
    ['000000000000000', '000000000000000AAA'],
    ['ABCDEABCDEABCDE', 'ABCDEABCDEABCDE555'],
  ])('%s -> %s', (id15, id18) => {
    expect(toEighteen(id15)).toBe(id18);
  });

  it('gives ids differing only in case different suffixes', () => {
    expect(caseSafeSuffix('001dn0000000003')).toBe('AAA');
    expect(caseSafeSuffix('001Dn0000000003')).toBe('IAA');
  });

  it.each(['001Dn000000000', '001Dn0000000003IAA', '001Dn00000000-3', ''])('refuses %j', (bad) => {
    expect(() => toEighteen(bad)).toThrow(RangeError);
  });
});
