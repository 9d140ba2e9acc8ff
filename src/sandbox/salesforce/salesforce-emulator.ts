/**
 * The Salesforce REST API emulator: the subset of the REST API (and OAuth 2.0 endpoints) that
 * jsforce 3.10.16 uses, served over plain HTTP so that the real jsforce talks to it unchanged with
 * `instanceUrl` (and `loginUrl`) pointing here. See ./README.md for endpoints, rules and assumptions.
 *
 * Self-contained: imports nothing from the gateway.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SANDBOX_JWT_PRIVATE_KEY } from './dev-jwt-keys';
import { SfError, notFound } from './errors';
import { Counters, FaultDecision, FaultRuleInput, FaultValidationError, Faults, Operation } from './faults';
import { normalizeId, to18 } from './ids';
import {
  OAuthError,
  ORG_ID,
  SandboxCredentials,
  Sessions,
  USER_ID,
  handleTokenRequest,
  identityBody,
  userInfoBody,
} from './oauth';
import { FieldDef, ObjectDef, SCHEMA, describeGlobalEntry, describeObject, objectByKeyPrefix, objectDef } from './schema';
import { loadSeed, readSeed } from './seed';
import { runSoql } from './soql';
import { Rec, Store } from './store';

export interface SalesforceEmulatorOptions {
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  /** Directory holding salesforce.json (SANDBOX_SEED); defaults to the bundled src/sandbox/seed. */
  seedDir?: string;
  /** Version advertised in credentials and versions list; every vNN.0 from 20.0 to 66.0 is served. */
  apiVersion?: string;
  /** DailyApiRequests.Max reported by /limits and Sforce-Limit-Info (default 15,000). */
  dailyApiLimit?: number;
  /** When true, requests beyond dailyApiLimit get 403 REQUEST_LIMIT_EXCEEDED (default false). */
  enforceDailyApiLimit?: boolean;
  /** Open query cursors kept per org before the oldest is dropped (default 10). */
  maxOpenCursors?: number;
}

export interface SalesforceEmulator {
  /** http://host:port — both the instance URL and the login URL. */
  url: string;
  credentials: SandboxCredentials & { loginUrl: string; instanceUrl: string };
  faults: Faults;
  counters: Counters;
  store: Store;
  sessions: Sessions;
  /** API requests counted against DailyApiRequests since start (or the last resetApiUsage). */
  apiUsage(): { used: number; max: number };
  resetApiUsage(): void;
  stop(): Promise<void>;
}

const MAX_URI_BYTES = 16_384;
const DEFAULT_PAGE = 2000;
const CURSOR_IDLE_MS = 15 * 60_000;

interface Cursor {
  rows: Rec[];
  totalSize: number;
  batchSize: number;
  lastUsed: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  op: Operation;
  auth: 'bearer' | 'none' | 'identity';
  /** Counted against DailyApiRequests (every /services/data call). */
  api: boolean;
  run: () => Reply | Promise<Reply>;
}

class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super('http');
  }
}

function sfVersionLabel(major: number): string {
  const k = major - 62;
  const season = ['Winter', 'Spring', 'Summer'][((k % 3) + 3) % 3];
  return `${season} '${25 + Math.floor(k / 3)}`;
}

export async function startSalesforceEmulator(opts: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const apiVersion = opts.apiVersion ?? '62.0';
  const dailyMax = opts.dailyApiLimit ?? 15_000;
  const maxCursors = opts.maxOpenCursors ?? 10;

  const store = new Store();
  loadSeed(store, readSeed(opts.seedDir));
  const faults = new Faults();
  const counters = new Counters();
  const cursors = new Map<string, Cursor>();
  let cursorSeq = 0;
  let apiUsed = 0;
  let baseUrl = '';

  const credentials: SandboxCredentials = {
    clientId: 'sandbox-client-id',
    clientSecret: 'sandbox-client-secret',
    accessToken: `${ORG_ID.slice(0, 15)}!SANDBOX.development-access-token`,
    apiVersion,
    username: 'sandbox@example.com',
    password: 'sandbox-password',
    refreshToken: 'sandbox-development-refresh-token',
    authorizationCode: 'sandbox-development-authorization-code',
    jwtPrivateKey: SANDBOX_JWT_PRIVATE_KEY,
  };
  const sessions = new Sessions(credentials);
  const pendingTimers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        pendingTimers.delete(t);
        resolve();
      }, ms);
      pendingTimers.add(t);
    });

  // ------------------------------------------------------------------ helpers

  const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

  function parseJsonBody(raw: string): unknown {
    if (!raw) return undefined;
    try {
      return JSON.parse(raw);
    } catch (e) {
      throw new SfError(400, 'JSON_PARSER_ERROR', `Unexpected character: was expecting a JSON value (${(e as Error).message})`);
    }
  }

  function requireObject(name: string): ObjectDef {
    const obj = objectDef(name);
    if (!obj) throw notFound();
    return obj;
  }

  /** An id from a URL: 404 when it is not id-shaped, 400 MALFORMED_ID when it is of the wrong type. */
  function urlRecordId(obj: ObjectDef, raw: string): string {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(raw)) throw notFound();
    const id = normalizeId(raw);
    if (!id || id.slice(0, 3) !== obj.keyPrefix) {
      throw new SfError(400, 'MALFORMED_ID', `${obj.name} ID: id value of incorrect type: ${raw}`);
    }
    return id;
  }

  function liveRecord(obj: ObjectDef, id: string): Rec {
    const rec = store.get(obj, id);
    if (!rec) throw notFound();
    if (rec.IsDeleted) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return rec;
  }

  function fieldList(obj: ObjectDef, names: string[]): FieldDef[] {
    return names
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => {
        const f = obj.fieldMap.get(n.toLowerCase());
        if (!f) {
          throw new SfError(
            400,
            'INVALID_FIELD',
            `No such column '${n}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        }
        return f;
      });
  }

  function batchSizeOf(headers: IncomingMessage['headers']): number | undefined {
    const raw = headers['sforce-query-options'];
    const m = typeof raw === 'string' ? /batchSize\s*=\s*(\d+)/i.exec(raw) : null;
    if (!m) return undefined;
    // Query Options Header: the default is 2,000; the minimum is 200, and the maximum is 2,000.
    return Math.min(2000, Math.max(200, Number(m[1])));
  }

  function page(rows: Rec[], totalSize: number, offset: number, batch: number, version: string, locator?: string) {
    const end = Math.min(rows.length, offset + batch);
    const records = rows.slice(offset, end);
    if (end >= rows.length) return { totalSize, done: true, records };
    let loc = locator;
    if (!loc) {
      cursorSeq += 1;
      loc = to18(`01gDn${String(cursorSeq).padStart(10, '0')}`);
      cursors.set(loc, { rows, totalSize, batchSize: batch, lastUsed: Date.now() });
      while (cursors.size > maxCursors) cursors.delete(cursors.keys().next().value as string);
    }
    return { totalSize, done: false, nextRecordsUrl: `/services/data/v${version}/query/${loc}-${end}`, records };
  }

  function saveResultsWithAllOrNone(
    results: Array<Rec & { success: boolean }>,
    allOrNone: boolean,
    savepoint: number,
  ): Array<Rec & { success: boolean }> {
    if (!allOrNone || results.every((r) => r.success)) return results;
    store.rollback(savepoint);
    return results.map((r) =>
      r.success
        ? {
            ...(r.id && !r.created ? { id: r.id } : {}),
            success: false,
            errors: [
              {
                statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
                fields: [],
              },
            ],
          }
        : r,
    );
  }

  /** One record's DML inside its own savepoint, turning SfError into a SaveResult error. */
  function attempt(fn: () => Rec & { success: boolean }, id?: string): Rec & { success: boolean } {
    const sp = store.savepoint();
    try {
      return fn();
    } catch (e) {
      store.rollback(sp);
      if (!(e instanceof SfError)) throw e;
      return { ...(id ? { id } : {}), success: false, errors: [e.toSaveError()] };
    }
  }

  function collectionRecords(body: unknown, max: number): { allOrNone: boolean; records: Rec[] } {
    if (!body || typeof body !== 'object' || !Array.isArray((body as Rec).records)) {
      throw new SfError(400, 'JSON_PARSER_ERROR', 'The request body must be an object with a records array');
    }
    const records = (body as Rec).records as Rec[];
    if (records.length > max) {
      throw new SfError(400, 'EXCEEDED_ID_LIMIT', `Maximum number of records allowed in a collection request is ${max}`);
    }
    return { allOrNone: (body as Rec).allOrNone === true, records };
  }

  function recordType(r: Rec): ObjectDef {
    const type = (r?.attributes as Rec | undefined)?.type;
    if (typeof type !== 'string') {
      throw new SfError(400, 'INVALID_FIELD', 'Each record in a collection request must have an attributes map with a type');
    }
    const obj = objectDef(type);
    if (!obj) throw new SfError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
    return obj;
  }

  // ------------------------------------------------------------------ routes

  function route(method: string, url: URL, rawBody: string, headers: IncomingMessage['headers']): Route | Reply {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const segs = path.split('/').slice(1).map((s) => decodeURIComponent(s));

    if (path === '/services/oauth2/token') {
      if (method !== 'POST') return methodNotAllowed('POST');
      return {
        op: 'token',
        auth: 'none',
        api: false,
        run: () =>
          json(
            200,
            handleTokenRequest({ creds: credentials, sessions, baseUrl }, new URLSearchParams(rawBody), headers.authorization),
          ),
      };
    }
    if (path === '/services/oauth2/revoke') {
      return {
        op: 'token',
        auth: 'none',
        api: false,
        run: () => {
          const token = new URLSearchParams(rawBody).get('token') ?? url.searchParams.get('token') ?? '';
          if (!sessions.revoke(token)) throw new OAuthError(400, 'unsupported_token_type', 'this token type is not supported');
          return { status: 200 };
        },
      };
    }
    if (path === '/services/oauth2/userinfo') {
      return { op: 'identity', auth: 'identity', api: false, run: () => json(200, userInfoBody(baseUrl, credentials)) };
    }
    if (segs[0] === 'id' && segs.length === 3) {
      if (normalizeId(segs[1]) !== ORG_ID || normalizeId(segs[2]) !== USER_ID) return json(404, 'Bad_Id');
      return {
        op: 'identity',
        auth: 'identity',
        api: false,
        run: () => json(200, identityBody(baseUrl, credentials, apiVersion)),
      };
    }
    if (segs[0] === 'services' && segs[1] === 'Soap' && segs[2] === 'u' && method === 'POST') {
      return { op: 'token', auth: 'none', api: false, run: () => soapLogin(rawBody, segs[3] ?? apiVersion) };
    }
    if (path === '/services/data') {
      if (method !== 'GET') return methodNotAllowed('GET');
      return {
        op: 'versions',
        auth: 'none',
        api: false,
        run: () => {
          const list = [];
          for (let v = 31; v <= 66; v++) {
            list.push({ label: sfVersionLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
          }
          return json(200, list);
        },
      };
    }
    const vm = /^\/services\/data\/v(\d+)\.(\d)(\/.*)?$/.exec(path);
    if (!vm) return json(404, notFound().toBody());
    const major = Number(vm[1]);
    if (major < 20 || major > 66 || vm[2] !== '0') return json(404, notFound().toBody());
    const version = `${major}.0`;
    const base = `/services/data/v${version}`;
    const rest = segs.slice(3);
    const bearer = (op: Operation, run: () => Reply | Promise<Reply>): Route => ({ op, auth: 'bearer', api: true, run });

    if (rest.length === 0) {
      if (method !== 'GET') return methodNotAllowed('GET');
      return bearer('resources', () =>
        json(200, {
          tooling: `${base}/tooling`,
          metadata: `${base}/metadata`,
          eclair: `${base}/eclair`,
          folders: `${base}/folders`,
          query: `${base}/query`,
          queryAll: `${base}/queryAll`,
          sobjects: `${base}/sobjects`,
          limits: `${base}/limits`,
          composite: `${base}/composite`,
          search: `${base}/search`,
          identity: `${baseUrl}/id/${ORG_ID}/${USER_ID}`,
        }),
      );
    }

    const [head, a, b, c, ...extra] = rest;

    if (head === 'limits' && rest.length === 1) {
      if (method !== 'GET') return methodNotAllowed('GET');
      return bearer('limits', () =>
        json(200, {
          DailyApiRequests: { Max: dailyMax, Remaining: Math.max(0, dailyMax - apiUsed) },
          DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
          DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
          DataStorageMB: { Max: 5, Remaining: 5 },
          FileStorageMB: { Max: 20, Remaining: 20 },
          SingleEmail: { Max: 15, Remaining: 15 },
        }),
      );
    }

    if ((head === 'query' || head === 'queryAll') && rest.length <= 2) {
      if (method !== 'GET') return methodNotAllowed('GET');
      if (rest.length === 2) {
        return bearer('queryMore', () => {
          const m = /^(.+)-(\d+)$/.exec(a);
          const cursor = m ? cursors.get(m[1]) : undefined;
          if (!m || !cursor || Date.now() - cursor.lastUsed > CURSOR_IDLE_MS || Number(m[2]) > cursor.rows.length) {
            if (m) cursors.delete(m[1]);
            throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
          }
          cursor.lastUsed = Date.now();
          const batch = batchSizeOf(headers) ?? cursor.batchSize;
          return json(200, page(cursor.rows, cursor.totalSize, Number(m[2]), batch, version, m[1]));
        });
      }
      return bearer(head === 'query' ? 'query' : 'queryAll', () => {
        const q = url.searchParams.get('q');
        if (q === null) throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
        const result = runSoql(store, q, { includeDeleted: head === 'queryAll', base });
        return json(200, page(result.records, result.totalSize, 0, batchSizeOf(headers) ?? DEFAULT_PAGE, version));
      });
    }

    if (head === 'sobjects') {
      if (rest.length === 1) {
        if (method !== 'GET') return methodNotAllowed('GET');
        return bearer('describeGlobal', () =>
          json(200, {
            encoding: 'UTF-8',
            maxBatchSize: 200,
            sobjects: [...SCHEMA.values()].map((o) => describeGlobalEntry(o, base)),
          }),
        );
      }
      if (rest.length === 2) {
        if (method === 'GET') {
          return bearer('describe', () => {
            const obj = requireObject(a);
            return json(200, { objectDescribe: describeGlobalEntry(obj, base), recentItems: [] });
          });
        }
        if (method === 'POST') {
          return bearer('create', () => {
            const obj = requireObject(a);
            const body = store.coerceBody(obj, parseJsonBody(rawBody));
            if ('Id' in body) {
              throw new SfError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: Id. cannot specify Id in an insert call', ['Id']);
            }
            const id = store.insert(obj, body);
            return json(201, { id, success: true, errors: [] });
          });
        }
        return methodNotAllowed('GET, POST');
      }
      if (rest.length === 3 && b === 'describe') {
        if (method !== 'GET') return methodNotAllowed('GET');
        return bearer('describe', () => json(200, describeObject(requireObject(a), base)));
      }
      if (rest.length === 3) {
        switch (method) {
          case 'GET':
            return bearer('retrieve', () => {
              const obj = requireObject(a);
              const rec = liveRecord(obj, urlRecordId(obj, b));
              const fieldsParam = url.searchParams.get('fields');
              const fields = fieldsParam ? fieldList(obj, fieldsParam.split(',')) : undefined;
              return json(200, store.render(obj, rec, base, fields));
            });
          case 'PATCH':
            return bearer('update', () => {
              const obj = requireObject(a);
              const id = urlRecordId(obj, b);
              const body = store.coerceBody(obj, parseJsonBody(rawBody) ?? {});
              store.update(obj, id, body);
              return { status: 204 };
            });
          case 'DELETE':
            return bearer('delete', () => {
              const obj = requireObject(a);
              store.delete(obj, urlRecordId(obj, b));
              return { status: 204 };
            });
          default:
            return methodNotAllowed('GET, PATCH, DELETE');
        }
      }
      if (rest.length === 4) {
        // sObject Rows by External ID: /sobjects/X/Field/value
        const extField = () => {
          const obj = requireObject(a);
          const f = obj.fieldMap.get(b.toLowerCase());
          if (!f || !(f.externalId || f.type === 'id')) {
            throw new SfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${b}`);
          }
          return { obj, f };
        };
        switch (method) {
          case 'GET':
            return bearer('retrieve', () => {
              const { obj, f } = extField();
              const matches = store.findBy(obj, f, c);
              if (matches.length === 0) throw notFound();
              if (matches.length > 1) return json(300, matches.map((r) => `${base}/sobjects/${obj.name}/${String(r.Id)}`));
              return json(200, store.render(obj, matches[0], base));
            });
          case 'PATCH':
            return bearer('upsert', () => {
              const { obj, f } = extField();
              const body = store.coerceBody(obj, parseJsonBody(rawBody) ?? {});
              const matches = store.findBy(obj, f, c);
              if (matches.length > 1) return json(300, matches.map((r) => `${base}/sobjects/${obj.name}/${String(r.Id)}`));
              if (matches.length === 1) {
                const { [f.name]: _ext, ...changes } = body;
                store.update(obj, matches[0].Id as string, changes);
                return json(200, { id: matches[0].Id, success: true, errors: [], created: false });
              }
              if (f.type === 'id' || url.searchParams.get('updateOnly') === 'true') throw notFound();
              const id = store.insert(obj, { ...body, [f.name]: c });
              return json(201, { id, success: true, errors: [], created: true });
            });
          case 'DELETE':
            return bearer('delete', () => {
              const { obj, f } = extField();
              const matches = store.findBy(obj, f, c);
              if (matches.length === 0) throw notFound();
              if (matches.length > 1) return json(300, matches.map((r) => `${base}/sobjects/${obj.name}/${String(r.Id)}`));
              store.delete(obj, matches[0].Id as string);
              return { status: 204 };
            });
          default:
            return methodNotAllowed('GET, PATCH, DELETE');
        }
      }
      return json(404, notFound().toBody());
    }

    if (head === 'composite' && a === 'sobjects' && extra.length === 0) {
      if (rest.length === 2) {
        switch (method) {
          case 'POST':
            return bearer('collectionCreate', () => {
              const { allOrNone, records } = collectionRecords(parseJsonBody(rawBody), 200);
              const prepared = records.map((r) => {
                const obj = recordType(r);
                return { obj, body: store.coerceBody(obj, r) };
              });
              const sp = store.savepoint();
              const results = prepared.map(({ obj, body }) =>
                attempt(() => {
                  if ('Id' in body) throw new SfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
                  return { id: store.insert(obj, body), success: true, errors: [], created: true };
                }),
              );
              return json(
                200,
                saveResultsWithAllOrNone(results, allOrNone, sp).map(({ created: _c, ...r }) => r),
              );
            });
          case 'PATCH':
            return bearer('collectionUpdate', () => {
              const { allOrNone, records } = collectionRecords(parseJsonBody(rawBody), 200);
              const prepared = records.map((r) => {
                const obj = recordType(r);
                const { id: lowerId, ...fields } = r;
                const body = store.coerceBody(obj, fields);
                const rawId = (lowerId ?? body.Id) as string | undefined;
                delete body.Id;
                return { obj, body, rawId };
              });
              const sp = store.savepoint();
              const results = prepared.map(({ obj, body, rawId }) =>
                attempt(() => {
                  if (!rawId) throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', []);
                  const id = normalizeId(rawId);
                  if (!id || id.slice(0, 3) !== obj.keyPrefix) throw new SfError(400, 'MALFORMED_ID', `malformed id ${rawId}`, []);
                  const rec = store.get(obj, id);
                  if (!rec) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
                  if (rec.IsDeleted) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
                  store.update(obj, id, body);
                  return { id, success: true, errors: [] };
                }, rawId),
              );
              return json(200, saveResultsWithAllOrNone(results, allOrNone, sp));
            });
          case 'DELETE':
            return bearer('collectionDelete', () => {
              const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
              if (ids.length === 0) throw new SfError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
              if (ids.length > 200) throw new SfError(400, 'EXCEEDED_ID_LIMIT', 'Maximum number of ids allowed in a delete request is 200');
              const allOrNone = url.searchParams.get('allOrNone') === 'true';
              const sp = store.savepoint();
              const results = ids.map((rawId) =>
                attempt(() => {
                  const id = normalizeId(rawId);
                  const obj = id ? objectByKeyPrefix(id) : undefined;
                  if (!id || !obj) throw new SfError(400, 'MALFORMED_ID', `malformed id ${rawId}`, []);
                  const rec = store.get(obj, id);
                  if (!rec) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
                  if (rec.IsDeleted) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
                  store.delete(obj, id);
                  return { id, success: true, errors: [] };
                }, rawId),
              );
              return json(200, saveResultsWithAllOrNone(results, allOrNone, sp));
            });
          default:
            return methodNotAllowed('POST, PATCH, DELETE');
        }
      }
      if (rest.length === 3 && (method === 'POST' || method === 'GET')) {
        return bearer('collectionRetrieve', () => {
          const obj = requireObject(b);
          let ids: unknown;
          let fieldNames: unknown;
          if (method === 'POST') {
            const body = parseJsonBody(rawBody) as Rec | undefined;
            ids = body?.ids;
            fieldNames = body?.fields;
          } else {
            ids = url.searchParams.get('ids')?.split(',').filter(Boolean);
            fieldNames = url.searchParams.get('fields')?.split(',').filter(Boolean);
          }
          if (!Array.isArray(ids) || ids.length === 0) throw new SfError(400, 'MISSING_ARGUMENT', 'ids is required');
          if (!Array.isArray(fieldNames) || fieldNames.length === 0) throw new SfError(400, 'MISSING_ARGUMENT', 'fields is required');
          if (ids.length > 2000) throw new SfError(400, 'EXCEEDED_ID_LIMIT', 'Maximum number of ids allowed is 2000');
          const fields = fieldList(obj, fieldNames.map(String));
          return json(
            200,
            ids.map((raw) => {
              const id = normalizeId(raw);
              const rec = id && id.slice(0, 3) === obj.keyPrefix ? store.get(obj, id) : undefined;
              return rec && !rec.IsDeleted ? store.render(obj, rec, base, fields) : null;
            }),
          );
        });
      }
      if (rest.length === 4 && method === 'PATCH') {
        return bearer('collectionUpsert', () => {
          const obj = requireObject(b);
          const f = obj.fieldMap.get(c.toLowerCase());
          if (!f || !f.externalId) {
            throw new SfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${c}`);
          }
          const { allOrNone, records } = collectionRecords(parseJsonBody(rawBody), 200);
          const prepared = records.map((r) => ({ body: store.coerceBody(obj, r) }));
          const sp = store.savepoint();
          const results = prepared.map(({ body }) =>
            attempt(() => {
              const value = body[f.name];
              if (value == null) throw new SfError(400, 'MISSING_ARGUMENT', `${f.name} not specified`, [f.name]);
              const matches = store.findBy(obj, f, String(value));
              if (matches.length > 1) {
                throw new SfError(
                  400,
                  'DUPLICATE_EXTERNAL_ID',
                  `${f.name}: more than one record found for external id field: [${matches.map((m) => String(m.Id)).join(', ')}]`,
                  [f.name],
                );
              }
              if (matches.length === 1) {
                const { [f.name]: _ext, ...changes } = body;
                store.update(obj, matches[0].Id as string, changes);
                return { id: matches[0].Id, success: true, errors: [], created: false };
              }
              return { id: store.insert(obj, body), success: true, errors: [], created: true };
            }),
          );
          return json(200, saveResultsWithAllOrNone(results, allOrNone, sp));
        });
      }
    }
    return json(404, notFound().toBody());
  }

  function methodNotAllowed(allowed: string): Reply {
    return json(405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method not allowed. Allowed are ${allowed}` }]);
  }

  function soapLogin(body: string, version: string): Reply {
    const pick = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1];
    const unesc = (s?: string) => s?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const username = unesc(pick('username'));
    const password = unesc(pick('password'));
    const envelope = (inner: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
    if (username !== credentials.username || password !== credentials.password) {
      return {
        status: 500,
        body: envelope(
          '<soapenv:Fault><faultcode>INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring></soapenv:Fault>',
        ),
        headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
      };
    }
    const session = sessions.issue(credentials.clientId);
    return {
      status: 200,
      body: envelope(
        `<loginResponse><result><metadataServerUrl>${baseUrl}/services/Soap/m/${version}/${ORG_ID}</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>true</sandbox><serverUrl>${baseUrl}/services/Soap/u/${version}/${ORG_ID}</serverUrl><sessionId>${session.token}</sessionId><userId>${USER_ID}</userId><userInfo><organizationId>${ORG_ID}</organizationId><userName>${credentials.username}</userName></userInfo></result></loginResponse>`,
      ),
      headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
    };
  }

  // ------------------------------------------------------------------ failures

  function failureReply(failure: FaultDecision['failure'], op: Operation): Reply | 'drop' {
    if (failure === 'DROP_CONNECTION') return 'drop';
    if (op === 'token') {
      const map: Record<string, [number, string, string]> = {
        REQUEST_LIMIT_EXCEEDED: [403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'],
        SERVER_ERROR: [500, 'server_error', 'An unexpected error occurred'],
        SERVICE_UNAVAILABLE: [503, 'temporarily_unavailable', 'Service Unavailable'],
        INVALID_SESSION_ID: [400, 'invalid_grant', 'expired access/refresh token'],
      };
      const [status, error, description] = map[failure!];
      return json(status, { error, error_description: description });
    }
    switch (failure) {
      case 'REQUEST_LIMIT_EXCEEDED':
        return json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      case 'SERVER_ERROR':
        return json(500, [
          {
            message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
            errorCode: 'UNKNOWN_EXCEPTION',
          },
        ]);
      case 'SERVICE_UNAVAILABLE':
        return json(503, [{ message: 'Service Unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
      default:
        return json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  }

  // ------------------------------------------------------------------ HTTP plumbing

  function send(res: ServerResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = {
      'Sforce-Limit-Info': `api-usage=${apiUsed}/${dailyMax}`,
      ...(reply.headers ?? {}),
    };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const isText = typeof reply.body === 'string' && headers['Content-Type'];
    const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'Content-Type': 'application/json;charset=UTF-8',
      ...headers,
      'Content-Length': String(Buffer.byteLength(payload)),
    });
    res.end(payload);
  }

  function errorReply(e: unknown): Reply {
    if (e instanceof SfError) return json(e.status, e.toBody());
    if (e instanceof OAuthError) return json(e.status, e.toBody());
    if (e instanceof HttpError) return e.reply;
    return json(500, [{ message: `Sandbox error: ${(e as Error)?.message ?? String(e)}`, errorCode: 'UNKNOWN_EXCEPTION' }]);
  }

  function bearerToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | undefined {
    const h = req.headers.authorization;
    const m = h ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h) : null;
    if (m) return m[1].trim();
    return allowQuery ? (url.searchParams.get('oauth_token') ?? undefined) : undefined;
  }

  async function handleSandboxAdmin(req: IncomingMessage, res: ServerResponse, path: string, rawBody: string): Promise<void> {
    const reply = (status: number, body?: unknown) => send(res, { status, body });
    if (path === '/__sandbox/faults') {
      if (req.method === 'POST') {
        try {
          const rule = faults.add(JSON.parse(rawBody || 'null') as FaultRuleInput);
          return reply(201, rule);
        } catch (e) {
          return reply(400, { error: e instanceof FaultValidationError || e instanceof SyntaxError ? e.message : String(e) });
        }
      }
      if (req.method === 'DELETE') {
        faults.clear();
        return reply(204);
      }
      if (req.method === 'GET') return reply(200, faults.list());
    }
    if (path === '/__sandbox/counters') {
      if (req.method === 'GET') return reply(200, counters.snapshot());
      if (req.method === 'DELETE') {
        counters.reset();
        return reply(204);
      }
    }
    return reply(404, { error: 'unknown sandbox endpoint' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    // Status Codes and Error Responses: 414 when the URI exceeds 16,384 bytes; 431 when URI + headers do.
    const uriBytes = Buffer.byteLength(rawUrl);
    if (uriBytes > MAX_URI_BYTES) {
      req.resume();
      return send(res, json(414, [{ message: 'The request URI exceeds the 16,384 byte limit', errorCode: 'URI_TOO_LONG' }]));
    }
    let headerBytes = 0;
    for (let i = 0; i < req.rawHeaders.length; i += 2) headerBytes += req.rawHeaders[i].length + req.rawHeaders[i + 1].length + 4;
    if (uriBytes + headerBytes > MAX_URI_BYTES) {
      req.resume();
      return send(
        res,
        json(431, [{ message: 'The combined URI and headers exceed the 16,384 byte limit', errorCode: 'REQUEST_HEADER_FIELDS_TOO_LARGE' }]),
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(rawUrl, 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname.startsWith('/__sandbox/')) return handleSandboxAdmin(req, res, url.pathname.replace(/\/+$/, ''), rawBody);

    let r: Route | Reply;
    try {
      r = route(method, url, rawBody, req.headers);
    } catch (e) {
      return send(res, errorReply(e));
    }
    if (!('op' in r)) return send(res, r);
    const routeInfo = r;

    counters.increment(routeInfo.op);
    const decision = faults.decide(routeInfo.op);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.failure && decision.phase === 'before') {
      const f = failureReply(decision.failure, routeInfo.op);
      if (f === 'drop') return void req.socket.destroy();
      return send(res, f);
    }

    if (routeInfo.auth !== 'none') {
      const token = bearerToken(req, url, routeInfo.auth === 'identity');
      if (!sessions.lookup(token)) {
        return send(res, json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]));
      }
    }
    if (routeInfo.api) {
      if (opts.enforceDailyApiLimit && apiUsed >= dailyMax) {
        return send(res, json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]));
      }
      apiUsed += 1;
    }

    let reply: Reply;
    const sp = store.savepoint();
    try {
      reply = await routeInfo.run();
      store.commit();
    } catch (e) {
      store.rollback(sp);
      store.commit();
      reply = errorReply(e);
    }
    if (decision.failure && decision.phase === 'after') {
      const f = failureReply(decision.failure, routeInfo.op);
      if (f === 'drop') return void req.socket.destroy();
      return send(res, f);
    }
    send(res, reply);
  }

  const server: Server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, errorReply(e));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopped = false;
  return {
    url: baseUrl,
    credentials: { ...credentials, loginUrl: baseUrl, instanceUrl: baseUrl },
    faults,
    counters,
    store,
    sessions,
    apiUsage: () => ({ used: apiUsed, max: dailyMax }),
    resetApiUsage: () => {
      apiUsed = 0;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
