import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { normalizeId } from '../../src/sandbox/salesforce/ids';
import { connect, makeId, raw, startSf, v } from './helpers/salesforce';

describe('Salesforce emulator: sObject rows (retrieve, create, update, delete, upsert)', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSf();
    conn = connect(sf);
  });
  afterAll(() => sf.stop());

  it('retrieves a record with attributes and every field, or only ?fields= (REST API Developer Guide: Get Field Values from a Standard Object Record)', async () => {
    const acme = await conn.sobject('Account').retrieve(makeId('001', 1));
    expect(acme).toMatchObject({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${makeId('001', 1)}` },
      Id: '001Dn0000000001IAA',
      Name: 'Acme Corp',
      IsDeleted: false,
      CurrencyIsoCode: 'USD',
      Stigg_Customer_Id__c: null,
      CreatedDate: '2026-01-05T09:00:00.000+0000',
    });
    const few = await conn.sobject('Account').retrieve(makeId('001', 3), { fields: ['Name', 'Stigg_Customer_Id__c'] });
    expect(few).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${makeId('001', 3)}` },
      Name: 'Initech',
      Stigg_Customer_Id__c: 'customer-initech',
    });
    const bad = await raw(sf, `${v(sf)}/sobjects/Account/${makeId('001', 3)}?fields=Name,Nope__c`);
    expect(bad.status).toBe(400);
    expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
  });

  it('accepts a 15-character id in the URL and answers with the 18-character id (Object Reference for the Salesforce Platform: Field Types — ID)', async () => {
    const opp = await conn.sobject('Opportunity').retrieve(makeId('006', 1).slice(0, 15));
    expect(opp.Id).toBe('006Dn0000000001IAA');
    const lower = await raw(sf, `${v(sf)}/sobjects/Opportunity/${makeId('006', 1).toLowerCase()}?fields=Id`);
    expect(lower.body.Id).toBe('006Dn0000000001IAA');
  });

  it('answers 404 NOT_FOUND for a missing record or a non-id, 400 MALFORMED_ID for an id of another object or with a bad checksum (REST API Developer Guide: Status Codes and Error Responses; assumption for which of the two)', async () => {
    const missing = await raw(sf, `${v(sf)}/sobjects/Account/${makeId('001', 999)}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    expect((await raw(sf, `${v(sf)}/sobjects/Account/hello`)).status).toBe(404);
    const wrongType = await raw(sf, `${v(sf)}/sobjects/Account/${makeId('003', 1)}`);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body[0]).toEqual({ errorCode: 'MALFORMED_ID', message: `Account ID: id value of incorrect type: ${makeId('003', 1)}` });
    const badChecksum = await raw(sf, `${v(sf)}/sobjects/Account/001Dn0000000001IAB`);
    expect(badChecksum.body[0].errorCode).toBe('MALFORMED_ID');
    await expect(conn.sobject('Account').retrieve(makeId('001', 999))).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    expect((await raw(sf, `${v(sf)}/sobjects/Invoice__c/${makeId('001', 1)}`)).status).toBe(404);
  });

  it('creates a record: 201 {id, success, errors} with an id of the right prefix, checksum and the created range (REST API Developer Guide: Create a Record)', async () => {
    const res = await raw(sf, `${v(sf)}/sobjects/Account`, { method: 'POST', body: { Name: 'Raw Co' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^001Dn1\d{9}[A-Z0-5]{3}$/), success: true, errors: [] });
    expect(normalizeId(res.body.id)).toBe(res.body.id);
    const created = await conn.sobject('Contact').create({ FirstName: 'Nina', LastName: 'New', Email: 'nina@acme.example', AccountId: makeId('001', 1) });
    expect(created).toEqual({ id: expect.stringMatching(/^003Dn1/), success: true, errors: [] });
    const back = await conn.sobject('Contact').retrieve(created.id!);
    expect(back).toMatchObject({ Name: 'Nina New', AccountId: makeId('001', 1), IsDeleted: false });
    expect(back.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('accepts a 15-character reference id in a body and stores it as 18 characters (Object Reference for the Salesforce Platform: Field Types — ID)', async () => {
    const created = await conn.sobject('Contact').create({ LastName: 'Short', AccountId: makeId('001', 2).slice(0, 15) });
    expect((await conn.sobject('Contact').retrieve(created.id!)).AccountId).toBe(makeId('001', 2));
  });

  it('answers 400 INVALID_FIELD for an unknown field and JSON_PARSER_ERROR for malformed JSON or a wrong value type (REST API Developer Guide: Status Codes and Error Responses)', async () => {
    const unknown = await raw(sf, `${v(sf)}/sobjects/Account`, { method: 'POST', body: { Name: 'X', Colour__c: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual([{ message: "No such column 'Colour__c' on sobject of type Account", errorCode: 'INVALID_FIELD' }]);
    const broken = await raw(sf, `${v(sf)}/sobjects/Account`, { method: 'POST', body: '{"Name": ' });
    expect(broken.status).toBe(400);
    expect(broken.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    const wrongType = await raw(sf, `${v(sf)}/sobjects/Opportunity/${makeId('006', 6)}`, { method: 'PATCH', body: { Probability: 'lots' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body[0].errorCode).toBe('JSON_PARSER_ERROR');
    await expect(conn.sobject('Account').create({ Name: 'X', Colour__c: 'red' })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('updates with PATCH answering 204, which jsforce reports as success (REST API Developer Guide: Update a Record)', async () => {
    const res = await raw(sf, `${v(sf)}/sobjects/Opportunity/${makeId('006', 6)}`, {
      method: 'PATCH',
      body: { Description: 'raw patch' },
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const viaJsforce = await conn.sobject('Opportunity').update({ Id: makeId('006', 6), Stigg_Provisioning_Status__c: 'Pending' });
    expect(viaJsforce).toEqual({ id: makeId('006', 6), success: true, errors: [] });
    const opp = await conn.sobject('Opportunity').retrieve(makeId('006', 6));
    expect(opp).toMatchObject({ Description: 'raw patch', Stigg_Provisioning_Status__c: 'Pending' });
    expect(opp.LastModifiedDate > opp.CreatedDate).toBe(true);
  });

  it('deletes with DELETE answering 204; the record then answers 404 ENTITY_IS_DELETED (REST API Developer Guide: Delete a Record)', async () => {
    const c = await conn.sobject('Contact').create({ LastName: 'Temp' });
    const res = await raw(sf, `${v(sf)}/sobjects/Contact/${c.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    const again = await raw(sf, `${v(sf)}/sobjects/Contact/${c.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED' }]);
    const c2 = await conn.sobject('Contact').create({ LastName: 'Temp 2' });
    expect(await conn.sobject('Contact').destroy(c2.id!)).toEqual({ id: c2.id, success: true, errors: [] });
    await expect(conn.sobject('Contact').destroy(c2.id!)).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    await expect(conn.sobject('Contact').update({ Id: c2.id!, LastName: 'Zombie' })).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
  });

  it('upserts by external id: 201 {created: true} for a new value, 200 {created: false} for an existing one (REST API Developer Guide: Insert or Update (Upsert) a Record Using an External ID)', async () => {
    const created = await raw(sf, `${v(sf)}/sobjects/Account/Stigg_Customer_Id__c/customer-new`, {
      method: 'PATCH',
      body: { Name: 'Upserted Inc' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^001Dn1/), success: true, errors: [], created: true });
    const updated = await raw(sf, `${v(sf)}/sobjects/Account/Stigg_Customer_Id__c/CUSTOMER-NEW`, {
      method: 'PATCH',
      body: { BillingCity: 'Lisbon' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id: created.body.id, success: true, errors: [], created: false });
    const viaJsforce = await conn.sobject('Account').upsert({ Stigg_Customer_Id__c: 'customer-initech', Phone: '555-0100' }, 'Stigg_Customer_Id__c');
    expect(viaJsforce).toMatchObject({ id: makeId('001', 3), success: true, created: false });
    expect((await conn.sobject('Account').retrieve(makeId('001', 3))).Phone).toBe('555-0100');
    const byExt = await raw(sf, `${v(sf)}/sobjects/Account/Stigg_Customer_Id__c/customer-new`);
    expect(byExt.body).toMatchObject({ Name: 'Upserted Inc', BillingCity: 'Lisbon' });
  });

  it('answers 300 with the matching record URLs when the external id matches several records (REST API Developer Guide: Insert or Update (Upsert) a Record Using an External ID)', async () => {
    const res = await raw(sf, `${v(sf)}/sobjects/Product2/Stigg_ID__c/addon-sso`, { method: 'PATCH', body: { Description: 'x' } });
    expect(res.status).toBe(300);
    expect(res.body).toEqual([`/services/data/v62.0/sobjects/Product2/${makeId('01t', 4)}`, `/services/data/v62.0/sobjects/Product2/${makeId('01t', 12)}`]);
    await expect(conn.sobject('Product2').upsert({ Stigg_ID__c: 'addon-sso', Description: 'x' }, 'Stigg_ID__c')).rejects.toMatchObject({
      errorCode: 'MULTIPLE_CHOICES',
    });
  });

  it('answers 404 NOT_FOUND for an upsert on a field that is not an external id, and honours updateOnly (REST API Developer Guide: Insert or Update (Upsert) a Record Using an External ID)', async () => {
    const res = await raw(sf, `${v(sf)}/sobjects/Account/Name/Acme`, { method: 'PATCH', body: { Phone: '1' } });
    expect(res.status).toBe(404);
    expect(res.body[0]).toEqual({ errorCode: 'NOT_FOUND', message: 'Provided external ID field does not exist or is not accessible: Name' });
    const updateOnly = await raw(sf, `${v(sf)}/sobjects/Account/Stigg_Customer_Id__c/never-seen?updateOnly=true`, {
      method: 'PATCH',
      body: { Name: 'No' },
    });
    expect(updateOnly.status).toBe(404);
  });

  it('answers 405 for a method a resource does not allow (REST API Developer Guide: Status Codes and Error Responses)', async () => {
    const res = await raw(sf, `${v(sf)}/sobjects/Account/${makeId('001', 1)}`, { method: 'PUT', body: {} });
    expect(res.status).toBe(405);
    expect(res.body[0].errorCode).toBe('METHOD_NOT_ALLOWED');
  });
});
