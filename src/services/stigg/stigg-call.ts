import { UpstreamPolicy } from '../resilience/upstream-policy';
import { toStiggError } from './stigg-error';
import { StiggPacer } from './pacing';

/**
 * One Stigg call: paced first (the client-side token buckets of Stigg's
 * published limits, per operation and per entity, so the gateway waits its
 * turn instead of bouncing off 429s), then under the upstream policy
 * (timeout, breaker), its errors as GatewayErrors.
 */
export async function callStigg<T>(
  policy: UpstreamPolicy | null, operation: string, fn: () => Promise<T>,
  pacer: StiggPacer | null = null, entity: string | null = null,
): Promise<T> {
  await pacer?.pace(operation, entity);
  const call = async (): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toStiggError(err, operation);
    }
  };
  return policy ? policy.execute(operation, call) : call();
}
