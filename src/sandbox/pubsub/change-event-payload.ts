/**
 * A committed record change as a Pub/Sub API change event payload (Change Data Capture Developer
 * Guide, "Change Event Body Fields", Pub/Sub API clients): CREATE carries every field with a value;
 * UPDATE carries the changed fields' new values and leaves unchanged fields null, changedFields and
 * nulledFields in the header saying which is which (as bitmaps, ./field-bitmap.ts), plus the
 * enriched fields' values when not empty (a filtered channel's fields: "Change Event Filters",
 * auto-enrichment); DELETE carries no values. diffFields is always empty: the emulator never sends a
 * field as a diff.
 */
import type { CommittedChange, Rec } from '../salesforce/store';
import type { BusEvent, Topic } from './event-bus';
import { parseDateTime } from '../salesforce/store';
import { AvroPrimitive, ChangeEventSchema } from './change-event-schema';
import { fieldBitmap } from './field-bitmap';

/** What the header takes from the commit rather than the record. */
export interface CommitInfo {
  /** e.g. com/salesforce/api/rest/62.0 */
  changeOrigin: string;
  transactionKey: string;
  /** 1-based position of this change in its transaction */
  sequenceNumber: number;
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
}

/** The fields an UPDATE changed (LastModifiedDate and derived fields such as IsWon included), in schema order. */
export function changedFieldNames(schema: ChangeEventSchema, change: CommittedChange): string[] {
  if (change.changeType !== 'UPDATE' || !change.before) return [];
  return schema.fields.filter((f) => !sameValue(change.before![f.name], change.after[f.name])).map((f) => f.name);
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** A stored value as the Avro union branch of its field; null stays null. */
function avroValue(avroType: AvroPrimitive, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (avroType) {
    case 'long': {
      const s = String(value);
      const ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : (parseDateTime(s)?.getTime() ?? NaN);
      return Number.isFinite(ms) ? { long: ms } : null;
    }
    case 'boolean':
      return { boolean: value === true };
    case 'int':
      return { int: Math.trunc(Number(value)) };
    case 'double':
      return { double: Number(value) };
    default:
      return { string: String(value) };
  }
}

/** The header fields a channel filter may read (the non-array ones). */
export function filterableHeader(schema: ChangeEventSchema, change: CommittedChange, commit: CommitInfo): Rec {
  return { entityName: schema.entityName, changeType: change.changeType, ...commit };
}

/** An event's payload as a topic delivers it (enriched with the topic's filter fields), encoded once per topic. */
export function payloadFor(e: BusEvent, topic: Topic): Buffer {
  let payload = e.payloads.get(topic.name);
  if (!payload) {
    payload = changeEventPayload(e.schema, e.change, e.commit, topic.enriched).payload;
    e.payloads.set(topic.name, payload);
  }
  return payload;
}

/** The event record (Avro's wrapped-union form) and its encoding. */
export function changeEventPayload(
  schema: ChangeEventSchema,
  change: CommittedChange,
  commit: CommitInfo,
  enriched: readonly string[] = [],
): { record: Rec; payload: Buffer } {
  const changed = new Set(changedFieldNames(schema, change));
  const position = (name: string) => schema.fields.findIndex((f) => f.name === name) + 1;
  const nulled = [...changed].filter((name) => (change.after[name] ?? null) === null);
  const record: Rec = {
    ChangeEventHeader: {
      entityName: schema.entityName,
      recordIds: [change.id],
      changeType: change.changeType,
      changeOrigin: commit.changeOrigin,
      transactionKey: commit.transactionKey,
      sequenceNumber: commit.sequenceNumber,
      commitTimestamp: commit.commitTimestamp,
      commitNumber: commit.commitNumber,
      commitUser: commit.commitUser,
      nulledFields: fieldBitmap(nulled.map(position)),
      diffFields: [],
      changedFields: fieldBitmap([...changed].map(position)),
    },
  };
  for (const f of schema.fields) {
    const carried =
      change.changeType === 'CREATE' ||
      (change.changeType === 'UPDATE' && (changed.has(f.name) || (enriched.includes(f.name) && (change.after[f.name] ?? null) !== null)));
    record[f.name] = carried ? avroValue(f.avroType, change.after[f.name]) : null;
  }
  return { record, payload: schema.type.toBuffer(record) };
}
