import { UpstreamPolicy } from '../resilience/upstream-policy';
import { toStiggError } from './stigg-error';

/** One Stigg call under the upstream policy (timeout, breaker), its errors as GatewayErrors. */
export async function callStigg<T>(policy: UpstreamPolicy | null, operation: string, fn: () => Promise<T>): Promise<T> {
  const call = async (): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toStiggError(err, operation);
    }
  };
  return policy ? policy.execute(operation, call) : call();
}
