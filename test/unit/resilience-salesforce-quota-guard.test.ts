import { GatewayError } from '../../src/errors/gateway-error';
import { GatewayMetrics } from '../../src/server/metrics/gateway-metrics';
import { QuotaGuard } from '../../src/services/resilience/salesforce-quota-guard';
import { parseSforceLimitInfo } from '../../src/services/resilience/sforce-limit-info';

describe('parseSforceLimitInfo', () => {
  it('reads api-usage, alone or among other entries', () => {
    expect(parseSforceLimitInfo('api-usage=18/15000')).toEqual({ used: 18, limit: 15000 });
    expect(parseSforceLimitInfo('per-app-api-usage=17/250(appName=sample), api-usage=25/5000')).toEqual({ used: 25, limit: 5000 });
  });

  it('ignores anything else', () => {
    expect(parseSforceLimitInfo(undefined)).toBeNull();
    expect(parseSforceLimitInfo('')).toBeNull();
    expect(parseSforceLimitInfo('per-app-api-usage=17/250(appName=sample)')).toBeNull();
    expect(parseSforceLimitInfo('api-usage=1/0')).toBeNull();
  });
});

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
    guard.observeHeader('api-usage=9499/10000');
    expect(() => guard.check('query', read)).not.toThrow();

    guard.observeHeader('api-usage=9500/10000');
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

  it('ignores headers without api-usage and keeps the last reading', () => {
    const guard = new QuotaGuard();
    guard.observeHeader('api-usage=99/100');
    guard.observeHeader('per-app-api-usage=1/250(appName=x)');
    expect(guard.usedShare).toBe(0.99);
  });

  it('reports the quota left to the metrics', async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    const guard = new QuotaGuard({ metrics });
    guard.observeHeader('api-usage=14000/15000');
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
