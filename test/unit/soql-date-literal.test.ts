import { formatSoqlDate } from '../../src/services/salesforce/soql/soql-date-literal';

describe('SOQL date literals', () => {
  it('formats a Date as its UTC day, no quotes', () => {
    expect(formatSoqlDate(new Date('2026-01-31T23:59:59.999Z'))).toBe('2026-01-31');
  });

  it('keeps a YYYY-MM-DD string', () => {
    expect(formatSoqlDate('2026-01-31')).toBe('2026-01-31');
  });

  it('takes the date part of an ISO date-time string', () => {
    expect(formatSoqlDate('2026-01-31T10:00:00Z')).toBe('2026-01-31');
  });

  it.each(['2026-02-30', '31/01/2026', "2026-01-31' OR Name != '", 'yesterday', ''])('refuses %j', (bad) => {
    expect(() => formatSoqlDate(bad)).toThrow(RangeError);
  });

  it('refuses an invalid Date', () => {
    expect(() => formatSoqlDate(new Date('nope'))).toThrow(RangeError);
  });
});
