import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { connect, raw, startSf, v } from './helpers/salesforce';

const OBJECTS = [
  'Account',
  'Contact',
  'Opportunity',
  'OpportunityLineItem',
  'Product2',
  'Pricebook2',
  'PricebookEntry',
  'OpportunityContactRole',
];

describe('Salesforce emulator: describe, describeGlobal, limits, versions and the Limit Info header', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSf({ dailyApiLimit: 15000 });
    conn = connect(sf);
  });
  afterAll(() => sf.stop());

  it('describes every object it holds with fields (name, type, label, nillable, createable, updateable, picklistValues, referenceTo, relationshipName) and childRelationships (REST API Developer Guide: sObject Describe)', async () => {
    for (const name of OBJECTS) {
      const d = await conn.describe(name);
      expect(d.name).toBe(name);
      expect(d.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Id', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp']));
      expect(d.urls.sobject).toBe(`/services/data/v62.0/sobjects/${name}`);
    }
    const opp = await conn.describe('Opportunity');
    const field = (n: string) => opp.fields.find((f) => f.name === n)!;
    expect(opp.keyPrefix).toBe('006');
    expect(field('StageName')).toMatchObject({ type: 'picklist', nillable: false, createable: true, updateable: true, restrictedPicklist: true });
    expect(field('IsWon')).toMatchObject({ type: 'boolean', createable: false, updateable: false, calculated: true });
    expect(field('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' });
    expect((field('Stigg_Provisioning_Status__c').picklistValues ?? []).map((p) => p.value)).toEqual(
      ['Pending', 'Provisioned', 'Action required', 'Failed', 'Needs attention', 'Scheduled', 'Canceled', 'Cancellation scheduled', 'Withdrawn']);
    expect((field('Type').picklistValues ?? []).map((p) => p.value)).toContain('Renewal');
    expect(field('Stigg_Provisioning_Status__c').custom).toBe(true);
    expect((field('CurrencyIsoCode').picklistValues ?? []).map((p) => p.value)).toContain('USD');
    expect(opp.childRelationships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ childSObject: 'OpportunityLineItem', field: 'OpportunityId', relationshipName: 'OpportunityLineItems', cascadeDelete: true }),
        expect.objectContaining({ childSObject: 'OpportunityContactRole', relationshipName: 'OpportunityContactRoles' }),
      ]),
    );
    const account = await conn.describe('Account');
    expect(account.childRelationships.map((r) => r.relationshipName)).toEqual(expect.arrayContaining(['Contacts', 'Opportunities']));
    expect(account.fields.find((f) => f.name === 'Stigg_Customer_Id__c')).toMatchObject({ externalId: true, type: 'string' });
    const product = await conn.describe('Product2');
    expect((product.fields.find((f) => f.name === 'Stigg_Type__c')!.picklistValues ?? []).map((p) => p.value)).toEqual([
      'Plan',
      'Add-on',
      'Entitlement',
      'Credit entitlement',
    ]);
    const oli = await conn.describe('OpportunityLineItem');
    expect(oli.fields.find((f) => f.name === 'TotalPrice')).toMatchObject({ type: 'currency', createable: true });
    expect(oli.fields.find((f) => f.name === 'OpportunityId')).toMatchObject({ createable: true, updateable: false });
    const ocr = await conn.describe('OpportunityContactRole');
    expect(ocr.fields.find((f) => f.name === 'ContactId')).toMatchObject({ referenceTo: ['Contact'], relationshipName: 'Contact' });
  });

  it('answers 404 NOT_FOUND when describing an object it does not hold (REST API Developer Guide: Status Codes and Error Responses)', async () => {
    const res = await raw(sf, `${v(sf)}/sobjects/Invoice__c/describe`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('lists every object in describeGlobal with keyPrefix and urls (REST API Developer Guide: Describe Global)', async () => {
    const g = await conn.describeGlobal();
    expect(g.maxBatchSize).toBe(200);
    expect(g.sobjects.map((s) => s.name).sort()).toEqual([...OBJECTS].sort());
    expect(g.sobjects.find((s) => s.name === 'OpportunityContactRole')).toMatchObject({ keyPrefix: '00K', queryable: true });
    const basic = await raw(sf, `${v(sf)}/sobjects/Account`);
    expect(basic.body.objectDescribe.name).toBe('Account');
    expect(basic.body.recentItems).toEqual([]);
  });

  it('reports DailyApiRequests {Max, Remaining} from /limits (REST API Developer Guide: Limits)', async () => {
    const before = await conn.limits();
    expect(before.DailyApiRequests.Max).toBe(15000);
    const after = await conn.limits();
    expect(after.DailyApiRequests.Remaining).toBe(before.DailyApiRequests.Remaining - 1);
  });

  it('sends Sforce-Limit-Info: api-usage=N/M on every response, which jsforce exposes as conn.limitInfo (REST API Developer Guide: Limit Info Header)', async () => {
    const a = await raw(sf, `${v(sf)}/limits`);
    const b = await raw(sf, `${v(sf)}/sobjects/Account/nope`);
    const m1 = /^api-usage=(\d+)\/15000$/.exec(a.headers.get('sforce-limit-info')!);
    const m2 = /^api-usage=(\d+)\/15000$/.exec(b.headers.get('sforce-limit-info')!);
    expect(Number(m2![1])).toBe(Number(m1![1]) + 1);
    expect((await raw(sf, `${v(sf)}/limits`, { token: 'bad' })).headers.get('sforce-limit-info')).toMatch(/^api-usage=/);
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(conn.limitInfo.apiUsage).toEqual({ used: sf.apiUsage().used, limit: 15000 });
  });

  it('refuses requests with 403 REQUEST_LIMIT_EXCEEDED once the daily allocation is used up when enforcement is on (REST API Developer Guide: Status Codes and Error Responses — 403; assumption: enforcement is opt-in)', async () => {
    const small = await startSf({ dailyApiLimit: 3, enforceDailyApiLimit: true });
    try {
      const c = connect(small);
      for (let i = 0; i < 3; i++) await c.limits();
      await expect(c.limits()).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
      small.resetApiUsage();
      expect((await c.limits()).DailyApiRequests.Remaining).toBe(2);
    } finally {
      await small.stop();
    }
  });

  it('lists API versions at /services/data without authentication and serves resources by version (REST API Developer Guide: Versions; Resources by Version)', async () => {
    const versions = await raw(sf, '/services/data', { token: null });
    expect(versions.status).toBe(200);
    expect(versions.body).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    const resources = await raw(sf, v(sf));
    expect(resources.body).toMatchObject({ sobjects: '/services/data/v62.0/sobjects', query: '/services/data/v62.0/query', limits: '/services/data/v62.0/limits' });
    const older = connect(sf, { version: '50.0' });
    const rec = await older.sobject('Account').retrieve('001Dn0000000001IAA');
    expect(rec.attributes?.url).toBe('/services/data/v50.0/sobjects/Account/001Dn0000000001IAA');
    expect((await raw(sf, '/services/data/v99.0/limits')).status).toBe(404);
  });
});
