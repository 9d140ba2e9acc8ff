import { GatewayConfig } from '../../../config/gateway-config';
import { StiggPacer } from './stigg-pacer';

/** The client-side pacer STIGG_PACING asks for, or null when it is off. */
export function stiggPacerFor(pacing: GatewayConfig['stigg']['pacing']): StiggPacer | null {
  return pacing.enabled ? new StiggPacer({ windowMs: pacing.windowMs, share: pacing.share }) : null;
}
