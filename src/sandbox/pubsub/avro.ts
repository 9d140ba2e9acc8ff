/**
 * The part of avro-js 1.12 (Apache Avro's JavaScript implementation, the library Salesforce's own
 * Node examples decode events with) the emulator uses. avro-js ships no types. Unions are written
 * wrapped: `{ string: 'x' }`, `null` for the null branch.
 *
 * Loaded from `avro-js/lib/schemas`: the package's index also loads a deprecated validator that
 * needs `underscore`, which avro-js 1.12.2 does not declare and this install does not have.
 */
export interface AvroType {
  toBuffer(value: unknown): Buffer;
  fromBuffer(buffer: Buffer): unknown;
  /** Hash of the schema's Parsing Canonical Form (`md5` by default). */
  getFingerprint(algorithm?: string): Buffer;
  getSchema(): string;
}

interface AvroModule {
  createType(schema: unknown): AvroType;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const avro = require('avro-js/lib/schemas') as AvroModule;

export function parseAvroSchema(schema: unknown): AvroType {
  return avro.createType(schema);
}
