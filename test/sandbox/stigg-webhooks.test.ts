/**
 * The Stigg emulator's webhooks, seen from a receiving endpoint: Stigg's event names and payload
 * envelope, the Stigg-Webhooks-Secret header, Stigg's retries, the sandbox clock ending a trial,
 * resend, hold and release in reverse.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { BillingPeriod } from '@stigg/node-server-sdk';
import { newCustomer, startStiggHarness, StiggHarness } from './helpers/stigg-harness';

interface Received { headers: http.IncomingHttpHeaders; body: any }

const SECRET = 'whsec-sandbox-suite';
const DAY = 24 * 60 * 60 * 1000;

let h: StiggHarness;
let server: http.Server;
let url: string;
const received: Received[] = [];
/** answers for the next requests (then 200) */
const answers: number[] = [];

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${h.emulator.url}${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

beforeAll(async () => {
  h = await startStiggHarness();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await h?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

async function trialSubscription(): Promise<{ customerId: string; subscriptionId: string }> {
  const customerId = await newCustomer(h.client);
  const provisioned = await h.client.provisionSubscription({ customerId, planId: 'plan-growth', billingPeriod: BillingPeriod.Monthly });
  return { customerId, subscriptionId: provisioned.subscription!.id };
}

describe('webhooks to a registered endpoint', () => {
  let subscriptionId: string;

  it('registers an endpoint; its secret is never listed', async () => {
    const endpoint = await control('POST', '/__sandbox/webhooks', { url, secret: SECRET });
    expect(endpoint).toEqual({ id: expect.any(String), url, events: null });
    expect(await control('GET', '/__sandbox/webhooks')).toEqual([endpoint]);
  });

  it('sends subscription.created with the Stigg-Webhooks-Secret header and the reference envelope', async () => {
    ({ subscriptionId } = await trialSubscription());
    await control('POST', '/__sandbox/webhooks/drain');
    const created = received.find((r) => r.body.type === 'subscription.created' && r.body.id === subscriptionId)!;
    expect(created.headers['stigg-webhooks-secret']).toBe(SECRET);
    expect(created.headers['content-type']).toBe('application/json');
    expect(created.body).toMatchObject({
      type: 'subscription.created', messageId: expect.any(String), traceId: expect.any(String), timestamp: expect.any(String),
      entityId: expect.any(String), id: subscriptionId, status: 'IN_TRIAL', isTrialSubscription: true, billingPeriod: 'MONTHLY',
      trialEndDate: expect.any(String), plan: { id: 'plan-growth', pricingType: 'PAID' }, addons: [], customer: { id: expect.any(String) },
    });
  });

  it('the sandbox clock ends the trial: subscription.trial_converted (reason TRIAL_ENDED)', async () => {
    const moved = await control('POST', '/__sandbox/clock', { advanceMs: 15 * DAY });
    expect(moved.trialsEnded).toContain(subscriptionId);
    expect(new Date(moved.now).getTime()).toBeGreaterThan(Date.now() + 14 * DAY);
    await control('POST', '/__sandbox/webhooks/drain');
    const converted = received.filter((r) => r.body.type === 'subscription.trial_converted' && r.body.id === subscriptionId);
    expect(converted).toHaveLength(1);
    expect(converted[0].body).toMatchObject({ status: 'ACTIVE', isTrialSubscription: false, reason: 'TRIAL_ENDED' });
    await expect(control('POST', '/__sandbox/clock', { advanceMs: -1 })).rejects.toThrow(/400/);
  });

  it('a non-2xx answer is retried 3 times at once (then every 30 s); resend sends the same event again', async () => {
    answers.push(500, 503, 500);
    await control('POST', `/__sandbox/subscriptions/${subscriptionId}/fail-payment`, {});
    await control('POST', '/__sandbox/webhooks/drain');
    const deliveries = await control('GET', '/__sandbox/webhooks/deliveries');
    const failed = deliveries.find((d: any) => d.type === 'customer.payment_failed' && d.body.subscription.id === subscriptionId);
    expect(failed.attempts.map((a: any) => a.status)).toEqual([500, 503, 500, 200]);
    expect(failed.state).toBe('DELIVERED');
    expect(failed.body).toMatchObject({ error: { code: 'card_declined', message: expect.any(String) }, subscription: { status: 'PAYMENT_PENDING' } });

    const before = received.filter((r) => r.body.messageId === failed.messageId).length;
    await control('POST', `/__sandbox/webhooks/deliveries/${failed.messageId}/resend`);
    await control('POST', '/__sandbox/webhooks/drain');
    expect(received.filter((r) => r.body.messageId === failed.messageId)).toHaveLength(before + 1);
  });

  it('held events are released in reverse order', async () => {
    await control('POST', '/__sandbox/webhooks/hold');
    const first = await trialSubscription();
    const second = await trialSubscription();
    const released: string[] = (await control('POST', '/__sandbox/webhooks/release', { order: 'reverse' })).released;
    await control('POST', '/__sandbox/webhooks/drain');
    const order = received.filter((r) => released.includes(r.body.messageId) && r.body.type === 'subscription.created').map((r) => r.body.id);
    expect(order).toEqual([second.subscriptionId, first.subscriptionId]);
  });

  it('DELETE forgets every endpoint: nothing more is sent', async () => {
    await control('DELETE', '/__sandbox/webhooks');
    const count = received.length;
    await trialSubscription();
    await control('POST', '/__sandbox/webhooks/drain');
    expect(received).toHaveLength(count);
    expect(await control('GET', '/__sandbox/webhooks/deliveries')).toEqual([]);
  });
});
