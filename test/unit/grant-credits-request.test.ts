import { validateGrantCreditsRequest, GrantCreditsRequest } from '../../src/services/credits/grant-credits-request';
import { expectGatewayError } from './fixtures/expect-gateway-error';

const NOW = new Date('2026-06-01T00:00:00Z');
const promotional = (overrides: Partial<GrantCreditsRequest> = {}): GrantCreditsRequest => ({
  customerId: 'customer-acme', grantType: 'PROMOTIONAL', currencyId: 'currency-api-credits', displayName: 'Welcome', amount: 100, ...overrides,
});
const paid = (overrides: Partial<GrantCreditsRequest> = {}): GrantCreditsRequest =>
  promotional({ grantType: 'PAID', paymentCollectionMethod: 'INVOICE', cost: { amount: 50, currency: 'USD' }, ...overrides });

describe('grantCredits input', () => {
  test.each(['RECURRING', 'OVERDRAFT'] as const)('grantType %s (made by Stigg itself) -> BAD_USER_INPUT on grantType', (grantType) => {
    expectGatewayError(() => validateGrantCreditsRequest(promotional({ grantType }), NOW), 'BAD_USER_INPUT', { field: 'grantType' });
  });

  test('PROMOTIONAL and PAID are accepted', () => {
    expect(() => validateGrantCreditsRequest(promotional(), NOW)).not.toThrow();
    expect(() => validateGrantCreditsRequest(paid(), NOW)).not.toThrow();
  });

  test("a PAID grant's cost in a currency Stigg does not bill in (HUF) -> BAD_USER_INPUT on cost.currency", () => {
    expectGatewayError(() => validateGrantCreditsRequest(paid({ cost: { amount: 50, currency: 'HUF' } }), NOW), 'BAD_USER_INPUT', { field: 'cost.currency' });
  });
});
