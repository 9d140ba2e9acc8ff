import { allowedStiggTypeLabels, parseStiggTypePicklist } from '../../src/services/catalog/stigg-type-picklist';

describe('parseStiggTypePicklist', () => {
  it.each([
    ['Plan', 'PLAN'], ['PLAN', 'PLAN'], [' plan ', 'PLAN'],
    ['Add-on', 'ADDON'], ['Addon', 'ADDON'], ['Add on', 'ADDON'], ['ADD_ON', 'ADDON'], ['ADDON', 'ADDON'],
    ['Entitlement', 'ENTITLEMENT'], ['ENTITLEMENT', 'ENTITLEMENT'],
    ['Credit entitlement', 'CREDIT_ENTITLEMENT'], ['CREDIT_ENTITLEMENT', 'CREDIT_ENTITLEMENT'],
    ['Credit-Entitlement', 'CREDIT_ENTITLEMENT'], ['creditentitlement', 'CREDIT_ENTITLEMENT'],
  ])('%j -> %s', (raw, type) => {
    expect(parseStiggTypePicklist(raw)).toBe(type);
  });

  it.each(['Bundle', 'Feature', 'Credits', 'Plans', ''])('%j is unknown', (raw) => {
    expect(parseStiggTypePicklist(raw)).toBeNull();
  });

  it('names the allowed values as Salesforce shows them', () => {
    expect(allowedStiggTypeLabels()).toBe('Plan, Add-on, Entitlement, Credit entitlement');
  });
});
