/** What every route module shares: the emulator's state and the helpers for records named in URLs. */
import { SfError, notFound } from '../errors';
import { normalizeId } from '../ids';
import { SandboxCredentials, Sessions } from '../oauth';
import { FieldDef, ObjectDef, objectDef } from '../schema';
import { Rec, Store } from '../store';

export interface SalesforceContext {
  store: Store;
  sessions: Sessions;
  credentials: SandboxCredentials;
  /** the version advertised in credentials and identity */
  apiVersion: string;
  /** DailyApiRequests.Max */
  dailyMax: number;
  /** open query cursors kept before the oldest is dropped */
  maxOpenCursors: number;
  /** http://host:port, known once the server listens */
  baseUrl(): string;
  /** API requests counted since start */
  apiUsed(): number;
}

/** The served REST versions: every vNN.0 from 20.0 to 66.0. */
export function servedVersion(params: Record<string, string>): boolean {
  const m = /^v(\d+)\.(\d)$/.exec(params.v ?? '');
  if (!m) return false;
  const major = Number(m[1]);
  return major >= 20 && major <= 66 && m[2] === '0';
}

/** `62.0` and `/services/data/v62.0` for a request under /services/data/:v (record URLs use the request's version). */
export function dataVersion(params: Record<string, string>): { version: string; base: string } {
  const version = `${Number(/^v(\d+)/.exec(params.v)![1])}.0`;
  return { version, base: `/services/data/v${version}` };
}

export function requireObject(name: string): ObjectDef {
  const obj = objectDef(name);
  if (!obj) throw notFound();
  return obj;
}

/** An id from a URL: 404 when it is not id-shaped, 400 MALFORMED_ID when it is of the wrong type. */
export function urlRecordId(obj: ObjectDef, raw: string): string {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(raw)) throw notFound();
  const id = normalizeId(raw);
  if (!id || id.slice(0, 3) !== obj.keyPrefix) {
    throw new SfError(400, 'MALFORMED_ID', `${obj.name} ID: id value of incorrect type: ${raw}`);
  }
  return id;
}

export function liveRecord(store: Store, obj: ObjectDef, id: string): Rec {
  const rec = store.get(obj, id);
  if (!rec) throw notFound();
  if (rec.IsDeleted) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  return rec;
}

export function fieldList(obj: ObjectDef, names: string[]): FieldDef[] {
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
