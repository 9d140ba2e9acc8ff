import { parse, OperationDefinitionNode } from 'graphql';
import { StiggPacer, StiggPacerOptions, STIGG_OPERATION_LIMITS, stiggEntityKey, windowsFor, BURST_REFRESH_WINDOWS } from '../../src/services/stigg/pacing';
import { GatewayError } from '../../src/errors/gateway-error';
import { StiggRateLimiter } from '../../src/sandbox/stigg/rate-limits';

/**
 * The pacer's budgets are rate-limiter-flexible counters (in memory here; PostgreSQL in
 * test/journal/shared-rate-limits.test.ts). rate-limiter-flexible reads Date.now and the
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

describe('StiggPacer on rate-limiter-flexible (in memory)', () => {
  it("turns a limit into a burst of nearly all of it, then the rest at 97.5% of Stigg's rate", () => {
    // provisionSubscription: 250 per minute, 2 tokens of headroom
    const windows = windowsFor(250, 60_000, 2);
    expect(windows.sustained).toEqual({ points: 4, durationMs: 984 });
    expect(windows.burst).toEqual({ points: 234, durationMs: 60_000 * BURST_REFRESH_WINDOWS });
    // the customer limit: 30 per minute
    expect(windowsFor(30, 60_000, 2)).toEqual({ sustained: { points: 1, durationMs: 2_043 }, burst: { points: 25, durationMs: 2_400_000 } });
  });

  it("a flood of calls waits its turn: the burst at once, the rest paced, none refused by Stigg's limits", async () => {
    const pacer = pacerFor();
    const arrivals = Array.from({ length: 1_000 }, (_, i) => ({ at: 0, customer: `c${i}` }));
    const { released, refused, errors } = await drive(pacer, arrivals, emulatorFor());
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
    expect(released.filter((t) => t === 0)).toHaveLength(4 + 234); // 4 sustained + 234 burst
    // Stigg's token bucket allows 1,000 in (1,000 - 250) / 250 windows = 45 s at best; on the pacer's clock:
    const last = released[released.length - 1];
    expect(last).toBeLessThanOrEqual(45_000 * 1.05);
    expect(pacer.stats()).toMatchObject({ calls: 1_000, refused: 0, delayed: 762 });
  });

  it("arrivals that leave a budget idle and then spike, or trickle at random, are never refused by Stigg's limits", async () => {
    const pacer = pacerFor();
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const arrivals: Array<{ at: number; customer: string }> = [];
    // a spike, quiet, a spike late in a burst period and another just after it, then random traffic
    for (let i = 0; i < 300; i++) arrivals.push({ at: 100, customer: `a${i}` });
    for (let i = 0; i < 300; i++) arrivals.push({ at: WINDOW_MS * BURST_REFRESH_WINDOWS - 50, customer: `b${i}` });
    for (let i = 0; i < 300; i++) arrivals.push({ at: WINDOW_MS * BURST_REFRESH_WINDOWS + 50, customer: `c${i}` });
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
    expect(released.filter((t) => t === 0)).toHaveLength(1 + 25); // the hot customer's 1 sustained and burst of 25
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
    // 125 per window: 2 sustained + floor((123 - 4) / 1.025) = 116 burst
    expect(released.filter((t) => t === 0)).toHaveLength(2 + 116);
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
