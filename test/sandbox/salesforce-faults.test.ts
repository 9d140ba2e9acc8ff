import * as jsforce from 'jsforce';
import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { connect, makeId, raw, startSf, v } from './helpers/salesforce';

describe('Salesforce emulator: fault injection and counters (src/sandbox/README.md)', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSf();
    conn = connect(sf);
  });
  afterAll(() => sf.stop());
  beforeEach(() => {
    sf.faults.clear();
    sf.counters.reset();
  });

  const admin = (path: string, method: string, body?: unknown) => raw(sf, path, { method, body, token: null });

  it('adds rules with POST /__sandbox/faults, clears them with DELETE, and reads/resets counters without auth or counting (assumption: sandbox control plane)', async () => {
    const added = await admin('/__sandbox/faults', 'POST', { operation: 'limits', failure: 'SERVICE_UNAVAILABLE', times: 1 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ operation: 'limits', failure: 'SERVICE_UNAVAILABLE', remaining: 1, phase: 'before' });
    expect((await admin('/__sandbox/faults', 'GET')).body).toHaveLength(1);
    expect((await admin('/__sandbox/faults', 'DELETE')).status).toBe(204);
    expect(sf.faults.list()).toEqual([]);

    const bad = await admin('/__sandbox/faults', 'POST', { operation: 'teleport', failure: 'SERVER_ERROR' });
    expect(bad.status).toBe(400);
    expect((await admin('/__sandbox/faults', 'POST', { operation: 'query', failure: 'EXPLODE' })).status).toBe(400);
    expect((await admin('/__sandbox/faults', 'POST', { operation: 'query', failure: 'SERVER_ERROR', errorRate: 2 })).status).toBe(400);

    await conn.limits();
    await conn.query('SELECT Id FROM Account LIMIT 1');
    const counters = await admin('/__sandbox/counters', 'GET');
    expect(counters.body).toMatchObject({ limits: 1, query: 1, queryMore: 0 });
    expect((await admin('/__sandbox/counters', 'DELETE')).status).toBe(204);
    expect(sf.counters.snapshot().limits).toBe(0);
  });

  it('counts every request per operation, failed or not (assumption: sandbox control plane)', async () => {
    const id = (await conn.sobject('Account').create({ Name: 'Counted' })).id!;
    await conn.sobject('Account').retrieve(id);
    await conn.sobject('Account').update({ Id: id, Phone: '1' });
    await conn.sobject('Account').upsert({ Stigg_Customer_Id__c: 'counted', Name: 'Counted 2' }, 'Stigg_Customer_Id__c');
    await conn.sobject('Account').destroy(id);
    await conn.sobject('Account').create([{ Name: 'C1' }]);
    await conn.sobject('Account').update([{ Id: makeId('001', 1), Phone: '2' }]);
    await conn.sobject('Account').destroy([makeId('001', 999)]);
    await conn.sobject('Account').retrieve([makeId('001', 1)], { fields: ['Name'] });
    await conn.describe('Account');
    await conn.describeGlobal();
    await conn.query('SELECT Id FROM Account', { scanAll: true });
    await raw(sf, '/services/data', { token: null });
    await expect(conn.sobject('Account').retrieve(makeId('001', 998))).rejects.toThrow();
    expect(sf.counters.snapshot()).toMatchObject({
      create: 1,
      retrieve: 2,
      update: 1,
      upsert: 1,
      delete: 1,
      collectionCreate: 1,
      collectionUpdate: 1,
      collectionDelete: 1,
      collectionRetrieve: 1,
      describe: 1,
      describeGlobal: 1,
      queryAll: 1,
      versions: 1,
    });
  });

  it('503 SERVICE_UNAVAILABLE twice on query is retried by jsforce (0.5 s + 1 s backoff) and succeeds (REST API Developer Guide: Status Codes and Error Responses — 503)', async () => {
    sf.faults.add({ operation: 'query', failure: 'SERVICE_UNAVAILABLE', times: 2 });
    const res = await conn.query('SELECT COUNT() FROM Account');
    expect(res.totalSize).toBeGreaterThanOrEqual(7);
    expect(sf.counters.snapshot().query).toBe(3);
    expect(sf.faults.list()).toEqual([]);
  });

  it('answers 503 and 500 in Salesforce\'s error body shape (REST API Developer Guide: Status Codes and Error Responses)', async () => {
    sf.faults.add({ operation: 'limits', failure: 'SERVICE_UNAVAILABLE', times: 1 });
    sf.faults.add({ operation: 'describe', failure: 'SERVER_ERROR', times: 1 });
    const unavailable = await raw(sf, `${v(sf)}/limits`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toEqual([{ message: 'Service Unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
    const error = await raw(sf, `${v(sf)}/sobjects/Account/describe`);
    expect(error.status).toBe(500);
    expect(error.body[0].errorCode).toBe('UNKNOWN_EXCEPTION');
  });

  it('500 SERVER_ERROR once on a GET retrieve is retried by jsforce; on a POST create it surfaces at once (assumption: jsforce retries GET/PUT/DELETE only)', async () => {
    sf.faults.add({ operation: 'retrieve', failure: 'SERVER_ERROR', times: 1 });
    expect((await conn.sobject('Account').retrieve(makeId('001', 2))).Name).toBe('Globex');
    expect(sf.counters.snapshot().retrieve).toBe(2);
    sf.faults.add({ operation: 'create', failure: 'SERVER_ERROR', times: 1 });
    await expect(conn.sobject('Account').create({ Name: 'Not created' })).rejects.toMatchObject({ errorCode: 'UNKNOWN_EXCEPTION' });
    expect(sf.counters.snapshot().create).toBe(1);
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name = 'Not created'")).totalSize).toBe(0);
  });

  it('403 REQUEST_LIMIT_EXCEEDED surfaces as an error with errorCode REQUEST_LIMIT_EXCEEDED and is not retried (REST API Developer Guide: Status Codes and Error Responses — 403)', async () => {
    sf.faults.add({ operation: 'query', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    const err = await conn.query('SELECT Id FROM Account').then(
      () => undefined,
      (e) => e,
    );
    expect(err).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    expect(sf.counters.snapshot().query).toBe(1);
    sf.faults.add({ operation: 'collectionCreate', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    const raw403 = await raw(sf, `${v(sf)}/composite/sobjects`, { method: 'POST', body: { records: [] } });
    expect(raw403.status).toBe(403);
    expect(raw403.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  });

  it('DROP_CONNECTION destroys the socket: jsforce retries a GET, while a POST fails with a socket error (assumption: jsforce retries ECONNRESET on GET only)', async () => {
    sf.faults.add({ operation: 'query', failure: 'DROP_CONNECTION', times: 1 });
    expect((await conn.query('SELECT COUNT() FROM Opportunity')).totalSize).toBe(17);
    expect(sf.counters.snapshot().query).toBe(2);
    sf.faults.add({ operation: 'create', failure: 'DROP_CONNECTION', times: 1 });
    await expect(conn.sobject('Contact').create({ LastName: 'Dropped' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await conn.query("SELECT COUNT() FROM Contact WHERE LastName = 'Dropped'")).totalSize).toBe(0);
  });

  it('phase "after" commits the work and then fails: a lost create response leaves the record behind (src/sandbox/README.md: phase; assumption: models an uncertain outcome)', async () => {
    sf.faults.add({ operation: 'create', failure: 'DROP_CONNECTION', times: 1, phase: 'after' });
    await expect(conn.sobject('Contact').create({ LastName: 'Ghost' })).rejects.toThrow();
    expect((await conn.query("SELECT COUNT() FROM Contact WHERE LastName = 'Ghost'")).totalSize).toBe(1);
    sf.faults.add({ operation: 'update', failure: 'SERVER_ERROR', times: 1, phase: 'after' });
    await expect(conn.sobject('Opportunity').update({ Id: makeId('006', 5), Description: 'applied anyway' })).rejects.toMatchObject({
      errorCode: 'UNKNOWN_EXCEPTION',
    });
    expect((await conn.sobject('Opportunity').retrieve(makeId('006', 5))).Description).toBe('applied anyway');
  });

  it('a DELETE whose response is lost is replayed by jsforce and then answers ENTITY_IS_DELETED (REST API Developer Guide: Delete a Record; assumption: phase "after")', async () => {
    const c = await conn.sobject('Contact').create({ LastName: 'Lost delete' });
    sf.faults.add({ operation: 'delete', failure: 'SERVICE_UNAVAILABLE', times: 1, phase: 'after' });
    await expect(conn.sobject('Contact').destroy(c.id!)).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    expect(sf.counters.snapshot().delete).toBe(2);
  });

  it('INVALID_SESSION_ID (401) makes jsforce call its refresh function and replay the request (REST API Developer Guide: Status Codes and Error Responses — 401)', async () => {
    let refreshes = 0;
    const refreshing = new jsforce.Connection({
      instanceUrl: sf.url,
      accessToken: sf.credentials.accessToken,
      version: sf.credentials.apiVersion,
      refreshFn: (_c, callback) => {
        refreshes += 1;
        callback(null, sf.credentials.accessToken);
      },
    });
    sf.faults.add({ operation: 'query', failure: 'INVALID_SESSION_ID', times: 1 });
    expect((await refreshing.query('SELECT COUNT() FROM Product2')).totalSize).toBe(13);
    expect(refreshes).toBe(1);
    expect(sf.counters.snapshot().query).toBe(2);
    sf.faults.add({ operation: 'query', failure: 'INVALID_SESSION_ID', times: 1 });
    await expect(conn.query('SELECT Id FROM Product2')).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
  });

  it('fails the token operation with OAuth-shaped bodies (assumption: token endpoint errors are {error, error_description})', async () => {
    sf.faults.add({ operation: 'token', failure: 'SERVICE_UNAVAILABLE', times: 1 });
    const c = new jsforce.Connection({ oauth2: { loginUrl: sf.url, clientId: sf.credentials.clientId, clientSecret: sf.credentials.clientSecret } });
    await expect(c.authorize({ grant_type: 'client_credentials' })).rejects.toMatchObject({ name: 'temporarily_unavailable' });
    await c.authorize({ grant_type: 'client_credentials' });
    expect(sf.counters.snapshot().token).toBe(2);
  });

  it('adds latencyMs before answering, applies "*" to every operation, honours errorRate and times (src/sandbox/README.md: Fault injection)', async () => {
    sf.faults.add({ operation: '*', latencyMs: 150, times: 2 });
    const t0 = Date.now();
    await conn.limits();
    await conn.describe('Account');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = Date.now();
    await conn.limits();
    expect(Date.now() - t1).toBeLessThan(150);

    sf.faults.add({ operation: 'limits', failure: 'REQUEST_LIMIT_EXCEEDED', errorRate: 0 });
    for (let i = 0; i < 5; i++) await conn.limits();
    sf.faults.clear();
    sf.faults.add({ operation: 'limits', failure: 'REQUEST_LIMIT_EXCEEDED', times: 2 });
    await expect(conn.limits()).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    await expect(conn.limits()).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect((await conn.limits()).DailyApiRequests.Max).toBe(15000);
  });

  it('fails collection operations by name (collectionUpdate, collectionDelete, collectionRetrieve, queryMore) (src/sandbox/README.md: Fault injection)', async () => {
    sf.faults.add({ operation: 'collectionUpdate', failure: 'SERVER_ERROR', times: 1 });
    await expect(conn.sobject('Account').update([{ Id: makeId('001', 1), Phone: '3' }])).rejects.toMatchObject({ errorCode: 'UNKNOWN_EXCEPTION' });
    sf.faults.add({ operation: 'collectionRetrieve', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    await expect(conn.sobject('Account').retrieve([makeId('001', 1)], { fields: ['Name'] })).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    sf.faults.add({ operation: 'collectionDelete', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    await expect(conn.sobject('Account').destroy([makeId('001', 1)])).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    sf.faults.add({ operation: 'queryMore', failure: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    await expect(conn.queryMore('01gDn0000000001IAA-2000')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(sf.counters.snapshot()).toMatchObject({ collectionUpdate: 1, collectionRetrieve: 1, collectionDelete: 1, queryMore: 1 });
  });
});
