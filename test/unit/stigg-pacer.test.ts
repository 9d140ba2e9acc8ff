import { parse, OperationDefinitionNode } from 'graphql';
import { StiggPacer, StiggPacerOptions, STIGG_OPERATION_LIMITS, stiggEntityKey } from '../../src/services/stigg/pacing';
import { GatewayError } from '../../src/errors/gateway-error';
import { StiggRateLimiter } from '../../src/sandbox/stigg/rate-limits';

/**
 * The pacer's budgets are token buckets (in memory here; PostgreSQL in
 * test/journal/shared-rate-limits.test.ts). The buckets read Date.now and the
 * pacer sleeps with setTimeout: jest's fake clock drives both, so no test waits.
 * Released calls are checked against the Stigg emulator's own limiter (token buckets of
 * the published limits, src/sandbox/stigg/rate-limits.ts) on the same clock.
 */
beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

const WINDOW_MS = 15_000; // every limit per 15 s: time scaled down as the bench does

function subscriptionMutation(customerId: string): { document: ReturnType<typeof parse>; operation: OperationDefinitionNode } {
  const document = parse(`mutation { provisionSubscriptionV2(input: { customerId: "${customerId}" }) { __typename } }`);
  return { document, operation: document.definitions[0] as OperationDefinitionNode };
}

/** Starts `pace` for each arrival (ms from now) and records when each is released and whether Stigg's emulator admits it then. */
async function drive(pacer: StiggPacer, arrivals: Array<{ at: number; customer: string }>, emulator: StiggRateLimiter) {
  const released: number[] = [];
  const refused: number[] = [];
  const errors: unknown[] = [];
  const calls = arrivals.map(async ({ at, customer }) => {
    await new Promise((resolve) => setTimeout(resolve, at));
    try {
      await pacer.pace('provisionSubscription', customer);
    } catch (err) {
      errors.push(err);
      return;
    }
    released.push(Date.now());
    const { document, operation } = subscriptionMutation(customer);
    if (!emulator.admit(document, operation, null).allowed) refused.push(Date.now());
  });
  const end = Math.max(...arrivals.map((a) => a.at)) + 600_000;
  while (released.length + errors.length < arrivals.length && Date.now() < end) await jest.advanceTimersToNextTimerAsync();
  await Promise.all(calls);
  return { released: released.sort((a, b) => a - b), refused, errors };
}

function emulatorFor(): StiggRateLimiter {
  return new StiggRateLimiter({ windowMs: WINDOW_MS, now: () => Date.now() });
}

function pacerFor(options: StiggPacerOptions = {}): StiggPacer {
  // no jitter reserve (2 tokens of headroom): the emulator counts a call the instant it is released
  return new StiggPacer({ windowMs: WINDOW_MS, maxWaitMs: 600_000, jitterMs: 0, ...options });
}

describe('StiggPacer (token buckets in memory)', () => {
  it("a flood of calls waits its turn: the limit less the jitter reserve at once, the rest at Stigg's rate, none refused by Stigg's limits", async () => {
    const pacer = pacerFor();
    const arrivals = Array.from({ length: 1_000 }, (_, i) => ({ at: 0, customer: `c${i}` }));
    const { released, refused, errors } = await drive(pacer, arrivals, emulatorFor());
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
    expect(released.filter((t) => t === 0)).toHaveLength(250 - 2);
    // Stigg's token bucket allows 1,000 in (1,000 - 250) / 250 windows = 45 s at best; on the pacer's clock:
    const last = released[released.length - 1];
    expect(last).toBeLessThanOrEqual(45_000 * 1.01);
    expect(pacer.stats()).toMatchObject({ calls: 1_000, refused: 0, delayed: 752 });
  });

  it('what a spike spent comes back at the rate Stigg refills: after a quiet window a batch has the whole budget again', async () => {
    const pacer = pacerFor();
    const arrivals = [
      // a spike of a few dozen, as provisioning a page of deals at 8 at a time makes
      ...Array.from({ length: 40 }, (_, i) => ({ at: i * 10, customer: `early${i}` })),
      // a batch one window later
      ...Array.from({ length: 1_000 }, (_, i) => ({ at: WINDOW_MS + 1_000, customer: `batch${i}` })),
    ];
    const { released, refused } = await drive(pacer, arrivals, emulatorFor());
    expect(refused).toEqual([]);
    expect(released.filter((t) => t === WINDOW_MS + 1_000)).toHaveLength(248);
    // the batch's 1,000 within 1% of the 45 s Stigg's own bucket needs from full
    expect(released[released.length - 1] - (WINDOW_MS + 1_000)).toBeLessThanOrEqual(45_000 * 1.01);
  });

  it("arrivals that leave a budget idle and then spike, or trickle at random, are never refused by Stigg's limits", async () => {
    const pacer = pacerFor();
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const arrivals: Array<{ at: number; customer: string }> = [];
    // a spike, quiet, two spikes around the moment the bucket is full again, then random traffic
    for (let i = 0; i < 300; i++) arrivals.push({ at: 100, customer: `a${i}` });
    for (let i = 0; i < 300; i++) arrivals.push({ at: 2 * WINDOW_MS - 50, customer: `b${i}` });
    for (let i = 0; i < 300; i++) arrivals.push({ at: 2 * WINDOW_MS + 50, customer: `c${i}` });
    for (let i = 0; i < 600; i++) arrivals.push({ at: Math.floor(random() * WINDOW_MS * 60), customer: `r${i % 97}` });
    const { refused, errors } = await drive(pacer, arrivals, emulatorFor());
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('paces mutations per entity: one busy customer waits, other customers do not', async () => {
    const pacer = pacerFor();
    const arrivals = [
      ...Array.from({ length: 60 }, () => ({ at: 0, customer: 'customer-hot' })),
      ...Array.from({ length: 5 }, (_, i) => ({ at: 10, customer: `customer-cold-${i}` })),
    ];
    const { released, refused } = await drive(pacer, arrivals, emulatorFor());
    expect(refused).toEqual([]);
    expect(released.filter((t) => t === 10)).toHaveLength(5); // the cold customers went at once
    expect(released.filter((t) => t === 0)).toHaveLength(30 - 2); // the hot customer's bucket: its limit less the jitter reserve
  });

  it('does not pace operations without a published limit, nor the entity of a read', async () => {
    const pacer = pacerFor();
    for (let i = 0; i < 1_000; i++) await pacer.pace('customers');
    for (let i = 0; i < 1_000; i++) await pacer.pace('getSubscription', 'customer-a');
    expect(STIGG_OPERATION_LIMITS.customers).toBeUndefined();
    expect(Date.now()).toBe(0);
    expect(pacer.stats()).toMatchObject({ calls: 2_000, delayed: 0 });
  });

  it('the entity budget is shared by every entity-limited mutation of that customer, not by its resources', async () => {
    // 3 per window less 2 of headroom: one call per entity, then one per 5 s
    const pacer = pacerFor({ entityLimit: 3 });
    await pacer.pace('provisionCustomer', stiggEntityKey('c1'));
    const released: Record<string, number> = {};
    const second = pacer.pace('provisionSubscription', stiggEntityKey('c1')).then(() => { released.c1 = Date.now(); });
    const resource = pacer.pace('createCreditGrant', stiggEntityKey('c1', 'r1')).then(() => { released['c1:r1'] = Date.now(); });
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    await Promise.all([second, resource]);
    expect(released).toEqual({ 'c1:r1': 0, c1: 5_000 });
  });

  it('refuses with UPSTREAM_RATE_LIMITED, taking no token, when the wait would exceed maxWaitMs', async () => {
    const pacer = new StiggPacer({ windowMs: 60_000, maxWaitMs: 1_000, entityLimit: 3, jitterMs: 0 });
    await pacer.pace('updateCustomer', 'c');
    const refusal = await pacer.pace('updateCustomer', 'c').catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(GatewayError);
    expect((refusal as GatewayError).code).toBe('UPSTREAM_RATE_LIMITED');
    expect((refusal as GatewayError).extensions).toMatchObject({ service: 'stigg', operation: 'updateCustomer', shed: 'pacer' });
    expect(((refusal as GatewayError).extensions as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(1);
    jest.advanceTimersByTime(60_000);
    await pacer.pace('updateCustomer', 'c');
    expect(pacer.stats()).toMatchObject({ calls: 3, refused: 1 });
  });

  it('with share (STIGG_PACING_SHARE, deprecated) an in-memory replica uses its share of each limit', async () => {
    const half = pacerFor({ share: 0.5 });
    const arrivals = Array.from({ length: 300 }, (_, i) => ({ at: 0, customer: `c${i}` }));
    const { released, refused } = await drive(half, arrivals, emulatorFor());
    expect(refused).toEqual([]);
    // 125 per window, less the jitter reserve of 2
    expect(released.filter((t) => t === 0)).toHaveLength(125 - 2);
  });

  it('pace() records how long calls waited', async () => {
    const pacer = pacerFor({ operationLimits: { creditGrants: 1 } });
    await pacer.pace('creditGrants');
    const second = pacer.pace('creditGrants');
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    await second;
    expect(pacer.stats()).toMatchObject({ calls: 2, delayed: 1, totalWaitMs: WINDOW_MS, maxWaitMs: WINDOW_MS });
  });
});
