import { GatewayError } from '../../src/errors/gateway-error';
import { withRequestTimeout } from '../../src/server/limits/request-timeout';

describe('withRequestTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('passes through a result that comes in time', async () => {
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('done'), 50));
    const result = withRequestTimeout(work, 100);
    await jest.advanceTimersByTimeAsync(50);
    await expect(result).resolves.toBe('done');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('passes through a failure that comes in time', async () => {
    await expect(withRequestTimeout(Promise.reject(new Error('boom')), 100)).rejects.toThrow('boom');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with REQUEST_TIMEOUT when the work takes longer', async () => {
    const result = withRequestTimeout(new Promise(() => undefined), 100);
    const caught = result.catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(100);
    const err = await caught;
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ code: 'REQUEST_TIMEOUT', message: 'The request did not finish within 100 ms.', extensions: { timeoutMs: 100 } });
  });
});
