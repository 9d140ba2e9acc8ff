import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { connect, makeId, raw, startSf, v } from './helpers/salesforce';

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

describe('Salesforce emulator: sObject Collections', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSf();
    conn = connect(sf);
  });
  afterAll(() => sf.stop());

  const count = async (soql: string) => (await conn.query(soql)).totalSize;

  it('creates up to 200 records of several types, answering SaveResults in order (REST API Developer Guide: Create Records Using sObject Collections)', async () => {
    const res = await raw(sf, `${v(sf)}/composite/sobjects`, {
      method: 'POST',
      body: {
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, Name: 'Coll A' },
          { attributes: { type: 'Contact' }, LastName: 'Coll C', AccountId: makeId('001', 6) },
          { attributes: { type: 'Account' } },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: expect.stringMatching(/^001Dn1/), success: true, errors: [] },
      { id: expect.stringMatching(/^003Dn1/), success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }] },
    ]);
    const viaJsforce = await conn.sobject('Account').create([{ Name: 'Coll B' }, { Name: 'Coll D' }]);
    expect(viaJsforce.map((r) => r.success)).toEqual([true, true]);
    expect(await count("SELECT COUNT() FROM Account WHERE Name LIKE 'Coll %'")).toBe(3);
  });

  it('rolls every record back with ALL_OR_NONE_OPERATION_ROLLED_BACK when allOrNone is true and one fails (REST API Developer Guide: Create Records Using sObject Collections; allOrNone Parameters in Composite and Collections Requests)', async () => {
    const res = await conn.sobject('Account').create([{ Name: 'Atomic 1' }, { Name: '' }, { Name: 'Atomic 3' }], { allOrNone: true });
    expect(res).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }] },
      { success: false, errors: [ROLLED_BACK] },
    ]);
    expect(await count("SELECT COUNT() FROM Account WHERE Name LIKE 'Atomic%'")).toBe(0);
  });

  it('answers 400 for more than 200 records and for an unknown field anywhere in the request (REST API Developer Guide: Create Records Using sObject Collections — "If the request isn\'t well formed, the API returns a 400")', async () => {
    const tooMany = await raw(sf, `${v(sf)}/composite/sobjects`, {
      method: 'POST',
      body: { records: Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `N${i}` })) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
    const unknownField = await raw(sf, `${v(sf)}/composite/sobjects`, {
      method: 'POST',
      body: { records: [{ attributes: { type: 'Account' }, Name: 'ok' }, { attributes: { type: 'Account' }, Bogus__c: 1 }] },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body[0].errorCode).toBe('INVALID_FIELD');
    const noType = await raw(sf, `${v(sf)}/composite/sobjects`, { method: 'POST', body: { records: [{ Name: 'x' }] } });
    expect(noType.status).toBe(400);
    expect(await count("SELECT COUNT() FROM Account WHERE Name = 'ok'")).toBe(0);
  });

  it('updates records with PATCH, per-record results including the id (REST API Developer Guide: Update Records Using sObject Collections)', async () => {
    const res = await conn.sobject('Opportunity').update([
      { Id: makeId('006', 1), Stigg_Provisioning_Status__c: 'Provisioned', Stigg_Subscription_Id__c: `sub-${makeId('006', 1)}` },
      { Id: makeId('006', 2), Stigg_Provisioning_Status__c: 'Done' },
      { Id: makeId('006', 999), Description: 'missing' },
    ]);
    expect(res).toEqual([
      { id: makeId('006', 1), success: true, errors: [] },
      {
        id: makeId('006', 2),
        success: false,
        errors: [
          {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: 'Stigg Provisioning Status: bad value for restricted picklist field: Done',
            fields: ['Stigg_Provisioning_Status__c'],
          },
        ],
      },
      { id: makeId('006', 999), success: false, errors: [expect.objectContaining({ statusCode: 'INVALID_CROSS_REFERENCE_KEY' })] },
    ]);
    const [o1] = (await conn.query<any>(`SELECT Stigg_Provisioning_Status__c FROM Opportunity WHERE Id = '${makeId('006', 1)}'`)).records;
    expect(o1.Stigg_Provisioning_Status__c).toBe('Provisioned');

    const atomic = await conn.sobject('Opportunity').update(
      [
        { Id: makeId('006', 3), Description: 'should roll back' },
        { Id: makeId('006', 4), StageName: 'Nope' },
      ],
      { allOrNone: true },
    );
    expect(atomic[0]).toEqual({ id: makeId('006', 3), success: false, errors: [ROLLED_BACK] });
    expect((await conn.sobject('Opportunity').retrieve(makeId('006', 3))).Description).toBeNull();
  });

  it('deletes records by ids with DELETE ?ids=&allOrNone= (REST API Developer Guide: Delete Records Using sObject Collections)', async () => {
    const made = await conn.sobject('Contact').create([{ LastName: 'Del 1' }, { LastName: 'Del 2' }, { LastName: 'Del 3' }]);
    const ids = made.map((m) => m.id!);
    const atomic = await conn.sobject('Contact').destroy([ids[0], makeId('003', 999)], { allOrNone: true });
    expect(atomic[0]).toEqual({ id: ids[0], success: false, errors: [ROLLED_BACK] });
    expect(await count("SELECT COUNT() FROM Contact WHERE LastName LIKE 'Del %'")).toBe(3);
    const res = await raw(sf, `${v(sf)}/composite/sobjects?ids=${ids.join(',')},${makeId('003', 999)}&allOrNone=false`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body.slice(0, 3)).toEqual(ids.map((id) => ({ id, success: true, errors: [] })));
    expect(res.body[3]).toMatchObject({ id: makeId('003', 999), success: false });
    expect(await count("SELECT COUNT() FROM Contact WHERE LastName LIKE 'Del %'")).toBe(0);
  });

  it('retrieves up to 2,000 ids with POST /composite/sobjects/X {ids, fields}, null for missing ones, in order (REST API Developer Guide: Get Records With a Request Body Using sObject Collections)', async () => {
    const res = await raw(sf, `${v(sf)}/composite/sobjects/Account`, {
      method: 'POST',
      body: { ids: [makeId('001', 2), makeId('001', 999), makeId('001', 1).slice(0, 15), 'garbage'], fields: ['id', 'Name'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${makeId('001', 2)}` }, Id: makeId('001', 2), Name: 'Globex' },
      null,
      { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${makeId('001', 1)}` }, Id: makeId('001', 1), Name: 'Acme Corp' },
      null,
    ]);
    const tooMany = await raw(sf, `${v(sf)}/composite/sobjects/Account`, {
      method: 'POST',
      body: { ids: Array.from({ length: 2001 }, (_, i) => makeId('001', i + 1)), fields: ['Id'] },
    });
    expect(tooMany.status).toBe(400);
    const badField = await raw(sf, `${v(sf)}/composite/sobjects/Account`, { method: 'POST', body: { ids: [makeId('001', 1)], fields: ['Nope'] } });
    expect(badField.status).toBe(400);
    expect(badField.body[0].errorCode).toBe('INVALID_FIELD');
    const viaGet = await raw(sf, `${v(sf)}/composite/sobjects/Account?ids=${makeId('001', 4)}&fields=Name`);
    expect(viaGet.body[0].Name).toBe('Umbrella');
  });

  it('lets jsforce retrieve([ids]) (describe, then POST /composite/sobjects/X) with null for missing ids (REST API Developer Guide: Get Records With a Request Body Using sObject Collections)', async () => {
    sf.counters.reset();
    const freshConn = connect(sf);
    const res = await freshConn.sobject('Product2').retrieve([makeId('01t', 2), makeId('01t', 999), makeId('01t', 13)]);
    expect(res.map((r: any) => r?.Name ?? null)).toEqual(['Growth plan', null, 'Professional services']);
    expect(res[0]).toHaveProperty('Stigg_Type__c', 'Plan');
    expect(sf.counters.snapshot()).toMatchObject({ describe: 1, collectionRetrieve: 1 });
    const ids = Array.from({ length: 2000 }, (_, i) => makeId('01t', (i % 13) + 1));
    const many = await freshConn.sobject('Product2').retrieve(ids, { fields: ['Name'] });
    expect(many).toHaveLength(2000);
    expect(sf.counters.snapshot().describe).toBe(1);
  });

  it('upserts a collection by external id with created flags (REST API Developer Guide: Upsert Records Using sObject Collections)', async () => {
    const res = await conn.sobject('Account').upsert(
      [
        { Stigg_Customer_Id__c: 'customer-initech', Website: 'https://initech.example' },
        { Stigg_Customer_Id__c: 'customer-coll', Name: 'Collection Upsert Ltd' },
      ],
      'Stigg_Customer_Id__c',
    );
    expect(res).toEqual([
      { id: makeId('001', 3), success: true, errors: [], created: false },
      { id: expect.stringMatching(/^001Dn1/), success: true, errors: [], created: true },
    ]);
    expect((await conn.sobject('Account').retrieve(makeId('001', 3))).Website).toBe('https://initech.example');
  });
});
