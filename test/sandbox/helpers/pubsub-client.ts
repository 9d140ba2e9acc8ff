/**
 * A Pub/Sub API client for tests, built from Salesforce's published proto with @grpc/proto-loader
 * (neither the emulator's code nor the gateway's), plus the decoding a subscriber does: Avro with
 * the schema from GetSchema, and the bitmap fields as the Pub/Sub API guide describes them ("Event
 * Deserialization Considerations").
 */
import { join } from 'node:path';
import { credentials, GrpcObject, loadPackageDefinition, Metadata, ServiceClientConstructor, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const PROTO = join(__dirname, '../../../reference/salesforce/pubsub_api.proto');

export interface Auth {
  accessToken: string;
  instanceUrl: string;
  tenantId: string;
}

export interface FetchResponse {
  events: Array<{ event: { id: string; schema_id: string; payload: Buffer }; replay_id: Buffer }>;
  latest_replay_id: Buffer;
  rpc_id: string;
  pending_num_requested: number;
}

export interface DecodedEvent {
  replayId: Buffer;
  schemaId: string;
  header: {
    entityName: string;
    recordIds: string[];
    changeType: string;
    changeOrigin: string;
    transactionKey: string;
    sequenceNumber: number;
    commitTimestamp: number;
    commitNumber: number;
    commitUser: string;
    changedFields: string[];
    nulledFields: string[];
    diffFields: string[];
  };
  /** record fields, unions unwrapped */
  body: Record<string, unknown>;
  /** the bitmaps decoded to field names */
  changed: string[];
  nulled: string[];
}

let constructor: ServiceClientConstructor | null = null;
function pubSubClientConstructor(): ServiceClientConstructor {
  if (!constructor) {
    const def = loadSync(PROTO, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    constructor = ((loadPackageDefinition(def).eventbus as GrpcObject).v1 as GrpcObject).PubSub as ServiceClientConstructor;
  }
  return constructor;
}

export function metadataFor(auth: Partial<Auth>): Metadata {
  const md = new Metadata();
  if (auth.accessToken !== undefined) md.set('accesstoken', auth.accessToken);
  if (auth.instanceUrl !== undefined) md.set('instanceurl', auth.instanceUrl);
  if (auth.tenantId !== undefined) md.set('tenantid', auth.tenantId);
  return md;
}

/** The names a bitmap field stands for: bit i of the leading 0x… value = the schema's top-level field i. */
export function bitmapFieldNames(bitmap: string[], schema: { fields: Array<{ name: string }> }): string[] {
  if (!bitmap[0]?.startsWith('0x')) return [];
  const bits = BigInt(bitmap[0]);
  return schema.fields.filter((_, i) => ((bits >> BigInt(i)) & 1n) === 1n).map((f) => f.name);
}

interface AvroType {
  fromBuffer(b: Buffer): unknown;
}
// avro-js's index needs `underscore`, which is not installed; its schemas module is the decoder.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const avro = require('avro-js/lib/schemas') as { createType(schema: unknown): AvroType };

const unwrap = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? Object.values(v as object)[0] : v);

export class PubSubTestClient {
  readonly client: any;
  private schemas = new Map<string, { type: AvroType; json: { fields: Array<{ name: string }> } }>();

  constructor(
    readonly endpoint: string,
    readonly auth: Auth,
  ) {
    const Client = pubSubClientConstructor();
    this.client = new Client(endpoint, credentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  unary<T>(method: 'GetTopic' | 'GetSchema' | 'Publish', request: unknown, auth: Partial<Auth> = this.auth): Promise<T> {
    return new Promise((resolve, reject) => this.client[method](request, metadataFor(auth), (e: ServiceError | null, r: T) => (e ? reject(e) : resolve(r))));
  }

  async decode(e: FetchResponse['events'][number]): Promise<DecodedEvent> {
    let schema = this.schemas.get(e.event.schema_id);
    if (!schema) {
      const info = await this.unary<{ schema_json: string }>('GetSchema', { schema_id: e.event.schema_id });
      const json = JSON.parse(info.schema_json);
      schema = { type: avro.createType(json), json };
      this.schemas.set(e.event.schema_id, schema);
    }
    const record = schema.type.fromBuffer(e.event.payload) as Record<string, unknown>;
    const { ChangeEventHeader, ...fields } = record;
    const header = ChangeEventHeader as DecodedEvent['header'];
    const body = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, unwrap(v)]));
    return {
      replayId: e.replay_id,
      schemaId: e.event.schema_id,
      header,
      body,
      changed: bitmapFieldNames(header.changedFields, schema.json),
      nulled: bitmapFieldNames(header.nulledFields, schema.json),
    };
  }

  subscribe(auth: Partial<Auth> = this.auth): Subscription {
    return new Subscription(this, this.client.Subscribe(metadataFor(auth)));
  }
}

/** A Subscribe stream that records what arrives. */
export class Subscription {
  readonly responses: FetchResponse[] = [];
  error: ServiceError | null = null;
  ended = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly owner: PubSubTestClient,
    readonly call: any,
  ) {
    call.on('data', (r: FetchResponse) => {
      this.responses.push(r);
      this.wake();
    });
    call.on('error', (e: ServiceError) => {
      this.error = e;
      this.wake();
    });
    call.on('end', () => {
      this.ended = true;
      this.wake();
    });
  }

  fetch(req: { topic_name?: string; replay_preset?: string; replay_id?: Buffer; num_requested: number }): void {
    this.call.write(req);
  }

  get rawEvents(): FetchResponse['events'] {
    return this.responses.flatMap((r) => r.events);
  }

  async events(): Promise<DecodedEvent[]> {
    return Promise.all(this.rawEvents.map((e) => this.owner.decode(e)));
  }

  /** Resolves when the condition holds (checked on every arrival); rejects after 10 s with what arrived. */
  until(condition: (s: Subscription) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition(this)) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`waited in vain for ${what}; got ${this.responses.length} responses, error ${this.error?.message ?? 'none'}`));
      }, 10_000);
      this.waiters.push(check);
      check();
    });
  }

  untilEvents(n: number): Promise<void> {
    return this.until((s) => s.rawEvents.length >= n, `${n} events`);
  }

  untilError(): Promise<ServiceError> {
    return this.until((s) => s.error !== null, 'an error').then(() => this.error!);
  }

  /** A keepalive (no events) after the given number of responses. */
  untilKeepaliveAfter(responses: number): Promise<FetchResponse> {
    return this.until((s) => s.responses.slice(responses).some((r) => r.events.length === 0), 'a keepalive').then(
      () => this.responses.slice(responses).find((r) => r.events.length === 0)!,
    );
  }

  close(): void {
    this.call.end();
    this.call.cancel();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** The error-code trailer of a failed call. */
export function errorCode(e: ServiceError): string | undefined {
  return e.metadata?.get('error-code')[0]?.toString();
}
