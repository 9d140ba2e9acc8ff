/**
 * The Stigg emulator's webhooks (./README.md, "Webhooks"): after every request and sandbox action
 * the emulator looks at what changed (subscriptions, trials, credit balances; state-changes.ts)
 * and sends the events Stigg would send to the registered endpoints (webhook-deliveries.ts), with
 * the endpoint's secret in the Stigg-Webhooks-Secret header, as Stigg does.
 *
 * Sandbox endpoints (no auth), handled here:
 * - POST /__sandbox/webhooks {url, secret, events?} registers an endpoint (real Stigg: Settings >
 *   Integrations > Webhooks in its app); GET lists them (no secrets); DELETE forgets every endpoint and delivery.
 * - GET /__sandbox/webhooks/deliveries: every delivery (body, state, attempts).
 * - POST /__sandbox/webhooks/deliveries/:messageId/resend: the same event again (a duplicate).
 * - POST /__sandbox/webhooks/hold, then POST /__sandbox/webhooks/release {order: "reverse"|"made"}:
 *   events made in between are sent only then, in that order (an out-of-order delivery).
 * - POST /__sandbox/webhooks/drain: answers once nothing is being sent.
 * - POST /__sandbox/webhooks/low-balance-threshold {percentage}: a balance is low at or below this
 *   remaining percentage of what was granted (assumption: Stigg's default; its app configures it).
 * - POST /__sandbox/subscriptions/:id/fail-payment {code?, message?, details?}: the billing provider
 *   refuses a charge: customer.payment_failed, and the subscription becomes PAYMENT_PENDING with
 *   its latest invoice open again (assumption: the reference's example shows that status).
 * - POST /__sandbox/customers/:id/credits/consume {currencyId, amount}: usage deducted from the
 *   customer's credits (credit-consumption.ts), which may make its balance low or depleted.
 * - GET /__sandbox/clock, POST /__sandbox/clock {advanceMs | to}: moves the sandbox clock forward;
 *   trials that have ended by then end (their end behaviour applies) and due schedules run.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../http';
import { SandboxError, StiggStore } from '../store';
import { ENDED } from '../store/support';
import { consumeCredits } from './credit-consumption';
import { paymentFailedEvent } from './event-payloads';
import { SandboxClock } from './sandbox-clock';
import { StateChanges } from './state-changes';
import { WebhookDeliveries } from './webhook-deliveries';

/**
 * An event's `timestamp` is the machine's time when it is made, not the sandbox clock's (assumption:
 * real Stigg's clock is the real one; the sandbox clock moves subscription dates, and an event made
 * now is sent now, so a receiver's tolerance check sees a fresh event).
 */
const eventTime = (): string => new Date().toISOString();

/** Default low-balance threshold: 20% of the granted credits remaining (assumption). */
const DEFAULT_LOW_BALANCE_THRESHOLD = 20;

export class StiggWebhooks {
  readonly deliveries: WebhookDeliveries;
  private readonly changes: StateChanges;
  private lowBalanceThreshold = DEFAULT_LOW_BALANCE_THRESHOLD;

  constructor(private readonly store: StiggStore, readonly clock: SandboxClock) {
    this.deliveries = new WebhookDeliveries(() => store.now());
    this.changes = new StateChanges(store, () => this.lowBalanceThreshold, eventTime);
  }

  /** Sends the events for whatever changed since the last look; nothing is looked at while no endpoint is registered. */
  observe(): void {
    if (!this.deliveries.hasEndpoints()) return;
    this.deliveries.publish(this.changes.collect());
  }

  /** Registers an endpoint: it hears of changes from now on. */
  register(input: { url: string; secret: string; events?: string[] | null }): ReturnType<WebhookDeliveries['register']> {
    if (!this.deliveries.hasEndpoints()) this.changes.reset();
    return this.deliveries.register(input);
  }

  /** The billing provider refused a charge of the subscription (see above). */
  failPayment(subscriptionId: string, error: { code?: string; message?: string; details?: string | null }): ReturnType<StiggStore['subscription']> {
    const sub = this.store.subscriptions.get(subscriptionId);
    if (!sub) throw new SandboxError(404, `Subscription not found: ${subscriptionId}`);
    if (ENDED.includes(sub.status) || sub.status === 'IN_TRIAL') {
      throw new SandboxError(409, `Subscription ${subscriptionId} is not charged (status ${sub.status})`);
    }
    const now = this.store.now();
    sub.status = 'PAYMENT_PENDING';
    sub.paymentCollection = 'FAILED';
    sub.updatedAt = now;
    if (sub.latestInvoice) sub.latestInvoice = { ...sub.latestInvoice, status: 'OPEN', amountDue: sub.latestInvoice.total, updatedAt: now };
    this.deliveries.publish([paymentFailedEvent(this.store, sub, {
      code: error.code ?? 'card_declined',
      message: error.message ?? 'Your card has insufficient funds.',
      details: error.details ?? 'insufficient_funds',
    }, eventTime())]);
    return sub;
  }

  /** Moves the clock forward; ends the trials that are over and runs the schedules that are due. */
  advanceClock(input: { advanceMs?: number; to?: string }): { now: string; trialsEnded: string[]; schedulesRun: string[] } {
    if (input.to !== undefined) {
      const at = new Date(input.to);
      if (Number.isNaN(at.getTime())) throw new SandboxError(400, '`to` must be an ISO-8601 date-time');
      this.clock.advanceTo(at);
    } else {
      try {
        this.clock.advance(Number(input.advanceMs ?? 0));
      } catch (err) {
        throw new SandboxError(400, (err as Error).message);
      }
    }
    const now = this.store.now();
    const trialsEnded: string[] = [];
    const schedulesRun: string[] = [];
    for (const sub of [...this.store.subscriptions.values()]) {
      if (sub.status === 'IN_TRIAL' && sub.trialEndDate !== null && sub.trialEndDate <= now) {
        this.store.endTrial(sub.subscriptionId);
        trialsEnded.push(sub.subscriptionId);
      }
      const due = sub.scheduledUpdates.some((u) => u.status === 'Scheduled' && u.executionTime <= now)
        || (sub.cancellationDate !== null && sub.cancellationDate <= now);
      if (!ENDED.includes(sub.status) && due) {
        this.store.runSchedules(sub.subscriptionId, false);
        schedulesRun.push(sub.subscriptionId);
      }
    }
    return { now, trialsEnded, schedulesRun };
  }

  /** The /__sandbox/ routes above; false when the path is none of them. */
  async handle(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<boolean> {
    let m: RegExpExecArray | null;
    if (path === '/__sandbox/webhooks') {
      if (method === 'GET') return answer(res, 200, () => this.deliveries.list());
      if (method === 'DELETE') return answer(res, 200, () => (this.deliveries.clear(), { cleared: true }));
      if (method === 'POST') {
        const body = (await readJson(req, res)) as { url?: unknown; secret?: unknown; events?: unknown } | undefined;
        if (body === undefined) return true;
        return answer(res, 201, () => {
          if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) throw new SandboxError(400, '`url` must be an http(s) URL');
          if (typeof body.secret !== 'string' || body.secret === '') throw new SandboxError(400, '`secret` is required');
          if (body.events !== undefined && !(Array.isArray(body.events) && body.events.every((e) => typeof e === 'string'))) {
            throw new SandboxError(400, '`events` must be a list of event types');
          }
          const { secret: _secret, ...endpoint } = this.register({ url: body.url, secret: body.secret, events: body.events as string[] | undefined });
          return endpoint;
        });
      }
    }
    if (path === '/__sandbox/webhooks/deliveries' && method === 'GET') return answer(res, 200, () => this.deliveries.history());
    if ((m = /^\/__sandbox\/webhooks\/deliveries\/([^/]+)\/resend$/.exec(path)) && method === 'POST') {
      const messageId = decodeURIComponent(m[1]);
      return answer(res, 200, () => {
        const resent = this.deliveries.resend(messageId);
        if (resent.length === 0) throw new SandboxError(404, `No delivery of message ${messageId}`);
        return { resent: resent.length };
      });
    }
    if (path === '/__sandbox/webhooks/hold' && method === 'POST') return answer(res, 200, () => (this.deliveries.hold(), { holding: true }));
    if (path === '/__sandbox/webhooks/release' && method === 'POST') {
      const body = (await readJson(req, res)) as { order?: unknown } | undefined;
      if (body === undefined) return true;
      return answer(res, 200, () => ({ released: this.deliveries.release(body.order === 'reverse' ? 'reverse' : 'made').map((d) => d.messageId) }));
    }
    if (path === '/__sandbox/webhooks/drain' && method === 'POST') {
      await this.deliveries.drain();
      return answer(res, 200, () => ({ drained: true }));
    }
    if (path === '/__sandbox/webhooks/low-balance-threshold' && method === 'POST') {
      const body = (await readJson(req, res)) as { percentage?: unknown } | undefined;
      if (body === undefined) return true;
      return answer(res, 200, () => {
        const p = Number(body.percentage);
        if (!Number.isFinite(p) || p <= 0 || p >= 100) throw new SandboxError(400, '`percentage` must be between 0 and 100');
        this.lowBalanceThreshold = p;
        return { percentage: p };
      });
    }
    if ((m = /^\/__sandbox\/subscriptions\/([^/]+)\/fail-payment$/.exec(path)) && method === 'POST') {
      const subscriptionId = decodeURIComponent(m[1]);
      const body = (await readJson(req, res)) as { code?: unknown; message?: unknown; details?: unknown } | undefined;
      if (body === undefined) return true;
      return answer(res, 200, () => {
        const sub = this.failPayment(subscriptionId, {
          code: typeof body.code === 'string' ? body.code : undefined,
          message: typeof body.message === 'string' ? body.message : undefined,
          details: typeof body.details === 'string' ? body.details : undefined,
        });
        return { subscriptionId: sub.subscriptionId, customerId: sub.customerId, status: sub.status };
      });
    }
    if ((m = /^\/__sandbox\/customers\/([^/]+)\/credits\/consume$/.exec(path)) && method === 'POST') {
      const customerId = decodeURIComponent(m[1]);
      const body = (await readJson(req, res)) as { currencyId?: unknown; amount?: unknown } | undefined;
      if (body === undefined) return true;
      return answer(res, 200, () => consumeCredits(this.store, customerId, String(body.currencyId ?? ''), Number(body.amount)));
    }
    if (path === '/__sandbox/clock') {
      if (method === 'GET') return answer(res, 200, () => ({ now: this.store.now() }));
      if (method === 'POST') {
        const body = (await readJson(req, res)) as { advanceMs?: number; to?: string } | undefined;
        if (body === undefined) return true;
        return answer(res, 200, () => this.advanceClock(body));
      }
    }
    return false;
  }
}

function answer(res: ServerResponse, status: number, action: () => unknown): true {
  try {
    sendJson(res, status, action());
  } catch (err) {
    const code = err instanceof SandboxError ? err.status : 500;
    sendJson(res, code, { error: 'sandbox_error', message: (err as Error).message });
  }
  return true;
}
