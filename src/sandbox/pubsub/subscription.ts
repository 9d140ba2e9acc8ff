/**
 * One Subscribe stream (Pub/Sub API Developer Guide, "Subscribe RPC Method", and the proto's
 * FetchRequest/FetchResponse comments): the first FetchRequest names the topic and the replay start
 * (LATEST: the tip; EARLIEST: the oldest retained event; CUSTOM: after the given replay id); every
 * FetchRequest adds num_requested to the events the client can take; the server sends no more events
 * than requested, then, while the stream is idle, keepalive FetchResponses with no events, the
 * latest replay id and pending_num_requested.
 */
import { randomUUID } from 'node:crypto';
import { ServerDuplexStream, status as Status } from '@grpc/grpc-js';
import { payloadFor } from './change-event-payload';
import { BusEvent, decodeReplayId, encodeReplayId, EventBus, Topic } from './event-bus';
import { ERROR_CODES, pubSubError, PubSubServiceError } from './errors';
import { Failure, failureError, PubSubCounters } from './faults';

/** The proto's FetchRequest as @grpc/proto-loader gives it (keepCase, enums as names, defaults). */
export interface FetchRequest {
  topic_name: string;
  replay_preset: 'LATEST' | 'EARLIEST' | 'CUSTOM' | number;
  replay_id: Buffer;
  num_requested: number;
}

export interface FetchResponse {
  events: Array<{ event: { id: string; schema_id: string; payload: Buffer; headers: never[] }; replay_id: Buffer }>;
  latest_replay_id: Buffer;
  rpc_id: string;
  pending_num_requested: number;
}

/** Events one FetchRequest may ask for (the guide's maximum of 100; more is taken as 100: assumption). */
export const MAX_NUM_REQUESTED = 100;

export interface SubscriptionOptions {
  bus: EventBus;
  counters: PubSubCounters;
  rpcId: string;
  keepaliveMs: number;
  /** a fault rule's failure with phase `after`: the stream ends with it after its first batch of events */
  failAfterFirstBatch: Failure | null;
}

export class Subscription {
  private topic: Topic | null = null;
  private cursor = 0n;
  private pending = 0;
  private ended = false;
  private lastSentAt = Date.now();
  private readonly keepalive: NodeJS.Timeout;
  private stopListening: () => void = () => undefined;

  constructor(
    private readonly call: ServerDuplexStream<FetchRequest, FetchResponse>,
    private readonly opts: SubscriptionOptions,
  ) {
    this.keepalive = setInterval(() => this.sendKeepalive(), opts.keepaliveMs);
    this.keepalive.unref();
  }

  /** Handles one FetchRequest; the stream ends with an error when the request is refused. */
  onRequest(req: FetchRequest): void {
    if (this.ended) return;
    this.opts.counters.increment('fetchRequests');
    const refused = this.topic ? this.checkLater(req) : this.start(req);
    if (refused) return this.fail(refused);
    const requested = Number(req.num_requested);
    if (!Number.isInteger(requested) || requested <= 0) {
      return this.fail(
        pubSubError(Status.INVALID_ARGUMENT, ERROR_CODES.requestedEventsInvalid, 'num_requested must be a positive number.', this.opts.rpcId),
      );
    }
    this.pending += Math.min(requested, MAX_NUM_REQUESTED);
    this.deliver();
  }

  /** Ends the stream with an error (the real service closes the stream on every error). */
  fail(error: PubSubServiceError): void {
    if (this.ended) return;
    this.close();
    this.call.emit('error', error);
  }

  /** The client half-closed or cancelled: stop sending. */
  close(): void {
    this.ended = true;
    clearInterval(this.keepalive);
    this.stopListening();
  }

  private start(req: FetchRequest): PubSubServiceError | null {
    const topic = this.opts.bus.topics.get(req.topic_name);
    if (!topic) {
      return pubSubError(Status.NOT_FOUND, ERROR_CODES.topicNotFound, `Topic ${req.topic_name || '(none)'} does not exist.`, this.opts.rpcId);
    }
    const bus = this.opts.bus;
    const preset = req.replay_preset;
    if (preset === 'EARLIEST' || preset === 1) {
      this.cursor = bus.earliest();
    } else if (preset === 'CUSTOM' || preset === 2) {
      const seq = decodeReplayId(Buffer.from(req.replay_id ?? []));
      if (seq === null) {
        return pubSubError(Status.INVALID_ARGUMENT, ERROR_CODES.replayIdValidationFailed, 'The Replay ID validation failed.', this.opts.rpcId);
      }
      if (!bus.isReplayable(seq)) {
        return pubSubError(
          Status.INVALID_ARGUMENT,
          ERROR_CODES.replayIdCorrupted,
          'The Replay ID is invalid: it is outside the retention window or was not issued for this org.',
          this.opts.rpcId,
        );
      }
      this.cursor = seq;
    } else {
      this.cursor = bus.tip();
    }
    this.topic = topic;
    this.stopListening = bus.onPublish(() => this.deliver());
    return null;
  }

  private checkLater(req: FetchRequest): PubSubServiceError | null {
    if (req.topic_name && req.topic_name !== this.topic!.name) {
      return pubSubError(Status.INVALID_ARGUMENT, ERROR_CODES.topicChanged, 'The topic cannot change within a subscription.', this.opts.rpcId);
    }
    return null;
  }

  private deliver(): void {
    if (this.ended || !this.topic || this.pending <= 0) return;
    const events = this.opts.bus.eventsAfter(this.topic, this.cursor, this.pending);
    if (events.length === 0) return;
    this.pending -= events.length;
    this.cursor = events[events.length - 1].seq;
    this.send({
      events: events.map((e) => consumerEvent(e, this.topic!)),
      latest_replay_id: encodeReplayId(this.cursor),
      rpc_id: this.opts.rpcId,
      pending_num_requested: this.pending,
    });
    for (let i = 0; i < events.length; i += 1) this.opts.counters.increment('eventsSent');
    if (this.opts.failAfterFirstBatch) this.fail(failureError(this.opts.failAfterFirstBatch, this.opts.rpcId));
  }

  /** An empty FetchResponse when nothing was sent for keepaliveMs; its latest replay id is the tip when the client has every matching event. */
  private sendKeepalive(): void {
    if (this.ended || !this.topic || Date.now() - this.lastSentAt < this.opts.keepaliveMs) return;
    const caughtUp = this.opts.bus.eventsAfter(this.topic, this.cursor, 1).length === 0;
    if (caughtUp) this.cursor = this.opts.bus.tip();
    this.opts.counters.increment('keepalives');
    this.send({ events: [], latest_replay_id: encodeReplayId(this.cursor), rpc_id: this.opts.rpcId, pending_num_requested: this.pending });
  }

  private send(response: FetchResponse): void {
    this.lastSentAt = Date.now();
    this.call.write(response);
  }
}

function consumerEvent(e: BusEvent, topic: Topic): FetchResponse['events'][number] {
  return { event: { id: e.id, schema_id: e.schema.schemaId, payload: payloadFor(e, topic), headers: [] }, replay_id: encodeReplayId(e.seq) };
}

export const newRpcId = (): string => randomUUID();
