/**
 * A change event's Avro schema, built from the Salesforce emulator's object description the way
 * Change Data Capture derives <Object>ChangeEvent from the object (Change Data Capture Developer
 * Guide: "Change Event Message Structure", "ChangeEventHeader Fields", "Change Event Body Fields";
 * Pub/Sub API: "Event Data Serialization with Apache Avro"):
 *
 * - record `<Object>ChangeEvent`, namespace `com.sforce.eventbus`;
 * - first field `ChangeEventHeader` with entityName, recordIds, changeType, changeOrigin,
 *   transactionKey, sequenceNumber, commitTimestamp, commitNumber, commitUser, nulledFields,
 *   diffFields, changedFields;
 * - then the object's fields, each an optional union `["null", T]` defaulting to null, except those
 *   the guide says a change event leaves out: IsDeleted and SystemModstamp (and Id, carried in
 *   recordIds: assumption);
 * - dates and datetimes are `long` epoch milliseconds (the guide: "Date fields are in Epoch time";
 *   a date as the epoch milliseconds of its UTC midnight: assumption).
 *
 * The schema id is the schema's fingerprint (the proto: "Schema fingerprint for this event which is
 * hash of the schema"): here the MD5 of the Avro Parsing Canonical Form, base64url without padding,
 * 22 characters like the real ids (the hash algorithm: assumption).
 */
import type { FieldDef, ObjectDef } from '../salesforce/schema';
import { AvroType, parseAvroSchema } from './avro';

export const CHANGE_TYPES = ['CREATE', 'UPDATE', 'DELETE', 'UNDELETE', 'GAP_CREATE', 'GAP_UPDATE', 'GAP_DELETE', 'GAP_UNDELETE', 'GAP_OVERFLOW'] as const;

const EXCLUDED_FIELDS = new Set(['Id', 'IsDeleted', 'SystemModstamp']);

export type AvroPrimitive = 'string' | 'boolean' | 'int' | 'double' | 'long';

export interface ChangeEventSchema {
  /** e.g. OpportunityChangeEvent */
  eventName: string;
  /** the sObject, e.g. Opportunity */
  entityName: string;
  schemaJson: string;
  schemaId: string;
  type: AvroType;
  /** the body fields in schema order; a field's position in the schema is its index here + 1 */
  fields: Array<{ name: string; avroType: AvroPrimitive; sfType: FieldDef['type'] }>;
}

export function avroTypeOf(f: FieldDef): AvroPrimitive {
  switch (f.type) {
    case 'boolean':
      return 'boolean';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'date':
    case 'datetime':
      return 'long';
    default:
      return 'string';
  }
}

function headerSchema(): unknown {
  const strings = { type: 'array', items: 'string' };
  return {
    type: 'record',
    name: 'ChangeEventHeader',
    namespace: 'com.sforce.eventbus',
    fields: [
      { name: 'entityName', type: 'string' },
      { name: 'recordIds', type: strings },
      { name: 'changeType', type: { type: 'enum', name: 'ChangeType', namespace: 'com.sforce.eventbus', symbols: [...CHANGE_TYPES] } },
      { name: 'changeOrigin', type: 'string' },
      { name: 'transactionKey', type: 'string' },
      { name: 'sequenceNumber', type: 'int' },
      { name: 'commitTimestamp', type: 'long' },
      { name: 'commitNumber', type: 'long' },
      { name: 'commitUser', type: 'string' },
      { name: 'nulledFields', type: strings },
      { name: 'diffFields', type: strings },
      { name: 'changedFields', type: strings },
    ],
  };
}

export function changeEventSchema(obj: ObjectDef): ChangeEventSchema {
  const fields = obj.fields
    .filter((f) => !EXCLUDED_FIELDS.has(f.name))
    .map((f) => ({ name: f.name, avroType: avroTypeOf(f), sfType: f.type }));
  const eventName = obj.name.endsWith('__c') ? `${obj.name.slice(0, -1)}ChangeEvent` : `${obj.name}ChangeEvent`;
  const schema = {
    type: 'record',
    name: eventName,
    namespace: 'com.sforce.eventbus',
    fields: [
      { name: 'ChangeEventHeader', type: headerSchema() },
      ...fields.map((f) => ({ name: f.name, type: ['null', f.avroType], default: null })),
    ],
  };
  const type = parseAvroSchema(schema);
  return {
    eventName,
    entityName: obj.name,
    schemaJson: JSON.stringify(schema),
    schemaId: type.getFingerprint('md5').toString('base64url'),
    type,
    fields,
  };
}
