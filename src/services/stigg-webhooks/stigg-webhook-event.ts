/**
 * A Stigg webhook event as the gateway reads it, from the body Stigg sends (docs.stigg.io/api-reference:
 * trials/trial-converted, trials/trial-expired, customers/customer-payment-failed,
 * credit-balance/credit-balance-low, credit-balance/credit-balance-depleted, credits/credits-balance-usage-low,
 * credits/credits-grant-updated, credits/credits-grant-expired, credits/credits-grant-depleted):
 * the envelope (`type`, `messageId`, `timestamp`) and the keys the gateway needs. Unknown fields are kept
 * in the journaled body and ignored.
 */

/** The events the gateway acts on; any other type is acknowledged and ignored. */
export const HANDLED_STIGG_EVENT_TYPES = [
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  /** (assumption) the name of a plain expiry; Stigg's catalog also names subscription.expired_non_recurring, handled alike */
  'subscription.expired',
  'subscription.expired_non_recurring',
  'subscription.trial_converted',
  'subscription.trial_expired',
  'customer.payment_failed',
  'credit_balance.low',
  'credit_balance.depleted',
  /** the same balance events as the credits pages name them (customerId at the top level) */
  'credits.balance.usage_low',
  'credits.balance.depleted',
  /** a grant made, changed (voided), used up or expired (credits/credits-grant-*): the balance changed */
  'credits.granted',
  'credits.grant.updated',
  'credits.grant.depleted',
  'credits.expired',
] as const;

export type HandledStiggEventType = (typeof HANDLED_STIGG_EVENT_TYPES)[number];

export interface PaymentFailure {
  code: string | null;
  message: string | null;
}

export interface StiggWebhookEvent {
  messageId: string;
  type: HandledStiggEventType;
  timestamp: Date;
  /** The subscription the event is about (Stigg's subscription id, `id` of the subscription object). */
  subscriptionId: string | null;
  /** The customer the event is about (credit events; the payment failure's customer). */
  customerId: string | null;
  /** customer.payment_failed: the billing provider's error. */
  paymentFailure: PaymentFailure | null;
}

/** Why a body is not an event the gateway can journal (answered 400; a log line, nothing journaled). */
export class StiggWebhookBodyError extends Error {}

const HANDLED: ReadonlySet<string> = new Set(HANDLED_STIGG_EVENT_TYPES);

export function isHandledStiggEventType(type: string): type is HandledStiggEventType {
  return HANDLED.has(type);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const record = (value: unknown): Record<string, unknown> | null =>
  (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/** The envelope every event carries: its type, message id and timestamp. */
export function envelopeOf(body: unknown): { type: string; messageId: string; timestamp: Date } {
  const b = record(body);
  if (!b) throw new StiggWebhookBodyError('the body is not a JSON object');
  const type = text(b.type);
  const messageId = text(b.messageId);
  if (!type) throw new StiggWebhookBodyError('`type` is missing');
  if (!messageId) throw new StiggWebhookBodyError('`messageId` is missing');
  const raw = text(b.timestamp);
  const timestamp = raw ? new Date(raw) : null;
  if (!timestamp || Number.isNaN(timestamp.getTime())) throw new StiggWebhookBodyError('`timestamp` is missing or not a date-time');
  return { type, messageId, timestamp };
}

/** The event of a handled type; throws StiggWebhookBodyError when the keys it needs are missing. */
export function stiggWebhookEventOf(body: unknown, type: HandledStiggEventType, messageId: string, timestamp: Date): StiggWebhookEvent {
  const b = record(body)!;
  const event: StiggWebhookEvent = { messageId, type, timestamp, subscriptionId: null, customerId: null, paymentFailure: null };
  if (type.startsWith('subscription.')) {
    event.subscriptionId = text(b.id);
    event.customerId = text(record(b.customer)?.id);
    if (!event.subscriptionId) throw new StiggWebhookBodyError(`${type}: the subscription's \`id\` is missing`);
  } else if (type === 'customer.payment_failed') {
    event.subscriptionId = text(record(b.subscription)?.id);
    event.customerId = text(record(b.customer)?.id);
    const error = record(b.error);
    event.paymentFailure = { code: text(error?.code), message: text(error?.message) };
    if (!event.subscriptionId && !event.customerId) throw new StiggWebhookBodyError(`${type}: neither \`subscription.id\` nor \`customer.id\` is given`);
  } else {
    event.customerId = text(record(b.customer)?.id) ?? text(b.customerId);
    if (!event.customerId) throw new StiggWebhookBodyError(`${type}: the customer's id is missing`);
  }
  return event;
}

/** Events of one key are applied in order: the subscription's, else the customer's. */
export function orderingKeyOf(event: StiggWebhookEvent): string {
  return event.subscriptionId ? `subscription:${event.subscriptionId}` : `customer:${event.customerId}`;
}
