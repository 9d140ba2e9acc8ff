import { GatewayError } from '../../src/errors/gateway-error';
import { GatewayMetrics } from '../../src/server/metrics/gateway-metrics';
import { QuotaGuard } from '../../src/services/resilience/salesforce-quota-guard';

describe('QuotaGuard', () => {
  const read = { essential: false };
  const write = { essential: true };

  function thrown(fn: () => void): unknown {
    try { fn(); } catch (err) { return err; }
    return undefined;
  }

  it('lets everything through before Salesforce has reported any usage', () => {
    const guard = new QuotaGuard();
    expect(() => guard.check('query', read)).not.toThrow();
    expect(guard.usedShare).toBe(0);
  });

  it('sheds reads from 95% and keeps the rest for essential writes until 99%', () => {
    const guard = new QuotaGuard();
    guard.observe({ used: 9499, limit: 10000 });
    expect(() => guard.check('query', read)).not.toThrow();

    guard.observe({ used: 9500, limit: 10000 });
    const err = thrown(() => guard.check('query', read));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      extensions: { service: 'salesforce', operation: 'query', shed: 'quota-guard', used: 9500, limit: 10000 },
    });
    expect((err as Error).message).toMatch(/used 9500 of its 10000 daily API requests/);
    expect(() => guard.check('writeBack', write)).not.toThrow();

    guard.observe({ used: 9899, limit: 10000 });
    expect(() => guard.check('writeBack', write)).not.toThrow();
    guard.observe({ used: 9900, limit: 10000 });
    expect(thrown(() => guard.check('writeBack', write))).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', extensions: { operation: 'writeBack' } });
  });

  it('lets calls through again when the rolling window frees requests', () => {
    const guard = new QuotaGuard({ shedAt: 0.5, essentialShedAt: 0.8 });
    guard.observe({ used: 60, limit: 100 });
    expect(() => guard.check('query', read)).toThrow(GatewayError);
    guard.observe({ used: 40, limit: 100 });
    expect(() => guard.check('query', read)).not.toThrow();
  });

  it('ignores a reading without a limit and keeps the last one', () => {
    const guard = new QuotaGuard();
    guard.observe({ used: 99, limit: 100 });
    guard.observe({ used: 1, limit: 0 });
    expect(guard.usedShare).toBe(0.99);
  });

  it('reports the quota left to the metrics', async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    const guard = new QuotaGuard({ metrics });
    guard.observe({ used: 14000, limit: 15000 });
    const text = await metrics.text();
    expect(text).toContain('gateway_salesforce_api_requests_remaining 1000');
    expect(text).toContain('gateway_salesforce_api_requests_limit 15000');
  });

  it('refuses thresholds that make no sense', () => {
    expect(() => new QuotaGuard({ shedAt: 0.99, essentialShedAt: 0.95 })).toThrow(RangeError);
    expect(() => new QuotaGuard({ shedAt: 0 })).toThrow(RangeError);
    expect(() => new QuotaGuard({ essentialShedAt: 1.5 })).toThrow(RangeError);
  });
});
