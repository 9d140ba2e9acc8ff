import { ChangeEventDecoder, decodeFieldBitmap } from '../../src/services/automation/pubsub/change-event-decoder';
import { isLoopbackEndpoint } from '../../src/services/automation/pubsub/pubsub-api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const avro = require('avro-js/lib/schemas') as { createType(schema: unknown): { toBuffer(value: unknown): Buffer } };

/** A change event schema shaped as the Pub/Sub API's (header first, then optional body fields; one compound field). */
const SCHEMA = {
  type: 'record', name: 'OpportunityChangeEvent', namespace: 'com.sforce.eventbus',
  fields: [
    { name: 'ChangeEventHeader', type: { type: 'record', name: 'ChangeEventHeader', fields: [
      { name: 'entityName', type: 'string' },
      { name: 'recordIds', type: { type: 'array', items: 'string' } },
      { name: 'changeType', type: { type: 'enum', name: 'ChangeType', symbols: ['CREATE', 'UPDATE', 'DELETE'] } },
      { name: 'commitTimestamp', type: 'long' },
      { name: 'changedFields', type: { type: 'array', items: 'string' } },
    ] } },
    { name: 'Name', type: ['null', 'string'], default: null },
    { name: 'StageName', type: ['null', 'string'], default: null },
    { name: 'IsWon', type: ['null', 'boolean'], default: null },
    { name: 'BillingAddress', type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'Street', type: ['null', 'string'] }, { name: 'City', type: ['null', 'string'] }] }], default: null },
  ],
};

describe('change events: the ChangeEventHeader bitmaps (Pub/Sub API, "Event Deserialization Considerations")', () => {
  it('bit i of the first element names field i of the schema (bit 0 is ChangeEventHeader)', () => {
    expect(decodeFieldBitmap(['0x0C'], SCHEMA as never)).toEqual(['StageName', 'IsWon']);
    expect(decodeFieldBitmap(['0x02'], SCHEMA as never)).toEqual(['Name']);
    expect(decodeFieldBitmap([], SCHEMA as never)).toEqual([]);
  });

  it('"<position>-0x…" names sub-fields of the compound field at that position', () => {
    expect(decodeFieldBitmap(['0x10', '4-0x02'], SCHEMA as never)).toEqual(['BillingAddress', 'BillingAddress.City']);
  });

  it('decodes an Avro event: header, changed fields by name, commit time, body values unwrapped', () => {
    const payload = avro.createType(SCHEMA).toBuffer({
      ChangeEventHeader: { entityName: 'Opportunity', recordIds: ['006Dn0000000001IAA'], changeType: 'UPDATE', commitTimestamp: 1_780_000_000_000, changedFields: ['0x0C'] },
      Name: null, StageName: { string: 'Closed Won' }, IsWon: { boolean: true }, BillingAddress: null,
    });
    const event = new ChangeEventDecoder(JSON.stringify(SCHEMA)).decode(payload);
    expect(event).toEqual({
      entityName: 'Opportunity', recordIds: ['006Dn0000000001IAA'], changeType: 'UPDATE', changedFields: ['StageName', 'IsWon'],
      commitTimestamp: new Date(1_780_000_000_000), values: { StageName: 'Closed Won', IsWon: true },
    });
  });

  it('speaks plaintext only to loopback endpoints; anything else is TLS', () => {
    expect(isLoopbackEndpoint('127.0.0.1:4030')).toBe(true);
    expect(isLoopbackEndpoint('localhost:4030')).toBe(true);
    expect(isLoopbackEndpoint('[::1]:4030')).toBe(true);
    expect(isLoopbackEndpoint('api.pubsub.salesforce.com:7443')).toBe(false);
    expect(isLoopbackEndpoint('127.example.com:7443')).toBe(false);
  });
});
