import { normalizeSalesforceId } from '../../src/services/salesforce/ids/normalize-salesforce-id';
import { expectGatewayError } from './fixtures/expect-gateway-error';

describe('normalizeSalesforceId', () => {
  it('answers a 15-character id as 18', () => {
    expect(normalizeSalesforceId('001Dn0000000003', 'id')).toBe('001Dn0000000003IAA');
  });

  it('keeps a valid 18-character id', () => {
    expect(normalizeSalesforceId('001A0000006Vm9rIAC', 'id', 'Account')).toBe('001A0000006Vm9rIAC');
  });

  it('accepts a lower-case checksum and answers it upper-case', () => {
    expect(normalizeSalesforceId('001Dn0000000003iaa', 'id')).toBe('001Dn0000000003IAA');
  });

  it('ignores surrounding spaces', () => {
    expect(normalizeSalesforceId(' 001Dn0000000003 ', 'id')).toBe('001Dn0000000003IAA');
  });

  it('refuses a bad checksum', () => {
    const error = expectGatewayError(() => normalizeSalesforceId('001Dn0000000003AAA', 'accountId'), 'BAD_USER_INPUT', { field: 'accountId' });
    expect(error.message).toContain('last 3 characters');
  });

  it('refuses an 18-character id whose case was changed', () => {
    expectGatewayError(() => normalizeSalesforceId('001DN0000000003IAA', 'id'), 'BAD_USER_INPUT', { field: 'id' });
  });

  it.each(['001Dn000000003', '001Dn00000000031', '001Dn0000000003IA', '001Dn0000000003IAAB', '', '001Dn00000000\'3'])(
    'refuses the wrong length or characters: %j', (bad) => {
      expectGatewayError(() => normalizeSalesforceId(bad, 'opportunityId'), 'BAD_USER_INPUT', { field: 'opportunityId' });
    });

  it('refuses an injection attempt', () => {
    expectGatewayError(() => normalizeSalesforceId("' OR Name != '", 'id'), 'BAD_USER_INPUT');
  });

  it.each([
    ['Account', '001Dn0000000003'],
    ['Contact', '003Dn0000000003'],
    ['Opportunity', '006Dn0000000003'],
    ['OpportunityLineItem', '00kDn0000000003'],
    ['Product2', '01tDn0000000003'],
    ['Pricebook2', '01sDn0000000003'],
    ['PricebookEntry', '01uDn0000000003'],
    ['OpportunityContactRole', '00KDn0000000003'],
  ] as const)('accepts the %s key prefix', (object, id15) => {
    expect(normalizeSalesforceId(id15, 'id', object)).toHaveLength(18);
  });

  it('refuses the wrong key prefix, naming the expected one', () => {
    const error = expectGatewayError(() => normalizeSalesforceId('001Dn0000000003', 'opportunityId', 'Opportunity'),
      'BAD_USER_INPUT', { field: 'opportunityId' });
    expect(error.message).toContain('006');
  });

  it('tells 00k (line item) from 00K (contact role)', () => {
    expectGatewayError(() => normalizeSalesforceId('00KDn0000000003', 'id', 'OpportunityLineItem'), 'BAD_USER_INPUT');
  });
});
