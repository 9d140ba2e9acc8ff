import { GatewayError } from '../../src/errors/gateway-error';
import { GatewayMetrics } from '../../src/server/metrics/gateway-metrics';
import { toSalesforceError } from '../../src/services/salesforce/salesforce-error';
import { UpstreamPolicyOptions, createUpstreamPolicy } from '../../src/services/resilience/upstream-policy';
import { CircuitStateName } from '../../src/services/resilience/upstream-metrics';

const unavailable = () => Object.assign(new Error('Service Unavailable'), { errorCode: 'ERROR_HTTP_503' });
const rejected = () => Object.assign(new Error('bad field'), { errorCode: 'INVALID_FIELD' });
const quotaExceeded = () => Object.assign(new Error('TotalRequests Limit exceeded.'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' });

function policyFor(overrides: Partial<UpstreamPolicyOptions> = {}) {
  const states: CircuitStateName[] = [];
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const policy = createUpstreamPolicy({
    service: 'salesforce',
    timeoutMs: 1_000,
    breaker: { halfOpenAfterMs: 30_000, consecutiveFailures: 3 },
    metrics,
    onStateChange: (state) => states.push(state),
    ...overrides,
  });
  return { policy, states, metrics };
}

async function failWith(policy: ReturnType<typeof policyFor>['policy'], make: () => unknown, operation = 'query') {
  return policy.execute(operation, async () => { throw make(); }).catch((err: unknown) => err);
}

describe('createUpstreamPolicy', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('passes results and errors through unchanged', async () => {
    const { policy, metrics } = policyFor();
    await expect(policy.execute('query', async () => 42)).resolves.toBe(42);
    const error = rejected();
    await expect(failWith(policy, () => error)).resolves.toBe(error);
    const text = await metrics.text();
    expect(text).toContain('gateway_upstream_requests_total{service="salesforce",operation="query",outcome="ok"} 1');
    expect(text).toContain('gateway_upstream_requests_total{service="salesforce",operation="query",outcome="rejected"} 1');
  });

  it('times a call out as UPSTREAM_UNAVAILABLE and aborts its signal', async () => {
    const { policy, metrics } = policyFor({ service: 'stigg' });
    let seen: AbortSignal | undefined;
    const call = policy.execute('getCustomer', (signal) => { seen = signal; return new Promise<never>(() => undefined); })
      .catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(1_000);
    const err = await call;
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Stigg did not answer within 1000 ms (getCustomer timed out).',
      extensions: { service: 'stigg', operation: 'getCustomer', timeoutMs: 1_000 },
    });
    expect(seen?.aborted).toBe(true);
    expect(await metrics.text()).toContain('gateway_upstream_requests_total{service="stigg",operation="getCustomer",outcome="timeout"} 1');
  });

  it('opens after consecutive unavailable failures, fails fast while open, and closes after a good trial call', async () => {
    const { policy, states, metrics } = policyFor();
    for (let i = 0; i < 3; i += 1) await failWith(policy, unavailable);
    expect(policy.isOpen()).toBe(true);
    expect(states).toEqual(['open']);
    expect(await metrics.text()).toContain('gateway_circuit_state{service="salesforce"} 1');

    const fn = jest.fn(async () => 'never called');
    const err = await policy.execute('query', fn).catch((e: unknown) => e);
    expect(fn).not.toHaveBeenCalled();
    expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', extensions: { service: 'salesforce', operation: 'query', circuit: 'open' } });
    expect(await metrics.text()).toContain('outcome="short_circuited"} 1');

    await jest.advanceTimersByTimeAsync(30_000);
    await expect(policy.execute('query', async () => 'back')).resolves.toBe('back');
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(policy.isOpen()).toBe(false);
    expect(await metrics.text()).toContain('gateway_circuit_state{service="salesforce"} 0');
  });

  it('counts timeouts and connection errors, GatewayErrors included', async () => {
    const { policy } = policyFor();
    const slow = policy.execute('query', () => new Promise<never>(() => undefined)).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(1_000);
    await slow;
    await failWith(policy, () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(policy.isOpen()).toBe(false);
    await failWith(policy, () => toSalesforceError({ errorCode: 'ERROR_HTTP_502' }, 'query'));
    expect(policy.isOpen()).toBe(true);
  });

  it('does not count business rejections, and a success resets the count', async () => {
    const { policy } = policyFor();
    for (let i = 0; i < 10; i += 1) await failWith(policy, rejected);
    await failWith(policy, () => new GatewayError('UPSTREAM_REJECTED', 'no', { service: 'salesforce' }));
    await failWith(policy, () => Object.assign(new Error('Not Found'), { statusCode: 404 }));
    expect(policy.isOpen()).toBe(false);
    await failWith(policy, unavailable);
    await failWith(policy, unavailable);
    await policy.execute('query', async () => 'ok');
    await failWith(policy, unavailable);
    await failWith(policy, unavailable);
    expect(policy.isOpen()).toBe(false);
  });

  it('opens at once on Salesforce REQUEST_LIMIT_EXCEEDED and then fails fast as UPSTREAM_RATE_LIMITED', async () => {
    const { policy, metrics } = policyFor();
    const first = quotaExceeded();
    expect(await failWith(policy, () => first)).toBe(first);
    expect(policy.isOpen()).toBe(true);
    const err = await failWith(policy, () => new Error('not called'));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      extensions: { service: 'salesforce', operation: 'query', upstreamCode: 'REQUEST_LIMIT_EXCEEDED', circuit: 'open' },
    });
    expect(await metrics.text()).toContain('outcome="rate_limited"} 1');
  });

  it('recognises the quota error once mapped to a GatewayError, and reopens when the trial call hits it again', async () => {
    const { policy, states } = policyFor();
    const mapped = () => toSalesforceError({ errorCode: 'REQUEST_LIMIT_EXCEEDED' }, 'query');
    await failWith(policy, mapped);
    expect(policy.isOpen()).toBe(true);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(await failWith(policy, mapped)).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', extensions: { upstreamCode: 'REQUEST_LIMIT_EXCEEDED' } });
    expect(states).toEqual(['open', 'half-open', 'open']);
    expect(await failWith(policy, () => new Error('not called'))).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', extensions: { circuit: 'open' } });
  });

  it('after a quota opening, a recovery followed by an outage reports UPSTREAM_UNAVAILABLE', async () => {
    const { policy } = policyFor({ breaker: { halfOpenAfterMs: 1_000, consecutiveFailures: 1 } });
    await failWith(policy, quotaExceeded);
    await jest.advanceTimersByTimeAsync(1_000);
    await policy.execute('query', async () => 'ok');
    await failWith(policy, unavailable);
    expect(await failWith(policy, () => new Error('not called'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('can be opened by hand, and half-opens like any other opening', async () => {
    const { policy, states } = policyFor();
    await policy.open('quota-exhausted');
    expect(policy.isOpen()).toBe(true);
    expect(policy.state()).toBe('open');
    expect(await failWith(policy, () => new Error('not called'))).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    await policy.open('unavailable'); // already open: stays open
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(policy.execute('query', async () => 'ok')).resolves.toBe('ok');
    expect(states).toEqual(['open', 'half-open', 'closed']);

    await policy.open('unavailable');
    expect(await failWith(policy, () => new Error('not called'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('fails fast as UPSTREAM_RATE_LIMITED when 429s the client gave up on opened it', async () => {
    const { policy } = policyFor({ service: 'stigg' });
    for (let i = 0; i < 3; i += 1) await failWith(policy, () => Object.assign(new Error('Too Many Requests'), { networkError: { statusCode: 429 } }));
    expect(await failWith(policy, () => new Error('not called'))).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED', extensions: { service: 'stigg', circuit: 'open' },
    });
  });

  it('has no retry: a failing call runs once', async () => {
    const { policy } = policyFor();
    const fn = jest.fn(async () => { throw unavailable(); });
    await policy.execute('query', fn).catch(() => undefined);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
