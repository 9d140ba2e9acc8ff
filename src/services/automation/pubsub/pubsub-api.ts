/**
 * Salesforce's Pub/Sub API (gRPC, package eventbus.v1) from its published proto,
 * reference/salesforce/pubsub_api.proto, loaded with @grpc/proto-loader: TLS to Salesforce, plaintext
 * to a loopback endpoint (the sandbox's emulator). Every call carries the session's metadata:
 * `accesstoken`, `instanceurl` and `tenantid` (the org id), as the Pub/Sub API's authentication asks.
 */
import { join } from 'node:path';
import { ChannelCredentials, ClientDuplexStream, GrpcObject, Metadata, ServiceClientConstructor, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** From src/services/automation/pubsub (and dist/src/..., where `npm run build` copies reference/ to dist/reference). */
export const PUBSUB_PROTO_PATH = join(__dirname, '../../../../reference/salesforce/pubsub_api.proto');

/** Proto field names as written (snake_case), 64-bit numbers as strings, enums as names. */
const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true } as const;

export interface PubSubSession {
  accessToken: string;
  instanceUrl: string;
  /** The org id. */
  tenantId: string;
}

export interface FetchRequest {
  topic_name?: string;
  replay_preset?: 'LATEST' | 'EARLIEST' | 'CUSTOM';
  replay_id?: Buffer;
  num_requested: number;
}

export interface ConsumerEvent {
  event: { id: string; schema_id: string; payload: Buffer };
  replay_id: Buffer;
}

export interface FetchResponse {
  events: ConsumerEvent[];
  latest_replay_id: Buffer;
  rpc_id: string;
  pending_num_requested: number;
}

interface PubSubStub {
  GetTopic(request: { topic_name: string }, metadata: Metadata, callback: (err: Error | null, info?: { schema_id: string; can_subscribe: boolean }) => void): void;
  GetSchema(request: { schema_id: string }, metadata: Metadata, callback: (err: Error | null, info?: { schema_json: string }) => void): void;
  Subscribe(metadata: Metadata): ClientDuplexStream<FetchRequest, FetchResponse>;
  close(): void;
}

let serviceConstructor: ServiceClientConstructor | null = null;

function pubSubService(): ServiceClientConstructor {
  if (!serviceConstructor) {
    const definition = loadSync(PUBSUB_PROTO_PATH, LOADER_OPTIONS);
    const v1 = ((loadPackageDefinition(definition).eventbus as GrpcObject).v1 as GrpcObject);
    serviceConstructor = v1.PubSub as ServiceClientConstructor;
  }
  return serviceConstructor;
}

/** True for an endpoint only this machine can reach: it is spoken to in plaintext. */
export function isLoopbackEndpoint(endpoint: string): boolean {
  const host = endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i.test(host);
}

/** A Pub/Sub API client for one endpoint; `session()` is asked for the metadata of every call. */
export class PubSubApi {
  private readonly stub: PubSubStub;

  constructor(endpoint: string, private readonly session: () => Promise<PubSubSession>) {
    const channel: ChannelCredentials = isLoopbackEndpoint(endpoint) ? credentials.createInsecure() : credentials.createSsl();
    const Service = pubSubService();
    this.stub = new Service(endpoint, channel, { 'grpc.keepalive_time_ms': 60_000 }) as unknown as PubSubStub;
  }

  private async metadata(): Promise<Metadata> {
    const s = await this.session();
    const metadata = new Metadata();
    metadata.set('accesstoken', s.accessToken);
    metadata.set('instanceurl', s.instanceUrl);
    metadata.set('tenantid', s.tenantId);
    return metadata;
  }

  async topicSchemaId(topicName: string): Promise<string> {
    const metadata = await this.metadata();
    return new Promise((resolve, reject) => {
      this.stub.GetTopic({ topic_name: topicName }, metadata, (err, info) => (err ? reject(err) : resolve(info!.schema_id)));
    });
  }

  async schemaJson(schemaId: string): Promise<string> {
    const metadata = await this.metadata();
    return new Promise((resolve, reject) => {
      this.stub.GetSchema({ schema_id: schemaId }, metadata, (err, info) => (err ? reject(err) : resolve(info!.schema_json)));
    });
  }

  async subscribe(): Promise<ClientDuplexStream<FetchRequest, FetchResponse>> {
    return this.stub.Subscribe(await this.metadata());
  }

  close(): void {
    this.stub.close();
  }
}

/** The Pub/Sub API's own error code (the `error-code` trailer), e.g. sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted. */
export function pubSubErrorCode(err: unknown): string | null {
  const metadata = (err as { metadata?: Metadata } | null)?.metadata;
  const value = metadata?.get?.('error-code')?.[0];
  return value === undefined ? null : String(value);
}
