import { GraphQLEnumType } from 'graphql';
import { STIGG_MONEY_CURRENCIES } from '../../src/domain/stigg-currencies';
import { stiggReferenceSchema } from '../../src/sandbox/stigg/reference-schema';

describe("money currencies are those of Stigg's Currency enum", () => {
  test('the gateway knows exactly the values of Currency in reference/stigg (docs.stigg.io graphql-reference types/Currency)', () => {
    const currency = stiggReferenceSchema().getType('Currency') as GraphQLEnumType;
    expect([...STIGG_MONEY_CURRENCIES].sort()).toEqual(currency.getValues().map((v) => v.name).sort());
  });

  test('HUF is not one of them; USD and EUR are', () => {
    expect(STIGG_MONEY_CURRENCIES.has('HUF')).toBe(false);
    expect(STIGG_MONEY_CURRENCIES.has('USD')).toBe(true);
    expect(STIGG_MONEY_CURRENCIES.has('EUR')).toBe(true);
  });
});
