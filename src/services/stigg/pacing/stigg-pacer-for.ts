import { GatewayConfig } from '../../../config/gateway-config';
import { RateLimitStore } from './rate-limit-store';
import { StiggPacer } from './stigg-pacer';

/** The client-side pacer STIGG_PACING asks for (its budgets in `store`), or null when it is off. */
export function stiggPacerFor(pacing: GatewayConfig['stigg']['pacing'], store: RateLimitStore = RateLimitStore.memory()): StiggPacer | null {
  return pacing.enabled ? new StiggPacer({ store, windowMs: pacing.windowMs, share: pacing.share }) : null;
}
