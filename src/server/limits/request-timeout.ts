import { GatewayError } from '../../errors/gateway-error';

/**
 * Settles like `work`, or rejects with REQUEST_TIMEOUT once `ms` have passed.
 * The work itself is not cancelled: a provisioning step already sent keeps
 * running and is journaled, so the caller can ask again and resume.
 */
export function withRequestTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayError('REQUEST_TIMEOUT',
      `The request did not finish within ${ms} ms.`, { timeoutMs: ms })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
