/**
 * Change events as the Pub/Sub API delivers them: Avro binary, decoded with the schema GetSchema
 * returns (avro-js, Apache Avro's JavaScript implementation; its `lib/schemas` entry, because the
 * package's index also loads a validator that needs a module avro-js does not declare).
 *
 * ChangeEventHeader's changedFields is a bitmap (Pub/Sub API Developer Guide, "Event Deserialization
 * Considerations"): an array of strings whose first element, "0x…", is a hexadecimal bitmap of the
 * top-level fields, bit i set for the field at position i of the event's Avro schema (bit 0 is the
 * ChangeEventHeader field itself); elements "<position>-0x…" are the nested fields of a compound
 * field (an address, a name) at that position, named here `<compound>.<field>`.
 */

interface AvroType {
  fromBuffer(buffer: Buffer): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const avro = require('avro-js/lib/schemas') as { createType(schema: unknown): AvroType };

interface AvroRecordSchema {
  type: 'record';
  name: string;
  fields: Array<{ name: string; type: unknown }>;
}

/** What the gateway reads of a change event. */
export interface ChangeEvent {
  entityName: string;
  recordIds: string[];
  /** CREATE, UPDATE, DELETE, UNDELETE, or a GAP_… / GAP_OVERFLOW event. */
  changeType: string;
  /** The changed fields by name (decoded from the bitmap). */
  changedFields: string[];
  /** When Salesforce committed the change. */
  commitTimestamp: Date;
  /** Body fields that came with a value (a CREATE carries every field set). */
  values: Record<string, unknown>;
}

/** Unwraps avro-js's union form: `{ string: 'x' }` is 'x', null stays null. */
function unwrap(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof (value as Record<string, unknown>)[keys[0]] !== 'object') return (value as Record<string, unknown>)[keys[0]];
  }
  return value;
}

/** The record schema of a field's type, when it is a record or a union holding one (a compound field). */
function recordOf(type: unknown): AvroRecordSchema | null {
  if (Array.isArray(type)) return type.map(recordOf).find((r) => r !== null) ?? null;
  if (type && typeof type === 'object' && (type as { type?: unknown }).type === 'record') return type as AvroRecordSchema;
  return null;
}

/** The names of the fields a bitmap element marks, bit i naming `fields[i]`. */
function bitmapNames(hex: string, fields: ReadonlyArray<{ name: string }>): string[] {
  const digits = hex.replace(/^0x/i, '');
  if (!/^[0-9a-f]*$/i.test(digits) || digits === '') return [];
  const bits = BigInt(`0x${digits}`);
  const names: string[] = [];
  for (let i = 0; i < fields.length; i += 1) {
    if ((bits >> BigInt(i)) & 1n) names.push(fields[i].name);
  }
  return names;
}

/** changedFields (or nulledFields, diffFields) decoded to field names against the event's schema. */
export function decodeFieldBitmap(bitmap: readonly string[], schema: AvroRecordSchema): string[] {
  const names: string[] = [];
  for (const element of bitmap) {
    const nested = /^(\d+)-(0x[0-9a-f]+)$/i.exec(element);
    if (nested) {
      const parent = schema.fields[Number(nested[1])];
      const compound = parent ? recordOf(parent.type) : null;
      if (parent && compound) names.push(...bitmapNames(nested[2], compound.fields).map((n) => `${parent.name}.${n}`));
    } else {
      names.push(...bitmapNames(element, schema.fields));
    }
  }
  return names;
}

/** A decoder for the events of one schema (the schema JSON GetSchema answered). */
export class ChangeEventDecoder {
  private readonly type: AvroType;
  private readonly schema: AvroRecordSchema;

  constructor(schemaJson: string) {
    this.schema = JSON.parse(schemaJson) as AvroRecordSchema;
    this.type = avro.createType(this.schema);
  }

  decode(payload: Buffer): ChangeEvent {
    const record = this.type.fromBuffer(payload) as Record<string, unknown>;
    const header = (record.ChangeEventHeader ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (const field of this.schema.fields.slice(1)) {
      const value = unwrap(record[field.name]);
      if (value !== null && value !== undefined) values[field.name] = value;
    }
    const changed = Array.isArray(header.changedFields) ? (header.changedFields as unknown[]).map(String) : [];
    return {
      entityName: String(unwrap(header.entityName) ?? ''),
      recordIds: Array.isArray(header.recordIds) ? (header.recordIds as unknown[]).map((id) => String(unwrap(id))) : [],
      changeType: String(unwrap(header.changeType) ?? ''),
      changedFields: decodeFieldBitmap(changed, this.schema),
      commitTimestamp: new Date(Number(unwrap(header.commitTimestamp) ?? 0)),
      values,
    };
  }
}
