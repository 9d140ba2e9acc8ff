import type { Connection } from 'jsforce';
import { SalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { connect, makeId, raw, startSf, v } from './helpers/salesforce';

const TOTAL = 2050;
const SOQL = "SELECT Id, LastName, Account.Name FROM Contact WHERE Title = 'Bulk' ORDER BY LastName";

describe('Salesforce emulator: query paging past 2,000 rows', () => {
  let sf: SalesforceEmulator;
  let conn: Connection;

  beforeAll(async () => {
    sf = await startSf();
    conn = connect(sf);
    const all = Array.from({ length: TOTAL }, (_, i) => ({
      LastName: `Bulk ${String(i).padStart(5, '0')}`,
      Title: 'Bulk',
      AccountId: makeId('001', 6),
    }));
    for (let i = 0; i < all.length; i += 200) {
      const res = await conn.sobject('Contact').create(all.slice(i, i + 200));
      expect(res.every((r) => r.success)).toBe(true);
    }
  });
  afterAll(() => sf.stop());

  it('returns 2,000 rows, done false and nextRecordsUrl = /services/data/vNN.0/query/<locator>-2000 when more rows remain (REST API Developer Guide: Execute a SOQL Query)', async () => {
    const first = await conn.query<any>(SOQL);
    expect(first.totalSize).toBe(TOTAL);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    // jsforce rebuilds the URL from the locator (the last path segment) on its own base URL.
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-2000$/);
    const wire = await raw(sf, `${v(sf)}/query?q=${encodeURIComponent(SOQL)}`);
    expect(Object.keys(wire.body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(wire.body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-2000$/);
    expect(first.records[0].Account.Name).toBe('Stark Industries');

    const rest = await conn.queryMore<any>(first.nextRecordsUrl!);
    expect(rest.done).toBe(true);
    expect(rest.totalSize).toBe(TOTAL);
    expect(rest.records).toHaveLength(50);
    expect(rest.records[49].LastName).toBe('Bulk 02049');
    expect(rest.nextRecordsUrl).toBeUndefined();
  });

  it('lets jsforce autoFetch follow nextRecordsUrl up to maxFetch (REST API Developer Guide: Execute a SOQL Query — Retrieving the Remaining SOQL Query Results)', async () => {
    sf.counters.reset();
    const all = await conn.query<any>(SOQL, { autoFetch: true, maxFetch: 10000 });
    expect(all.records).toHaveLength(TOTAL);
    expect(new Set(all.records.map((r) => r.Id)).size).toBe(TOTAL);
    expect(sf.counters.snapshot()).toMatchObject({ query: 1, queryMore: 1 });
    const capped = await conn.query<any>(SOQL, { autoFetch: true, maxFetch: 2100 });
    expect(capped.records).toHaveLength(2050);
    const small = await conn.query<any>(SOQL, { autoFetch: true, maxFetch: 100 });
    expect(small.records).toHaveLength(100);
  });

  it('answers pages of batchSize rows when Sforce-Query-Options asks, on every page (REST API Developer Guide: Query Options Header)', async () => {
    sf.counters.reset();
    const headers = { 'Sforce-Query-Options': 'batchSize=500' };
    const first = await conn.query<any>(SOQL, { headers });
    expect(first.records).toHaveLength(500);
    expect(first.nextRecordsUrl).toMatch(/-500$/);
    const all = await conn.query<any>(SOQL, { headers, autoFetch: true, maxFetch: 10000 });
    expect(all.records).toHaveLength(TOTAL);
    expect(sf.counters.snapshot().queryMore).toBe(4);
  });

  it('clamps batchSize to the documented minimum 200 and maximum 2,000 (REST API Developer Guide: Query Options Header)', async () => {
    const tiny = await conn.query<any>(SOQL, { headers: { 'Sforce-Query-Options': 'batchSize=10' } });
    expect(tiny.records).toHaveLength(200);
    const huge = await conn.query<any>(SOQL, { headers: { 'Sforce-Query-Options': 'batchSize=5000' } });
    expect(huge.records).toHaveLength(2000);
  });

  it('pages queryAll results through the same /query/<locator> resource (REST API Developer Guide: Execute a SOQL Query that Includes Deleted Items)', async () => {
    const res = await raw(sf, `${v(sf)}/queryAll?q=${encodeURIComponent(SOQL)}`, {
      headers: { 'Sforce-Query-Options': 'batchSize=1000' },
    });
    expect(res.body.records).toHaveLength(1000);
    const next = await raw(sf, res.body.nextRecordsUrl);
    expect(next.body.records).toHaveLength(1000);
    expect(next.body.nextRecordsUrl).toMatch(/-2000$/);
  });

  it('answers 400 INVALID_QUERY_LOCATOR for an unknown locator (REST API Developer Guide: Status Codes and Error Responses; assumption for the message)', async () => {
    const res = await raw(sf, `${v(sf)}/query/01gDn9999999999IAA-2000`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    await expect(conn.queryMore('01gDn9999999999IAA-2000')).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
  });

  it('keeps at most 10 open query cursors and drops the oldest (SOQL and SOSL Reference: query cursor limits — up to 10 open cursors per user)', async () => {
    const headers = { 'Sforce-Query-Options': 'batchSize=200' };
    const firsts = [];
    for (let i = 0; i < 11; i++) firsts.push(await conn.query<any>(SOQL, { headers }));
    await expect(conn.queryMore(firsts[0].nextRecordsUrl!)).rejects.toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
    const latest = await conn.queryMore<any>(firsts[10].nextRecordsUrl!);
    expect(latest.records).toHaveLength(200);
  });
});
