/**
 * Sending webhook events to the registered endpoints, as Stigg does (docs.stigg.io/docs/webhooks;
 * stiggio/skills, stigg-webhooks): an HTTP POST of the JSON body with the endpoint's secret in the
 * `Stigg-Webhooks-Secret` header (Stigg signs nothing: no HMAC, no signed timestamp); a non-2xx
 * answer or no answer within 30 s is retried 3 times at once, then 3 times every 30 s, then the
 * event is failed. Delivery is in order per endpoint (Stigg guarantees no order; the sandbox's
 * hold / release makes an out-of-order delivery on purpose).
 *
 * Sandbox-only: every delivery is kept (body, attempts) so tests can read it, resend it (a
 * duplicate) or hold new events and release them in reverse order.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookBody } from './event-payloads';

/** The header Stigg puts the webhook's secret in. */
export const STIGG_WEBHOOKS_SECRET_HEADER = 'Stigg-Webhooks-Secret';

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  /** Event types sent; null: every one. */
  events: string[] | null;
}

export interface WebhookAttempt {
  at: string;
  status: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  messageId: string;
  type: string;
  endpointId: string;
  url: string;
  body: WebhookBody;
  state: 'HELD' | 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: WebhookAttempt[];
}

const IMMEDIATE_RETRIES = 3;
const SPACED_RETRIES = 3;
const SPACED_RETRY_MS = 30_000;
const ANSWER_TIMEOUT_MS = 30_000;

export class WebhookDeliveries {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  /** every delivery, in the order the events were made */
  private readonly deliveries: WebhookDelivery[] = [];
  private holding = false;
  /** per endpoint: the tail of its in-order sending chain */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly now: () => string) {}

  register(input: { url: string; secret: string; events?: string[] | null }): WebhookEndpoint {
    const endpoint: WebhookEndpoint = { id: randomUUID(), url: input.url, secret: input.secret, events: input.events ?? null };
    this.endpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  hasEndpoints(): boolean {
    return this.endpoints.size > 0;
  }

  /** The endpoints, secrets left out. */
  list(): Array<Omit<WebhookEndpoint, 'secret'>> {
    return [...this.endpoints.values()].map(({ secret: _secret, ...rest }) => rest);
  }

  /** Forgets every endpoint and delivery, and stops pending retries. */
  clear(): void {
    this.endpoints.clear();
    this.deliveries.length = 0;
    this.holding = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  history(): WebhookDelivery[] {
    return this.deliveries;
  }

  /** Queues the events for every endpoint that takes them (held while holding). */
  publish(events: WebhookBody[]): void {
    for (const body of events) {
      for (const endpoint of this.endpoints.values()) {
        if (endpoint.events && !endpoint.events.includes(body.type)) continue;
        const delivery: WebhookDelivery = {
          messageId: body.messageId, type: body.type, endpointId: endpoint.id, url: endpoint.url, body, state: this.holding ? 'HELD' : 'PENDING', attempts: [],
        };
        this.deliveries.push(delivery);
        if (!this.holding) this.enqueue(delivery);
      }
    }
  }

  /** New events are kept back until `release`. */
  hold(): void {
    this.holding = true;
  }

  /** Sends the held events, in the order they were made or in reverse (an out-of-order delivery). */
  release(order: 'made' | 'reverse'): WebhookDelivery[] {
    this.holding = false;
    const held = this.deliveries.filter((d) => d.state === 'HELD');
    if (order === 'reverse') held.reverse();
    for (const d of held) {
      d.state = 'PENDING';
      this.enqueue(d);
    }
    return held;
  }

  /** Sends a delivered event again, the same body (a duplicate, as Stigg's retries or a resend make). */
  resend(messageId: string): WebhookDelivery[] {
    const found = this.deliveries.filter((d) => d.messageId === messageId);
    for (const d of found) {
      d.state = 'PENDING';
      this.enqueue(d);
    }
    return found;
  }

  /** Resolves once nothing is being sent (spaced retries still waiting do not count). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private enqueue(delivery: WebhookDelivery): void {
    const endpoint = this.endpoints.get(delivery.endpointId);
    if (!endpoint) return;
    const tail = this.chains.get(endpoint.id) ?? Promise.resolve();
    const next = tail.then(() => this.sendWithRetries(endpoint, delivery, 1 + IMMEDIATE_RETRIES, SPACED_RETRIES));
    this.chains.set(endpoint.id, next);
    this.track(next);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async sendWithRetries(endpoint: WebhookEndpoint, delivery: WebhookDelivery, immediate: number, spaced: number): Promise<void> {
    for (let i = 0; i < immediate; i++) {
      if (await this.attempt(endpoint, delivery)) return;
    }
    if (spaced <= 0) {
      delivery.state = 'FAILED';
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.sendWithRetries(endpoint, delivery, 1, spaced - 1));
    }, SPACED_RETRY_MS);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery): Promise<boolean> {
    const attempt: WebhookAttempt = { at: this.now(), status: null, error: null };
    delivery.attempts.push(attempt);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [STIGG_WEBHOOKS_SECRET_HEADER]: endpoint.secret },
        body: JSON.stringify(delivery.body),
        signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      attempt.status = response.status;
      if (response.status >= 200 && response.status < 300) {
        delivery.state = 'DELIVERED';
        return true;
      }
    } catch (err) {
      attempt.error = (err as Error).message;
    }
    return false;
  }
}
