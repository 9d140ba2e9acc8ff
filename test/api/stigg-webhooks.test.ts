/**
 * Stigg's webhooks into Salesforce, end to end: changes made directly in the Stigg emulator (its
 * GraphQL API, its sandbox clock, its billing provider) reach Salesforce (read back
 * with jsforce) through webhooks the emulator sends with Stigg's Stigg-Webhooks-Secret header;
 * once each, even when an event is delivered twice or out of order; forged, unsigned, stale and
 * replayed requests are refused with 401 and leave nothing; a failed application is retried from
 * the journal and lands once.
 */
import * as jsforce from 'jsforce';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { growthDeal, Json, provision, salesforce, startTrial } from '../helpers/provisioning-helpers';

const SECRET = 'whsec-test-0123456789abcdef';
const DAY = 24 * 60 * 60 * 1000;

let stack: TestStack;
let conn: jsforce.Connection;
let emulator: string;

beforeAll(async () => {
  stack = await startTestStack({
    STIGG_WEBHOOK_SECRET: SECRET, STIGG_WEBHOOK_RETRY_BASE_MS: '50', SF_CREDIT_BALANCE_FIELDS: 'cred-type-test:Stigg_Credit_Balance__c',
  });
  conn = salesforce(stack);
  emulator = stack.sandbox.stigg.url;
  await control('POST', '/__sandbox/webhooks', { url: `${stack.url}/webhooks/stigg`, secret: SECRET });
});
afterAll(async () => {
  await stack?.stop();
});

async function control(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${emulator}${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

interface Delivery { messageId: string; type: string; body: Json; state: string; attempts: Array<{ status: number | null }> }

/** Cancels in Stigg through its API (the documented cancelSubscription mutation), as Stigg's app or another client would. */
async function cancelInStigg(subscriptionId: string, when: 'IMMEDIATE' | 'END_OF_BILLING_PERIOD'): Promise<void> {
  const response = await fetch(`${emulator}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': stack.sandbox.stigg.apiKey },
    body: JSON.stringify({
      query: 'mutation CancelInStigg($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { subscriptionId status } }',
      variables: { input: { subscriptionRefId: subscriptionId, subscriptionCancellationTime: when } },
    }),
  });
  const result = await response.json() as Json;
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
}

async function deliveries(): Promise<Delivery[]> {
  await control('POST', '/__sandbox/webhooks/drain');
  return control('GET', '/__sandbox/webhooks/deliveries');
}

/** The deliveries of one subscription (or of its customer's payment failures). */
async function deliveriesOf(subscriptionId: string): Promise<Delivery[]> {
  return (await deliveries()).filter((d) => d.body.id === subscriptionId || d.body.subscription?.id === subscriptionId);
}

/** Waits until the gateway has applied every journaled event (the journal has none pending). */
async function settled(): Promise<void> {
  await control('POST', '/__sandbox/webhooks/drain');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const pending = await stack.gateway.services.journal.stiggWebhookEvents.list({ status: 'PENDING' });
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`events still pending: ${pending.map((e) => `${e.type} ${e.lastError ?? ''}`).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function mirrored(opportunityId: string): Promise<Json> {
  const { records } = await conn.query<Json>(`SELECT Stigg_Subscription_Status__c, Stigg_Plan_Id__c, Stigg_Trial_End__c, Stigg_Cancellation_Date__c,
    Stigg_Payment_Failed_At__c, Stigg_Payment_Failure__c FROM Opportunity WHERE Id = '${opportunityId}'`);
  const { attributes: _attributes, ...fields } = records[0];
  return fields;
}

/** A sample's value in Prometheus text; 0 when absent. */
function metric(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

const sfUpdates = (): number => stack.sandbox.salesforce.counters.snapshot().update ?? 0;

async function postWebhook(body: unknown, headers: Record<string, string>): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${stack.url}/webhooks/stigg`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('a cancellation made in Stigg', () => {
  let opportunityId: string;
  let subscriptionId: string;

  it('a provisioned subscription is mirrored from its subscription.created event', async () => {
    ({ opportunityId } = await growthDeal(conn, 'Webhook Cancel'));
    const run = await provision(stack, { opportunityId, paymentCollectionMethod: 'NONE' });
    subscriptionId = run.subscriptionId;
    await settled();
    expect((await deliveriesOf(subscriptionId)).map((d) => d.type)).toContain('subscription.created');
    expect(await mirrored(opportunityId)).toMatchObject({ Stigg_Subscription_Status__c: 'ACTIVE', Stigg_Plan_Id__c: 'plan-growth', Stigg_Cancellation_Date__c: null });
  });

  it('reaches Salesforce once through subscription.canceled, and a second delivery of it writes nothing', async () => {
    await cancelInStigg(subscriptionId, 'IMMEDIATE');
    await settled();
    const canceled = (await deliveriesOf(subscriptionId)).filter((d) => d.type === 'subscription.canceled');
    expect(canceled).toHaveLength(1);
    expect(canceled[0].attempts.map((a) => a.status)).toEqual([202]);
    expect(canceled[0].body).toMatchObject({ status: 'CANCELED', id: subscriptionId, messageId: expect.any(String), timestamp: expect.any(String) });
    const after = await mirrored(opportunityId);
    expect(after.Stigg_Subscription_Status__c).toBe('CANCELED');
    expect(new Date(after.Stigg_Cancellation_Date__c).toISOString()).toBe(canceled[0].body.cancellationDate);

    const writes = sfUpdates();
    await control('POST', `/__sandbox/webhooks/deliveries/${canceled[0].messageId}/resend`);
    await settled();
    const again = (await deliveriesOf(subscriptionId)).find((d) => d.messageId === canceled[0].messageId)!;
    expect(again.attempts.map((a) => a.status)).toEqual([202, 200]);
    expect(sfUpdates()).toBe(writes);
    expect((await stack.gateway.services.journal.stiggWebhookEvents.get(canceled[0].messageId))).toMatchObject({ status: 'APPLIED', attempts: 1 });
  });
});

describe('a trial converted by the sandbox clock', () => {
  let opportunityId: string;
  let subscriptionId: string;

  it('a trial is mirrored IN_TRIAL with its end', async () => {
    ({ opportunityId } = await growthDeal(conn, 'Webhook Trial'));
    const trialEnd = new Date(Date.now() + 10 * DAY);
    trialEnd.setUTCMilliseconds(0);
    const run = await startTrial(stack, { opportunityId, trialEndDate: trialEnd.toISOString(), trialEndBehavior: 'CONVERT_TO_PAID' });
    subscriptionId = run.subscriptionId;
    await settled();
    const fields = await mirrored(opportunityId);
    expect(fields.Stigg_Subscription_Status__c).toBe('IN_TRIAL');
    expect(new Date(fields.Stigg_Trial_End__c).toISOString()).toBe(trialEnd.toISOString());
  });

  it('reaches Salesforce through subscription.trial_converted even when a later update is delivered before it', async () => {
    await control('POST', '/__sandbox/webhooks/hold');
    const clock = await control('POST', '/__sandbox/clock', { advanceMs: 11 * DAY });
    expect(clock.trialsEnded).toContain(subscriptionId);
    // a later change: the converted subscription is set to end with its billing period
    await cancelInStigg(subscriptionId, 'END_OF_BILLING_PERIOD');
    const released: string[] = (await control('POST', '/__sandbox/webhooks/release', { order: 'reverse' })).released;
    await settled();
    const ofSub = (await deliveriesOf(subscriptionId)).filter((d) => released.includes(d.messageId));
    // delivered newest first
    expect(ofSub.map((d) => d.type)).toEqual(['subscription.trial_converted', 'subscription.updated']);
    const converted = ofSub[0];
    expect(converted.body).toMatchObject({ status: 'ACTIVE', isTrialSubscription: false, reason: 'TRIAL_ENDED' });
    const fields = await mirrored(opportunityId);
    expect(fields.Stigg_Subscription_Status__c).toBe('ACTIVE');
    expect(new Date(fields.Stigg_Trial_End__c).toISOString()).toBe(converted.body.trialEndDate);
    expect(new Date(fields.Stigg_Cancellation_Date__c).toISOString()).toBe(ofSub[1].body.cancellationDate);

    const writes = sfUpdates();
    for (const d of ofSub) await control('POST', `/__sandbox/webhooks/deliveries/${d.messageId}/resend`);
    await settled();
    expect(sfUpdates()).toBe(writes);
    for (const d of ofSub) expect(await stack.gateway.services.journal.stiggWebhookEvents.get(d.messageId)).toMatchObject({ status: 'APPLIED', attempts: 1 });
  });
});

describe('a trial that ends without conversion', () => {
  it('reaches Salesforce through subscription.trial_expired: EXPIRED', async () => {
    const { opportunityId } = await growthDeal(conn, 'Webhook Trial Expiry');
    // the sandbox clock may be ahead of the machine's (an earlier test moved it): the trial ends after both
    const sandboxNow = new Date((await control('GET', '/__sandbox/clock')).now);
    const trialEnd = new Date(sandboxNow.getTime() + 5 * DAY);
    trialEnd.setUTCMilliseconds(0);
    const run = await startTrial(stack, { opportunityId, trialEndDate: trialEnd.toISOString(), trialEndBehavior: 'CANCEL_SUBSCRIPTION' });
    await settled();
    expect((await mirrored(opportunityId)).Stigg_Subscription_Status__c).toBe('IN_TRIAL');
    expect((await control('POST', '/__sandbox/clock', { advanceMs: 6 * DAY })).trialsEnded).toContain(run.subscriptionId);
    await settled();
    const expired = (await deliveriesOf(run.subscriptionId)).filter((d) => d.type === 'subscription.trial_expired');
    expect(expired).toHaveLength(1);
    expect(expired[0].body).toMatchObject({ status: 'EXPIRED' });
    expect((await mirrored(opportunityId)).Stigg_Subscription_Status__c).toBe('EXPIRED');
  });
});

describe('a payment failure at the billing provider', () => {
  let opportunityId: string;
  let subscriptionId: string;

  it('reaches Salesforce once through customer.payment_failed: the status, when it failed and why', async () => {
    ({ opportunityId } = await growthDeal(conn, 'Webhook Payment'));
    subscriptionId = (await provision(stack, { opportunityId, paymentCollectionMethod: 'NONE' })).subscriptionId;
    await settled();
    await control('POST', `/__sandbox/subscriptions/${subscriptionId}/fail-payment`, { code: 'card_declined', message: 'Your card has insufficient funds.' });
    await settled();
    const failed = (await deliveriesOf(subscriptionId)).filter((d) => d.type === 'customer.payment_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].body).toMatchObject({
      customer: { id: expect.any(String) }, subscription: { id: subscriptionId, status: 'PAYMENT_PENDING' },
      error: { code: 'card_declined', message: 'Your card has insufficient funds.' },
    });
    const fields = await mirrored(opportunityId);
    expect(fields).toMatchObject({ Stigg_Subscription_Status__c: 'PAYMENT_PENDING', Stigg_Payment_Failure__c: 'card_declined: Your card has insufficient funds.' });
    expect(new Date(fields.Stigg_Payment_Failed_At__c).toISOString()).toBe(failed[0].body.timestamp);

    const writes = sfUpdates();
    await control('POST', `/__sandbox/webhooks/deliveries/${failed[0].messageId}/resend`);
    await settled();
    expect(sfUpdates()).toBe(writes);
  });
});

describe("a customer's credits granted, running low, then out", () => {
  it('reach the account through credits.granted, credit_balance.low and credit_balance.depleted', async () => {
    const { opportunityId, accountId } = await growthDeal(conn, 'Webhook Credits');
    const customerId = (await provision(stack, { opportunityId, paymentCollectionMethod: 'NONE' })).customerId;
    const granted = await stack.graphql<Json>(`mutation($input: GrantCreditsInput!) { grantCredits(input: $input) { id } }`, {
      input: { customerId, grantType: 'PROMOTIONAL', currencyId: 'cred-type-test', displayName: 'Welcome credits', amount: 100 },
    });
    expect(granted.body.errors).toBeUndefined();
    await settled();
    const balance = async (): Promise<unknown> => (await conn.query<Json>(`SELECT Stigg_Credit_Balance__c FROM Account WHERE Id = '${accountId}'`))
      .records[0].Stigg_Credit_Balance__c;
    const grantedEvent = (await deliveries()).find((d) => d.type === 'credits.granted' && d.body.customerId === customerId)!;
    expect(grantedEvent.body).toMatchObject({ grantId: granted.body.data!.grantCredits.id, grantType: 'PROMO', amount: 100, consumedAmount: 0, currencyId: 'cred-type-test' });
    expect(await balance()).toBe(100);

    await control('POST', `/__sandbox/customers/${customerId}/credits/consume`, { currencyId: 'cred-type-test', amount: 85 });
    await settled();
    const low = (await deliveries()).filter((d) => d.type === 'credit_balance.low' && d.body.customer.id === customerId);
    expect(low).toHaveLength(1);
    expect(low[0].body).toMatchObject({
      creditCurrency: { id: 'cred-type-test' }, totalGranted: 100, remainingBalance: 15, remainingBalancePercentage: 15, thresholdPercentage: 20,
    });
    expect(await balance()).toBe(15);

    await control('POST', `/__sandbox/customers/${customerId}/credits/consume`, { currencyId: 'cred-type-test', amount: 15 });
    await settled();
    const depleted = (await deliveries()).filter((d) => d.type === 'credit_balance.depleted' && d.body.customer.id === customerId);
    expect(depleted).toHaveLength(1);
    expect(depleted[0].body).toMatchObject({ remainingBalance: 0, consumedPercentage: 100 });
    expect(await balance()).toBe(0);
  });
});

describe('refusals: nothing is journaled, nothing written', () => {
  let captured: Delivery;
  beforeAll(async () => {
    captured = (await deliveries()).find((d) => d.type === 'subscription.canceled')!;
  });

  async function refusedWithNothingLeft(body: Json, headers: Record<string, string>): Promise<void> {
    const writes = sfUpdates();
    const events = (await stack.gateway.services.journal.stiggWebhookEvents.list()).length;
    const answer = await postWebhook(body, headers);
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(answer.body)).not.toContain(SECRET);
    await settled();
    expect(sfUpdates()).toBe(writes);
    expect((await stack.gateway.services.journal.stiggWebhookEvents.list()).length).toBe(events);
  }

  const fresh = (): Json => ({ ...captured.body, messageId: `forged-${Math.random()}`, timestamp: new Date().toISOString() });

  it('an unsigned request (no Stigg-Webhooks-Secret)', async () => {
    await refusedWithNothingLeft(fresh(), {});
  });

  it('a forged request (a wrong secret, or one of another length)', async () => {
    await refusedWithNothingLeft(fresh(), { 'Stigg-Webhooks-Secret': SECRET.replace(/.$/, 'x') });
    await refusedWithNothingLeft(fresh(), { 'Stigg-Webhooks-Secret': 'short' });
  });

  it('a stale event: its timestamp older than the tolerance (STIGG_WEBHOOK_TOLERANCE_MS, 10 min)', async () => {
    await refusedWithNothingLeft({ ...fresh(), timestamp: new Date(Date.now() - 11 * 60_000).toISOString() }, { 'Stigg-Webhooks-Secret': SECRET });
  });

  it('a replay: a captured event sent again 11 minutes after it was made (its timestamp as old as that)', async () => {
    const replay = { ...captured.body, timestamp: new Date(new Date(captured.body.timestamp).getTime() - 11 * 60_000).toISOString() };
    await refusedWithNothingLeft(replay, { 'Stigg-Webhooks-Secret': SECRET });
  });

  it('the secret never reaches a log line', () => {
    expect(stack.logs.join('\n')).not.toContain(SECRET);
    expect(stack.logs.some((l) => l.includes('stigg webhook: refused (401)'))).toBe(true);
  });

  it('only POST, and a body of at most 256 KB', async () => {
    const get = await fetch(`${stack.url}/webhooks/stigg`, { headers: { 'Stigg-Webhooks-Secret': SECRET } });
    expect(get.status).toBe(405);
    const big = await postWebhook({ ...captured.body, padding: 'x'.repeat(300 * 1024) }, { 'Stigg-Webhooks-Secret': SECRET });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a body that is no event is 400 once authentic; an event type the gateway does not act on is acknowledged', async () => {
    expect((await postWebhook('not json', { 'Stigg-Webhooks-Secret': SECRET })).status).toBe(400);
    expect((await postWebhook({ type: 'subscription.updated', timestamp: new Date().toISOString() }, { 'Stigg-Webhooks-Secret': SECRET })).status).toBe(400);
    const ignored = await postWebhook({ type: 'plan.created', messageId: 'm-plan', timestamp: new Date().toISOString() }, { 'Stigg-Webhooks-Secret': SECRET });
    expect(ignored).toEqual({ status: 200, body: { received: true, ignored: true, messageId: 'm-plan' } });
  });
});

describe('a failed application', () => {
  it('is retried from the journal and lands once', async () => {
    const { opportunityId } = await growthDeal(conn, 'Webhook Retry');
    const subscriptionId = (await provision(stack, { opportunityId, paymentCollectionMethod: 'NONE' })).subscriptionId;
    await settled();
    stack.sandbox.salesforce.faults.add({ operation: 'update', failure: 'SERVER_ERROR', times: 1 });
    await cancelInStigg(subscriptionId, 'IMMEDIATE');
    await settled();
    const canceled = (await deliveriesOf(subscriptionId)).find((d) => d.type === 'subscription.canceled')!;
    expect(canceled.attempts.map((a) => a.status)).toEqual([202]);
    expect(await stack.gateway.services.journal.stiggWebhookEvents.get(canceled.messageId))
      .toMatchObject({ status: 'APPLIED', attempts: 2, lastError: null });
    expect((await mirrored(opportunityId)).Stigg_Subscription_Status__c).toBe('CANCELED');
    expect(stack.logs.some((l) => l.includes('applying failed, retried from the journal'))).toBe(true);
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metric(metrics, 'gateway_stigg_webhook_applications_total{outcome="retried"}')).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, 'gateway_stigg_webhook_applications_total{outcome="applied"}')).toBeGreaterThan(1);
    expect(metric(metrics, 'gateway_stigg_webhooks_received_total{outcome="refused_wrong_secret"}')).toBe(2);
    expect(metric(metrics, 'gateway_stigg_webhooks_received_total{outcome="refused_no_secret"}')).toBe(1);
    expect(metric(metrics, 'gateway_stigg_webhooks_received_total{outcome="refused_stale_timestamp"}')).toBe(2);
    expect(metric(metrics, 'gateway_stigg_webhooks_received_total{outcome="duplicate"}')).toBeGreaterThanOrEqual(4);
  });
});

describe('disabled', () => {
  it('without STIGG_WEBHOOK_SECRET the route is not there (404)', async () => {
    const plain = await startTestStack();
    try {
      const response = await fetch(`${plain.url}/webhooks/stigg`, { method: 'POST', body: '{}', headers: { 'Stigg-Webhooks-Secret': 'x' } });
      expect(response.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
