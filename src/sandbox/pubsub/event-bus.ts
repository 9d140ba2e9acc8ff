/**
 * The emulated event bus: one ledger of published change events, each with a replay id, kept for
 * the retention period (Pub/Sub API Developer Guide, "Event Message Durability": 72 hours by
 * default here too), and the topics (channels) that select from it.
 *
 * Replay ids are opaque to clients (8 bytes here: a big-endian sequence number, increasing, shared
 * by every topic, so not contiguous within one topic, as the guide allows). The bus's clock is the
 * wall clock plus an offset tests and the control surface may advance, so retention can be tested
 * without waiting.
 */
import type { CommittedChange, Rec } from '../salesforce/store';
import type { CommitInfo } from './change-event-payload';
import type { ChangeEventSchema } from './change-event-schema';
import type { ChannelFilter } from './channel-filter';

export const DEFAULT_RETENTION_MS = 72 * 60 * 60 * 1000;

export interface BusEvent {
  seq: bigint;
  publishedAt: number;
  /** ProducerEvent.id */
  id: string;
  schema: ChangeEventSchema;
  change: CommittedChange;
  commit: CommitInfo;
  /** the non-array header fields, for channel filters */
  header: Rec;
  /** the encoded payload per topic name (a filtered channel enriches it), filled on first delivery */
  payloads: Map<string, Buffer>;
}

export interface Topic {
  /** e.g. /data/OpportunityChangeEvent or /data/O2C__chn */
  name: string;
  schema: ChangeEventSchema;
  /** custom channels only: the member's filter expression as given, its compiled form, and the fields it names (auto-enriched) */
  filterExpression: string | null;
  filter: ChannelFilter | null;
  enriched: string[];
}

export function encodeReplayId(seq: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(seq);
  return b;
}

/** The sequence number of a replay id this bus issued the form of; null when the bytes are not one. */
export function decodeReplayId(bytes: Buffer): bigint | null {
  return bytes.length === 8 ? bytes.readBigUInt64BE() : null;
}

export class EventBus {
  private ledger: BusEvent[] = [];
  private lastSeq = 0n;
  /** The newest position purged for age; null while nothing has been. */
  private purgedThrough: bigint | null = null;
  private offsetMs = 0;
  private listeners = new Set<() => void>();
  readonly topics = new Map<string, Topic>();

  constructor(
    public retentionMs: number = DEFAULT_RETENTION_MS,
    private readonly wallClock: () => number = Date.now,
  ) {}

  now(): number {
    return this.wallClock() + this.offsetMs;
  }

  advanceClock(ms: number): void {
    this.offsetMs += ms;
    this.purge();
  }

  publish(event: Omit<BusEvent, 'seq' | 'publishedAt' | 'payloads'>): BusEvent {
    this.lastSeq += 1n;
    const published: BusEvent = { ...event, seq: this.lastSeq, publishedAt: this.now(), payloads: new Map() };
    this.ledger.push(published);
    this.purge();
    for (const l of [...this.listeners]) l();
    return published;
  }

  /** Called after every publish. Returns the function that stops it. */
  onPublish(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops events older than the retention period. */
  purge(): void {
    const oldest = this.now() - this.retentionMs;
    const keepFrom = this.ledger.findIndex((e) => e.publishedAt >= oldest);
    const purged = keepFrom === -1 ? this.ledger : this.ledger.slice(0, keepFrom);
    if (purged.length > 0) this.purgedThrough = purged[purged.length - 1].seq;
    this.ledger = keepFrom === -1 ? [] : this.ledger.slice(keepFrom);
  }

  /** The newest replay position (0 before any event). */
  tip(): bigint {
    return this.lastSeq;
  }

  /** Where EARLIEST starts: after the newest purged event (0 while nothing was purged). */
  earliest(): bigint {
    this.purge();
    return this.purgedThrough ?? 0n;
  }

  /** Whether a subscription may resume after this position: issued, and its event not purged for age. */
  isReplayable(seq: bigint): boolean {
    this.purge();
    return seq <= this.lastSeq && (this.purgedThrough === null || seq > this.purgedThrough);
  }

  matches(topic: Topic, e: BusEvent): boolean {
    return e.schema === topic.schema && (!topic.filter || topic.filter(e.change.after, e.header));
  }

  /** Retained events of a topic after a position, oldest first. */
  eventsAfter(topic: Topic, seq: bigint, limit: number): BusEvent[] {
    this.purge();
    const out: BusEvent[] = [];
    for (const e of this.ledger) {
      if (out.length >= limit) break;
      if (e.seq > seq && this.matches(topic, e)) out.push(e);
    }
    return out;
  }
}
