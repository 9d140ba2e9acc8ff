/**
 * The Salesforce Pub/Sub API emulator: a gRPC server (plaintext, loopback) serving
 * reference/salesforce/pubsub_api.proto's eventbus.v1.PubSub with Subscribe, GetTopic and GetSchema;
 * Publish, PublishStream and ManagedSubscribe answer UNIMPLEMENTED. Change events come from the
 * Salesforce emulator's commits (publishCommitted, wired by start-sandbox.ts). See ./README.md.
 *
 * Authentication as the Pub/Sub API documents it ("Supported Authentication Methods"): every call
 * carries the metadata `accesstoken`, `instanceurl` and `tenantid`; the token must be a session of
 * the Salesforce emulator and the tenant id its org id, else UNAUTHENTICATED.
 */
import { randomUUID } from 'node:crypto';
import {
  Metadata,
  Server,
  ServerCredentials,
  ServerDuplexStream,
  ServerUnaryCall,
  sendUnaryData,
  status as Status,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { CommittedChange } from '../salesforce/store';
import { objectDef } from '../salesforce/schema';
import { CommitInfo, filterableHeader } from './change-event-payload';
import { changeEventSchema, ChangeEventSchema } from './change-event-schema';
import { parseChannelFilter } from './channel-filter';
import { ERROR_CODES, pubSubError, PubSubServiceError } from './errors';
import { DEFAULT_RETENTION_MS, EventBus, Topic } from './event-bus';
import { Counter, failureError, Operation, PubSubCounters, PubSubFaults } from './faults';
import { loadPubSubService } from './pubsub-proto';
import { pubSubControl, ControlReply } from './sandbox-control';
import { FetchRequest, FetchResponse, newRpcId, Subscription } from './subscription';

/** The proto's own comment: an empty FetchResponse "is sent within 270 seconds". */
export const DEFAULT_KEEPALIVE_MS = 270_000;

export interface ChannelDefinition {
  /** /data/<Name>__chn */
  topicName: string;
  /** e.g. OpportunityChangeEvent */
  selectedEntity: string;
  filterExpression: string | null;
}

/** The custom channel the sandbox org has (assumption: its member and filter are the sandbox's choice). */
export const DEFAULT_CHANNELS: ChannelDefinition[] = [
  { topicName: '/data/O2C__chn', selectedEntity: 'OpportunityChangeEvent', filterExpression: "StageName = 'Closed Won'" },
];

export interface PubSubEmulatorOptions {
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  /** Whether an access token is a live session of the Salesforce emulator. */
  isValidToken: (token: string) => boolean;
  /** The org id (18 characters; its 15-character form is accepted too). */
  tenantId: string;
  /** User id written as ChangeEventHeader.commitUser. */
  commitUser: string;
  /** API version in changeOrigin (com/salesforce/api/rest/<version>). */
  apiVersion?: string;
  /** How long events stay replayable (default 72 h). */
  retentionMs?: number;
  /** Idle time before a keepalive FetchResponse (default 270 s). */
  keepaliveMs?: number;
  /** The bus's wall clock (default Date.now). */
  clock?: () => number;
  /** Objects selected for Change Data Capture (default Opportunity). */
  entities?: string[];
  channels?: ChannelDefinition[];
}

export interface PubSubEmulator {
  /** host:port, plaintext gRPC (SALESFORCE_PUBSUB_ENDPOINT for a gateway against the sandbox). */
  endpoint: string;
  port: number;
  tenantId: string;
  bus: EventBus;
  faults: PubSubFaults;
  counters: PubSubCounters;
  /** Publishes change events for a Salesforce emulator commit (Store.onCommit). */
  publishCommitted(changes: CommittedChange[], committedAt: Date): void;
  /** Defines or replaces a custom channel; throws FilterSyntaxError / RangeError. */
  defineChannel(topicName: string, selectedEntity: string, filterExpression: string | null): ChannelDefinition & { schemaId: string };
  describe(): PubSubDescription;
  /** The /__sandbox/pubsub control requests (./sandbox-control.ts); undefined for other paths. */
  control(method: string, path: string, rawBody: string): ControlReply | undefined;
  stop(): Promise<void>;
}

export interface PubSubDescription {
  endpoint: string;
  tenantId: string;
  retentionMs: number;
  topics: Array<{ topicName: string; schemaId: string; filterExpression: string | null }>;
}

export async function startPubSubEmulator(opts: PubSubEmulatorOptions): Promise<PubSubEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const keepaliveMs = opts.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
  const bus = new EventBus(opts.retentionMs ?? DEFAULT_RETENTION_MS, opts.clock ?? Date.now);
  const faults = new PubSubFaults();
  const counters = new PubSubCounters();
  const schemas = new Map<string, ChangeEventSchema>();
  const schemasById = new Map<string, ChangeEventSchema>();
  for (const entity of opts.entities ?? ['Opportunity']) {
    const obj = objectDef(entity);
    if (!obj) throw new Error(`pubsub emulator: no such object ${entity}`);
    const schema = changeEventSchema(obj);
    schemas.set(obj.name, schema);
    schemasById.set(schema.schemaId, schema);
    bus.topics.set(`/data/${schema.eventName}`, { name: `/data/${schema.eventName}`, schema, filterExpression: null, filter: null, enriched: [] });
  }
  const changeOrigin = `com/salesforce/api/rest/${opts.apiVersion ?? '62.0'}`;
  let commitNumber = 0;
  const subscriptions = new Set<Subscription>();
  const timers = new Set<NodeJS.Timeout>();

  function defineChannel(topicName: string, selectedEntity: string, filterExpression: string | null) {
    if (!/^\/data\/[A-Za-z][A-Za-z0-9_]*__chn$/.test(topicName)) throw new RangeError(`a custom channel is named /data/<Name>__chn, not ${topicName}`);
    const schema = [...schemas.values()].find((s) => s.eventName === selectedEntity);
    if (!schema) throw new RangeError(`no change events for ${selectedEntity}; the sandbox has ${[...schemas.values()].map((s) => s.eventName).join(', ')}`);
    const parsed = filterExpression ? parseChannelFilter(filterExpression, schema.fields.map((f) => f.name)) : null;
    bus.topics.set(topicName, { name: topicName, schema, filterExpression, filter: parsed?.filter ?? null, enriched: parsed?.fields ?? [] });
    return { topicName, selectedEntity, filterExpression, schemaId: schema.schemaId };
  }
  for (const c of opts.channels ?? DEFAULT_CHANNELS) defineChannel(c.topicName, c.selectedEntity, c.filterExpression);

  function publishCommitted(changes: CommittedChange[], committedAt: Date): void {
    const relevant = changes.filter((c) => schemas.has(c.object));
    if (relevant.length === 0) return;
    commitNumber += 1;
    const transactionKey = randomUUID();
    relevant.forEach((change, i) => {
      const schema = schemas.get(change.object)!;
      const commit: CommitInfo = {
        changeOrigin,
        transactionKey,
        sequenceNumber: i + 1,
        commitTimestamp: committedAt.getTime(),
        commitNumber,
        commitUser: opts.commitUser,
      };
      bus.publish({ id: randomUUID(), schema, change, commit, header: filterableHeader(schema, change, commit) });
    });
  }

  function authError(metadata: Metadata, rpcId: string): PubSubServiceError | null {
    const one = (key: string) => {
      const v = metadata.get(key)[0];
      return typeof v === 'string' ? v : v?.toString('utf8');
    };
    const token = one('accesstoken');
    const tenant = one('tenantid');
    const instanceUrl = one('instanceurl');
    const tenantOk = tenant === opts.tenantId || tenant === opts.tenantId.slice(0, 15);
    if (!token || !instanceUrl || !tenantOk || !opts.isValidToken(token)) {
      return pubSubError(Status.UNAUTHENTICATED, ERROR_CODES.authError, 'An authentication exception occurred. Provide valid authentication via metadata headers.', rpcId);
    }
    return null;
  }

  /** Counts the call, applies faults (latency, failure before) and auth; resolves to an error that ends the call, or null. */
  async function admit(op: Operation, metadata: Metadata, rpcId: string): Promise<{ error: PubSubServiceError | null; failAfter: ReturnType<PubSubFaults['decide']>['failure'] }> {
    counters.increment(op);
    const decision = faults.decide([op]);
    if (decision.latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, decision.latencyMs);
        timers.add(t);
      });
    }
    if (decision.failure && decision.phase === 'before') return { error: failureError(decision.failure, rpcId), failAfter: null };
    const auth = authError(metadata, rpcId);
    if (auth) return { error: auth, failAfter: null };
    return { error: null, failAfter: decision.failure && decision.phase === 'after' ? decision.failure : null };
  }

  function topicInfo(topic: Topic, rpcId: string) {
    return { topic_name: topic.name, tenant_guid: opts.tenantId, can_publish: false, can_subscribe: true, schema_id: topic.schema.schemaId, rpc_id: rpcId };
  }

  const unimplemented = (name: Counter) => (call: ServerDuplexStream<unknown, unknown> | ServerUnaryCall<unknown, unknown>, callback?: sendUnaryData<unknown>) => {
    counters.increment(name);
    const error = pubSubError(Status.UNIMPLEMENTED, null, `${name} is not implemented by the sandbox.`, newRpcId());
    if (callback) callback(error);
    else (call as ServerDuplexStream<unknown, unknown>).emit('error', error);
  };

  const implementation: UntypedServiceImplementation = {
    GetTopic(call: ServerUnaryCall<{ topic_name: string }, unknown>, callback: sendUnaryData<unknown>) {
      const rpcId = newRpcId();
      void admit('GetTopic', call.metadata, rpcId).then(({ error, failAfter }) => {
        if (error) return callback(error);
        const topic = bus.topics.get(call.request.topic_name);
        if (!topic) return callback(pubSubError(Status.NOT_FOUND, ERROR_CODES.topicNotFound, `Topic ${call.request.topic_name || '(none)'} does not exist.`, rpcId));
        if (failAfter) return callback(failureError(failAfter, rpcId));
        callback(null, topicInfo(topic, rpcId));
      });
    },
    GetSchema(call: ServerUnaryCall<{ schema_id: string }, unknown>, callback: sendUnaryData<unknown>) {
      const rpcId = newRpcId();
      void admit('GetSchema', call.metadata, rpcId).then(({ error, failAfter }) => {
        if (error) return callback(error);
        const schema = schemasById.get(call.request.schema_id);
        if (!schema) return callback(pubSubError(Status.NOT_FOUND, ERROR_CODES.schemaNotFound, `Schema ${call.request.schema_id || '(none)'} does not exist.`, rpcId));
        if (failAfter) return callback(failureError(failAfter, rpcId));
        callback(null, { schema_json: schema.schemaJson, schema_id: schema.schemaId, rpc_id: rpcId });
      });
    },
    Subscribe(call: ServerDuplexStream<FetchRequest, FetchResponse>) {
      const rpcId = newRpcId();
      const queued: FetchRequest[] = [];
      let subscription: Subscription | null = null;
      let clientDone = false;
      call.on('data', (req: FetchRequest) => (subscription ? subscription.onRequest(req) : queued.push(req)));
      call.on('end', () => {
        clientDone = true;
        subscription?.close();
        call.end();
      });
      call.on('cancelled', () => {
        clientDone = true;
        subscription?.close();
      });
      call.on('error', () => subscription?.close());
      void admit('Subscribe', call.metadata, rpcId).then(({ error, failAfter }) => {
        if (clientDone) return;
        if (error) return void call.emit('error', error);
        const s = new Subscription(call, { bus, counters, rpcId, keepaliveMs, failAfterFirstBatch: failAfter });
        subscription = s;
        subscriptions.add(s);
        call.on('close', () => subscriptions.delete(s));
        for (const req of queued.splice(0)) s.onRequest(req);
      });
    },
    Publish: unimplemented('Publish'),
    PublishStream: unimplemented('PublishStream'),
    ManagedSubscribe: unimplemented('ManagedSubscribe'),
  };

  const server = new Server();
  server.addService(loadPubSubService().service, implementation);
  const port = await new Promise<number>((resolve, reject) => {
    const address = host.includes(':') ? `[${host}]:${opts.port ?? 0}` : `${host}:${opts.port ?? 0}`;
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  const endpoint = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

  const describe = (): PubSubDescription => ({
    endpoint,
    tenantId: opts.tenantId,
    retentionMs: bus.retentionMs,
    topics: [...bus.topics.values()].map((t) => ({ topicName: t.name, schemaId: t.schema.schemaId, filterExpression: t.filterExpression })),
  });

  const emulator: PubSubEmulator = {
    endpoint,
    port,
    tenantId: opts.tenantId,
    bus,
    faults,
    counters,
    publishCommitted,
    defineChannel,
    describe,
    control: (method, path, rawBody) => control(method, path, rawBody),
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of subscriptions) s.close();
      subscriptions.clear();
      server.forceShutdown();
    },
  };
  const control = pubSubControl(emulator);
  return emulator;
}
