import { IncomingHttpHeaders } from 'node:http';
import { Logger } from '../../observability/logger';
import { StiggWebhookEventRepository } from '../journal';
import {
  envelopeOf, isHandledStiggEventType, orderingKeyOf, StiggWebhookBodyError, stiggWebhookEventOf,
} from './stigg-webhook-event';
import { checkSecret, checkTimestamp, STIGG_WEBHOOKS_SECRET_HEADER, WebhookRefusal } from './webhook-authenticity';
import { StiggWebhookMetrics } from './stigg-webhook-metrics';

/** What POST /webhooks/stigg answers (src/server/webhooks/stigg-webhook-route.ts turns it into HTTP). */
export type ReceiveOutcome =
  /** 401: no secret, a wrong one, or a timestamp outside the tolerance (a replay); nothing journaled, one log line. */
  | { kind: 'REFUSED'; reason: WebhookRefusal }
  /** 400: authentic, but not an event (no JSON object, no type, message id or timestamp, no subscription or customer id). */
  | { kind: 'BAD_EVENT'; message: string }
  /** 202: journaled, to be applied. */
  | { kind: 'JOURNALED'; messageId: string }
  /** 200: this message id was journaled before; nothing changes. */
  | { kind: 'DUPLICATE'; messageId: string }
  /** 200: an event type the gateway does not act on (Stigg asks for a 2xx, or it retries). */
  | { kind: 'IGNORED'; messageId: string; type: string };

export interface StiggWebhookReceiverOptions {
  secret: string;
  toleranceMs: number;
  events: StiggWebhookEventRepository;
  logger: Logger;
  /** Called once an event is journaled (the worker looks at the journal). */
  onJournaled(): void;
  metrics?: StiggWebhookMetrics | null;
  now?: () => Date;
}

/**
 * Receives one request of Stigg's: checks it came from Stigg (webhook-authenticity.ts) before
 * reading the body, then journals the event under its message id. Applying it is the worker's.
 */
export class StiggWebhookReceiver {
  constructor(private readonly options: StiggWebhookReceiverOptions) {}

  async receive(headers: IncomingHttpHeaders, rawBody: Buffer): Promise<ReceiveOutcome> {
    const outcome = await this.receiveOnce(headers, rawBody);
    this.options.metrics?.recordStiggWebhookReceived(outcome.kind === 'REFUSED' ? `refused_${outcome.reason.toLowerCase()}` : outcome.kind.toLowerCase());
    return outcome;
  }

  private async receiveOnce(headers: IncomingHttpHeaders, rawBody: Buffer): Promise<ReceiveOutcome> {
    const { logger } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const refusedBySecret = checkSecret(headers[STIGG_WEBHOOKS_SECRET_HEADER], this.options.secret);
    if (refusedBySecret) return this.refuse(refusedBySecret, {});

    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return this.badEvent('the body is not JSON');
    }
    let envelope: ReturnType<typeof envelopeOf>;
    try {
      envelope = envelopeOf(body);
    } catch (err) {
      return this.badEvent((err as Error).message);
    }
    const refusedByTime = checkTimestamp(envelope.timestamp, now, this.options.toleranceMs);
    if (refusedByTime) {
      return this.refuse(refusedByTime, { messageId: envelope.messageId, type: envelope.type, timestamp: envelope.timestamp.toISOString() });
    }
    if (!isHandledStiggEventType(envelope.type)) {
      logger.info({ messageId: envelope.messageId, type: envelope.type }, 'stigg webhook: event type not acted on, acknowledged');
      return { kind: 'IGNORED', messageId: envelope.messageId, type: envelope.type };
    }
    let event: ReturnType<typeof stiggWebhookEventOf>;
    try {
      event = stiggWebhookEventOf(body, envelope.type, envelope.messageId, envelope.timestamp);
    } catch (err) {
      if (err instanceof StiggWebhookBodyError) return this.badEvent(err.message);
      throw err;
    }
    const recorded = await this.options.events.record({
      messageId: event.messageId,
      type: event.type,
      orderingKey: orderingKeyOf(event),
      subscriptionId: event.subscriptionId,
      customerId: event.customerId,
      occurredAt: event.timestamp,
      body,
    }, now);
    if (recorded === 'DUPLICATE') {
      logger.info({ messageId: event.messageId, type: event.type }, 'stigg webhook: delivered again, already journaled');
      return { kind: 'DUPLICATE', messageId: event.messageId };
    }
    logger.info({ messageId: event.messageId, type: event.type, subscriptionId: event.subscriptionId, customerId: event.customerId },
      'stigg webhook: journaled');
    this.options.onJournaled();
    return { kind: 'JOURNALED', messageId: event.messageId };
  }

  private refuse(reason: WebhookRefusal, fields: Record<string, unknown>): ReceiveOutcome {
    this.options.logger.warn({ reason, ...fields }, 'stigg webhook: refused (401)');
    return { kind: 'REFUSED', reason };
  }

  private badEvent(message: string): ReceiveOutcome {
    this.options.logger.warn({ reason: 'BAD_EVENT', message }, 'stigg webhook: not an event (400)');
    return { kind: 'BAD_EVENT', message };
  }
}
