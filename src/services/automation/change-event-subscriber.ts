import { ClientDuplexStream } from '@grpc/grpc-js';
import { Logger } from '../../observability/logger';
import { AutomationMetrics } from './automation-metrics';
import { ChangeEvent, ChangeEventDecoder } from './pubsub/change-event-decoder';
import { FetchRequest, FetchResponse, PubSubApi, pubSubErrorCode } from './pubsub/pubsub-api';

/** Where the subscriber keeps its place (the journal, after each batch's runs are claimed). */
export interface ReplayCheckpoints {
  read(): Promise<Buffer | null>;
  write(replayId: Buffer, lastEvent: { commitTimestamp: Date } | null): Promise<void>;
  clear(): Promise<void>;
}

export interface ChangeEventSubscriberDeps {
  api: PubSubApi;
  topic: string;
  checkpoints: ReplayCheckpoints;
  /** Handles one change event; resolves once any run it starts is claimed (and run). */
  handle(event: ChangeEvent): Promise<void>;
  /** The stored replay id is no longer held by Salesforce (or a gap was reported): the sweep must cover what was missed. */
  fallBackToSweep(reason: string): void;
  metrics: AutomationMetrics;
  logger: Logger;
  clock: () => Date;
  /** Events asked for at a time (flow control: num_requested; the Pub/Sub API allows at most 100). */
  batchSize?: number;
  /** First reconnection delay; it doubles up to maxBackoffMs, and starts again after events flow. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Replay id errors: the id is not one Salesforce holds (outside the 72-hour retention, or malformed). */
const REPLAY_ID_LOST = /replayid/i;
/** Events of one batch handled at once (each waits its turn for Stigg's rate limits in the pacer). */
const BATCH_CONCURRENCY = 20;

/**
 * The change-event subscription: Subscribe on the topic from the journal's checkpoint (CUSTOM) or,
 * with none, from LATEST (the sweep covers what came before); events asked for `batchSize` at a time
 * and more asked for once those are handled; each batch's events handled, then the last replay id
 * checkpointed (so a restart resumes after it, and a redelivered event finds its run claimed).
 * A dropped stream reconnects with backoff; a replay id Salesforce no longer holds is dropped with a
 * warning, the subscription starts again from LATEST and the sweep is asked to run.
 */
export class ChangeEventSubscriber {
  private stream: ClientDuplexStream<FetchRequest, FetchResponse> | null = null;
  private stopped = true;
  private connectedNow = false;
  private timer: NodeJS.Timeout | null = null;
  private backoff: number;
  private work: Promise<void> = Promise.resolve();
  private readonly decoders = new Map<string, Promise<ChangeEventDecoder>>();
  private readonly batchSize: number;

  constructor(private readonly deps: ChangeEventSubscriberDeps) {
    this.batchSize = Math.min(100, deps.batchSize ?? 100);
    this.backoff = deps.backoffMs ?? 1_000;
  }

  get connected(): boolean {
    return this.connectedNow;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  /** Stops: no reconnection, the stream cancelled, the batch under way finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.setConnected(false);
    this.stream?.cancel();
    this.stream = null;
    await this.work.catch(() => undefined);
    this.deps.api.close();
  }

  private setConnected(value: boolean): void {
    this.connectedNow = value;
    this.deps.metrics.setAutomationSubscribed(value);
  }

  private decoder(schemaId: string): Promise<ChangeEventDecoder> {
    let found = this.decoders.get(schemaId);
    if (!found) {
      found = this.deps.api.schemaJson(schemaId).then((json) => new ChangeEventDecoder(json));
      found.catch(() => this.decoders.delete(schemaId));
      this.decoders.set(schemaId, found);
    }
    return found;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { api, topic, logger } = this.deps;
    try {
      // GetTopic first: it proves the session and names the schema events will carry.
      await this.decoder(await api.topicSchemaId(topic));
      const replayId = await this.deps.checkpoints.read();
      const stream = await api.subscribe();
      if (this.stopped) {
        stream.cancel();
        return;
      }
      this.stream = stream;
      let outstanding = this.batchSize;
      stream.on('data', (response: FetchResponse) => {
        this.work = this.work.then(async () => {
          outstanding -= response.events.length;
          await this.handleBatch(response);
          if (outstanding <= 0 && !this.stopped && this.stream === stream) {
            outstanding = this.batchSize;
            stream.write({ num_requested: this.batchSize });
          }
        }).catch((err: Error) => {
          // A batch that could not be handled is not checkpointed: reconnecting delivers it again.
          logger.error({ err: { message: err.message } }, 'change events: a batch failed; reconnecting from the checkpoint');
          if (this.stream === stream) {
            this.stream = null;
            stream.cancel();
            this.reconnectLater();
          }
        });
      });
      stream.on('error', (err: Error & { code?: number }) => {
        if (this.stream !== stream) return;
        this.stream = null;
        void this.work.then(() => this.onStreamError(err));
      });
      stream.on('end', () => {
        if (this.stream !== stream) return;
        this.stream = null;
        this.setConnected(false);
        this.reconnectLater();
      });
      stream.write(replayId
        ? { topic_name: topic, replay_preset: 'CUSTOM', replay_id: replayId, num_requested: this.batchSize }
        : { topic_name: topic, replay_preset: 'LATEST', num_requested: this.batchSize });
      this.setConnected(true);
      logger.info({ topic, from: replayId ? 'checkpoint' : 'LATEST' }, 'change events: subscribed');
    } catch (err) {
      await this.onStreamError(err as Error);
    }
  }

  private async onStreamError(err: Error & { code?: number }): Promise<void> {
    this.setConnected(false);
    if (this.stopped) return;
    const errorCode = pubSubErrorCode(err);
    if (errorCode && REPLAY_ID_LOST.test(errorCode)) {
      this.deps.logger.warn({ topic: this.deps.topic, errorCode },
        'change events: Salesforce no longer holds the checkpoint replay id (beyond retention); subscribing from LATEST and sweeping for what was missed');
      await this.deps.checkpoints.clear();
      this.deps.fallBackToSweep('replay id no longer held');
      this.backoff = this.deps.backoffMs ?? 1_000;
      this.reconnectLater(0);
      return;
    }
    this.deps.logger.warn({ topic: this.deps.topic, grpcCode: err.code ?? null, errorCode, retryInMs: this.backoff },
      'change events: subscription dropped; reconnecting');
    this.reconnectLater();
  }

  private reconnectLater(delay = this.backoff): void {
    if (this.stopped) return;
    this.backoff = Math.min(this.deps.maxBackoffMs ?? 60_000, this.backoff * 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  private async handleBatch(response: FetchResponse): Promise<void> {
    if (response.events.length === 0) {
      // A keepalive: nothing in flight, so the latest replay id is where a restart may resume.
      if (response.latest_replay_id?.length) await this.deps.checkpoints.write(response.latest_replay_id, null);
      return;
    }
    this.backoff = this.deps.backoffMs ?? 1_000;
    const decoded = await Promise.all(response.events.map(async (e) => (await this.decoder(e.event.schema_id)).decode(e.event.payload)));
    for (let i = 0; i < decoded.length; i += BATCH_CONCURRENCY) {
      await Promise.all(decoded.slice(i, i + BATCH_CONCURRENCY).map((event) => this.deps.handle(event)));
    }
    const last = response.events[response.events.length - 1];
    const lastEvent = decoded[decoded.length - 1];
    await this.deps.checkpoints.write(last.replay_id, { commitTimestamp: lastEvent.commitTimestamp });
    this.deps.metrics.observeAutomationLag(Math.max(0, (this.deps.clock().getTime() - lastEvent.commitTimestamp.getTime()) / 1000));
  }
}
