/**
 * sObject Collections: POST/PATCH/DELETE .../composite/sobjects (collectionCreate/Update/Delete),
 * POST or GET .../composite/sobjects/X (collectionRetrieve), PATCH .../composite/sobjects/X/<ExtIdField>
 * (collectionUpsert). Each record runs in its own savepoint; allOrNone rolls every one back.
 */
import { SfError } from '../errors';
import { Endpoint, json, parseJsonBody } from '../http';
import { normalizeId } from '../ids';
import { ObjectDef, objectByKeyPrefix, objectDef } from '../schema';
import { Rec, Store } from '../store';
import { dataVersion, fieldList, requireObject, SalesforceContext } from './context';

type SaveResult = Rec & { success: boolean };

function saveResultsWithAllOrNone(store: Store, results: SaveResult[], allOrNone: boolean, savepoint: number): SaveResult[] {
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
function attempt(store: Store, fn: () => SaveResult, id?: string): SaveResult {
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

export function collectionEndpoints(ctx: SalesforceContext) {
  const { store } = ctx;

  const collectionCreate: Endpoint = {
    op: 'collectionCreate',
    auth: 'bearer',
    api: true,
    run: ({ rawBody }) => {
      const { allOrNone, records } = collectionRecords(parseJsonBody(rawBody), 200);
      const prepared = records.map((r) => {
        const obj = recordType(r);
        return { obj, body: store.coerceBody(obj, r) };
      });
      const sp = store.savepoint();
      const results = prepared.map(({ obj, body }) =>
        attempt(store, () => {
          if ('Id' in body) throw new SfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
          return { id: store.insert(obj, body), success: true, errors: [], created: true };
        }),
      );
      return json(
        200,
        saveResultsWithAllOrNone(store, results, allOrNone, sp).map(({ created: _c, ...r }) => r),
      );
    },
  };

  const collectionUpdate: Endpoint = {
    op: 'collectionUpdate',
    auth: 'bearer',
    api: true,
    run: ({ rawBody }) => {
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
        attempt(
          store,
          () => {
            if (!rawId) throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', []);
            const id = normalizeId(rawId);
            if (!id || id.slice(0, 3) !== obj.keyPrefix) throw new SfError(400, 'MALFORMED_ID', `malformed id ${rawId}`, []);
            const rec = store.get(obj, id);
            if (!rec) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
            if (rec.IsDeleted) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
            store.update(obj, id, body);
            return { id, success: true, errors: [] };
          },
          rawId,
        ),
      );
      return json(200, saveResultsWithAllOrNone(store, results, allOrNone, sp));
    },
  };

  const collectionDelete: Endpoint = {
    op: 'collectionDelete',
    auth: 'bearer',
    api: true,
    run: ({ url }) => {
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length === 0) throw new SfError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
      if (ids.length > 200) throw new SfError(400, 'EXCEEDED_ID_LIMIT', 'Maximum number of ids allowed in a delete request is 200');
      const allOrNone = url.searchParams.get('allOrNone') === 'true';
      const sp = store.savepoint();
      const results = ids.map((rawId) =>
        attempt(
          store,
          () => {
            const id = normalizeId(rawId);
            const obj = id ? objectByKeyPrefix(id) : undefined;
            if (!id || !obj) throw new SfError(400, 'MALFORMED_ID', `malformed id ${rawId}`, []);
            const rec = store.get(obj, id);
            if (!rec) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
            if (rec.IsDeleted) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
            store.delete(obj, id);
            return { id, success: true, errors: [] };
          },
          rawId,
        ),
      );
      return json(200, saveResultsWithAllOrNone(store, results, allOrNone, sp));
    },
  };

  const collectionRetrieve: Endpoint = {
    op: 'collectionRetrieve',
    auth: 'bearer',
    api: true,
    run: ({ method, params, rawBody, url }) => {
      const { base } = dataVersion(params);
      const obj = requireObject(params.object);
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
    },
  };

  const collectionUpsert: Endpoint = {
    op: 'collectionUpsert',
    auth: 'bearer',
    api: true,
    run: ({ params, rawBody }) => {
      const obj = requireObject(params.object);
      const c = params.field;
      const f = obj.fieldMap.get(c.toLowerCase());
      if (!f || !f.externalId) {
        throw new SfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${c}`);
      }
      const { allOrNone, records } = collectionRecords(parseJsonBody(rawBody), 200);
      const prepared = records.map((r) => ({ body: store.coerceBody(obj, r) }));
      const sp = store.savepoint();
      const results = prepared.map(({ body }) =>
        attempt(store, () => {
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
      return json(200, saveResultsWithAllOrNone(store, results, allOrNone, sp));
    },
  };

  return { collectionCreate, collectionUpdate, collectionDelete, collectionRetrieve, collectionUpsert };
}
