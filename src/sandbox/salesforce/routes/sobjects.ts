/**
 * sObject rows: create (POST .../sobjects/X), retrieve/update/delete by id (.../sobjects/X/<id>) and
 * by external id (.../sobjects/X/<Field>/<value>, PATCH = upsert).
 */
import { SfError, notFound } from '../errors';
import { Endpoint, json, parseJsonBody, RouteRequest } from '../http';
import { dataVersion, fieldList, liveRecord, requireObject, SalesforceContext, urlRecordId } from './context';

export function sobjectEndpoints(ctx: SalesforceContext) {
  const { store } = ctx;

  const create: Endpoint = {
    op: 'create',
    auth: 'bearer',
    api: true,
    run: ({ params, rawBody }) => {
      const obj = requireObject(params.object);
      const body = store.coerceBody(obj, parseJsonBody(rawBody));
      if ('Id' in body) {
        throw new SfError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: Id. cannot specify Id in an insert call', ['Id']);
      }
      const id = store.insert(obj, body);
      return json(201, { id, success: true, errors: [] });
    },
  };

  // ---------------------------------------------------------------- by id

  const retrieve: Endpoint = {
    op: 'retrieve',
    auth: 'bearer',
    api: true,
    run: ({ params, url }) => {
      const obj = requireObject(params.object);
      const rec = liveRecord(store, obj, urlRecordId(obj, params.id));
      const fieldsParam = url.searchParams.get('fields');
      const fields = fieldsParam ? fieldList(obj, fieldsParam.split(',')) : undefined;
      return json(200, store.render(obj, rec, dataVersion(params).base, fields));
    },
  };

  const update: Endpoint = {
    op: 'update',
    auth: 'bearer',
    api: true,
    run: ({ params, rawBody }) => {
      const obj = requireObject(params.object);
      const id = urlRecordId(obj, params.id);
      const body = store.coerceBody(obj, parseJsonBody(rawBody) ?? {});
      store.update(obj, id, body);
      return { status: 204 };
    },
  };

  const remove: Endpoint = {
    op: 'delete',
    auth: 'bearer',
    api: true,
    run: ({ params }) => {
      const obj = requireObject(params.object);
      store.delete(obj, urlRecordId(obj, params.id));
      return { status: 204 };
    },
  };

  // ---------------------------------------------------------------- by external id (sObject Rows by External ID)

  const extField = (params: RouteRequest['params']) => {
    const obj = requireObject(params.object);
    const f = obj.fieldMap.get(params.field.toLowerCase());
    if (!f || !(f.externalId || f.type === 'id')) {
      throw new SfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${params.field}`);
    }
    return { obj, f };
  };
  const multipleChoices = (base: string, objName: string, matches: Array<Record<string, unknown>>) =>
    json(300, matches.map((r) => `${base}/sobjects/${objName}/${String(r.Id)}`));

  const retrieveByExternalId: Endpoint = {
    op: 'retrieve',
    auth: 'bearer',
    api: true,
    run: ({ params }) => {
      const { base } = dataVersion(params);
      const { obj, f } = extField(params);
      const matches = store.findBy(obj, f, params.value);
      if (matches.length === 0) throw notFound();
      if (matches.length > 1) return multipleChoices(base, obj.name, matches);
      return json(200, store.render(obj, matches[0], base));
    },
  };

  const upsert: Endpoint = {
    op: 'upsert',
    auth: 'bearer',
    api: true,
    run: ({ params, rawBody, url }) => {
      const { base } = dataVersion(params);
      const { obj, f } = extField(params);
      const value = params.value;
      const body = store.coerceBody(obj, parseJsonBody(rawBody) ?? {});
      const matches = store.findBy(obj, f, value);
      if (matches.length > 1) return multipleChoices(base, obj.name, matches);
      if (matches.length === 1) {
        const { [f.name]: _ext, ...changes } = body;
        store.update(obj, matches[0].Id as string, changes);
        return json(200, { id: matches[0].Id, success: true, errors: [], created: false });
      }
      if (f.type === 'id' || url.searchParams.get('updateOnly') === 'true') throw notFound();
      const id = store.insert(obj, { ...body, [f.name]: value });
      return json(201, { id, success: true, errors: [], created: true });
    },
  };

  const removeByExternalId: Endpoint = {
    op: 'delete',
    auth: 'bearer',
    api: true,
    run: ({ params }) => {
      const { base } = dataVersion(params);
      const { obj, f } = extField(params);
      const matches = store.findBy(obj, f, params.value);
      if (matches.length === 0) throw notFound();
      if (matches.length > 1) return multipleChoices(base, obj.name, matches);
      store.delete(obj, matches[0].Id as string);
      return { status: 204 };
    },
  };

  return { create, retrieve, update, remove, retrieveByExternalId, upsert, removeByExternalId };
}
