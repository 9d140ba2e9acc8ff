import { randomUUID } from 'node:crypto';
import { Logger } from '../../observability/logger';
import { StiggWebhookEventRecord, StiggWebhookEventRepository } from '../journal';
import { StiggWebhookMetrics } from './stigg-webhook-metrics';

export interface StiggWebhookWorkerOptions {
  events: StiggWebhookEventRepository;
  apply(event: StiggWebhookEventRecord): Promise<void>;
  logger: Logger;
  /** The first retry waits this long, each next one twice as long, at most `maxRetryMs`. */
  retryBaseMs: number;
  maxRetryMs?: number;
  /** Attempts before an event is given up (FAILED); default 12. */
  maxAttempts?: number;
  /** How long a replica holds an event it applies; default 60 s. */
  leaseMs?: number;
  /** How often the journal is looked at for due retries (and events another replica journaled); default 1 s. */
  pollMs?: number;
  now?: () => Date;
  metrics?: StiggWebhookMetrics | null;
}

/**
 * Drains the journal of Stigg's events: claims the next due event (the oldest pending one of its
 * subscription, see StiggWebhookEventRepository.claimNext), applies it, marks it APPLIED; a failure
 * leaves it PENDING with the next attempt after a backoff, or FAILED after the last attempt. Runs
 * when an event was journaled (`nudge`) and every `pollMs`; several replicas share one journal
 * safely. `stop` (graceful shutdown) ends the polling and waits for the event being applied.
 */
export class StiggWebhookWorker {
  private readonly owner = `stigg-webhooks:${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: StiggWebhookWorkerOptions) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.nudge(), this.options.pollMs ?? 1_000);
    this.timer.unref();
    this.nudge();
  }

  /** Looks at the journal now (a new event was journaled). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Applies every due event, one after the other; resolves when none is left to claim. */
  async drain(): Promise<void> {
    const now = this.options.now ?? (() => new Date());
    for (;;) {
      if (this.stopped) return;
      let event: StiggWebhookEventRecord | null;
      try {
        event = await this.options.events.claimNext(this.owner, this.options.leaseMs ?? 60_000, now());
      } catch (err) {
        this.options.logger.error({ err: (err as Error).message }, 'stigg webhook: the journal could not be read');
        return;
      }
      if (!event) return;
      await this.applyOne(event, now);
    }
  }

  private async applyOne(event: StiggWebhookEventRecord, now: () => Date): Promise<void> {
    const log = this.options.logger;
    try {
      await this.options.apply(event);
      await this.options.events.markApplied(event.messageId, this.owner, now());
      this.options.metrics?.recordStiggWebhookApplied('applied');
    } catch (err) {
      const attempts = event.attempts + 1;
      const maxAttempts = this.options.maxAttempts ?? 12;
      const message = describe(err);
      const retryAt = attempts >= maxAttempts
        ? null
        : new Date(now().getTime() + Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), this.options.maxRetryMs ?? 600_000));
      await this.options.events.markFailed(event.messageId, this.owner, message, retryAt).catch(() => undefined);
      this.options.metrics?.recordStiggWebhookApplied(retryAt ? 'retried' : 'failed');
      const fields = { messageId: event.messageId, type: event.type, attempts, error: message, retryAt: retryAt?.toISOString() ?? null };
      if (retryAt) log.warn(fields, 'stigg webhook: applying failed, retried from the journal');
      else log.error(fields, 'stigg webhook: applying failed for the last time, given up (FAILED)');
    }
  }

  /** Stops polling and waits for the event being applied (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  return `${code}${typeof e?.message === 'string' ? e.message : String(err)}`;
}
