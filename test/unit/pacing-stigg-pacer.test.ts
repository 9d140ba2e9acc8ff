import { StiggPacer, STIGG_OPERATION_LIMITS, stiggEntityKey } from '../../src/services/stigg/pacing';
import { GatewayError } from '../../src/errors/gateway-error';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

describe('StiggPacer', () => {
  it("paces an operation at Stigg's published limit, keeping a little burst back for jitter", () => {
    const time = clock();
    const pacer = new StiggPacer({ now: time.now, jitterMs: 0 });
    // provisionSubscription: 250 per minute, burst 250 less 2 tokens of headroom
    const delays = Array.from({ length: 250 }, () => pacer.reserve('provisionSubscription', null));
    expect(delays.slice(0, 248).every((d) => d === 0)).toBe(true);
    expect(delays[248]).toBe(240);
    expect(delays[249]).toBe(480);
  });

  it('does not pace operations without a published limit', () => {
    const pacer = new StiggPacer({ now: () => 0 });
    for (let i = 0; i < 10_000; i++) expect(pacer.reserve('customers')).toBe(0);
    expect(STIGG_OPERATION_LIMITS.customers).toBeUndefined();
  });

  it('paces mutations per entity: 30 per minute per customer, other customers unaffected', () => {
    const time = clock();
    const pacer = new StiggPacer({ now: time.now, windowMs: 60_000 });
    const hot = Array.from({ length: 29 }, () => pacer.reserve('provisionSubscription', 'customer-hot'));
    expect(hot.slice(0, 28).every((d) => d === 0)).toBe(true);
    expect(hot[28]).toBe(2_000); // one per 2 s once the 28-call burst is spent
    expect(pacer.reserve('provisionSubscription', 'customer-cold')).toBe(0);
    // the entity bucket is shared by every entity-limited mutation of that customer
    expect(pacer.reserve('provisionCustomer', 'customer-hot')).toBe(4_000);
  });

  it('ignores the entity for reads', () => {
    const pacer = new StiggPacer({ now: () => 0 });
    for (let i = 0; i < 100; i++) expect(pacer.reserve('getSubscription', 'customer-a')).toBe(0);
  });

  it('waits for the later of the operation and the entity bucket, and takes both tokens then', () => {
    const time = clock();
    // operation: capacity max(1, 3 - 2 headroom) = 1, one per 20 s; entity: capacity 98, one per 0.6 s
    const opBound = new StiggPacer({ now: time.now, operationLimits: { provisionSubscription: 3 }, entityLimit: 100, maxWaitMs: 600_000 });
    expect(opBound.reserve('provisionSubscription', stiggEntityKey('c1'))).toBe(0);
    expect(opBound.reserve('provisionSubscription', stiggEntityKey('c2'))).toBe(20_000);
    expect(opBound.reserve('provisionSubscription', stiggEntityKey('c3', 'r1'))).toBe(40_000);
    // operation: 6,000 per minute; entity: capacity 1, one per 20 s
    const entityBound = new StiggPacer({ now: time.now, operationLimits: { provisionSubscription: 6_000 }, entityLimit: 3, maxWaitMs: 600_000 });
    expect(entityBound.reserve('provisionSubscription', 'c1')).toBe(0);
    expect(entityBound.reserve('provisionSubscription', 'c1')).toBe(20_000);
    expect(entityBound.reserve('provisionSubscription', 'c2')).toBe(0);
    expect(entityBound.reserve('provisionSubscription', 'c1:r1')).toBe(0);
  });

  it('scales with windowMs and share', () => {
    const time = clock();
    const pacer = new StiggPacer({ now: time.now, windowMs: 6_000, share: 0.5, jitterMs: 0 });
    // 250 per 6 s, half of it: 125 per 6 s = one per 48 ms, burst 123
    const delays = Array.from({ length: 125 }, () => pacer.reserve('provisionCustomer'));
    expect(delays.filter((d) => d === 0)).toHaveLength(123);
    expect(delays[123]).toBe(48);
  });

  it('refuses with UPSTREAM_RATE_LIMITED, reserving nothing, when the wait would exceed maxWaitMs', () => {
    const time = clock();
    const pacer = new StiggPacer({ now: time.now, maxWaitMs: 1_000, entityLimit: 3, jitterMs: 0 });
    pacer.reserve('updateCustomer', 'c');
    expect(() => pacer.reserve('updateCustomer', 'c')).toThrow(GatewayError);
    try {
      pacer.reserve('updateCustomer', 'c');
    } catch (err) {
      expect((err as GatewayError).code).toBe('UPSTREAM_RATE_LIMITED');
      expect((err as GatewayError).extensions).toMatchObject({ service: 'stigg', operation: 'updateCustomer', shed: 'pacer' });
    }
    time.advance(20_000);
    expect(pacer.reserve('updateCustomer', 'c')).toBe(0);
    expect(pacer.stats()).toMatchObject({ calls: 4, refused: 2 });
  });

  it('pace() sleeps for the reserved delay', async () => {
    const slept: number[] = [];
    const pacer = new StiggPacer({ now: () => 0, operationLimits: { creditGrants: 1 }, maxWaitMs: 120_000, sleep: async (ms) => { slept.push(ms); } });
    await pacer.pace('creditGrants');
    await pacer.pace('creditGrants');
    expect(slept).toEqual([60_000]);
    expect(pacer.stats()).toMatchObject({ calls: 2, delayed: 1, totalWaitMs: 60_000, maxWaitMs: 60_000 });
  });

  it('forgets idle entity buckets past maxEntities', () => {
    const time = clock();
    const pacer = new StiggPacer({ now: time.now, maxEntities: 10 });
    for (let i = 0; i < 10; i++) pacer.reserve('provisionCustomer', `c${i}`);
    time.advance(60_000);
    pacer.reserve('provisionCustomer', 'c-new');
    expect((pacer as unknown as { entities: Map<string, unknown> }).entities.size).toBe(1);
  });
});
