import type { GatewayTracing } from './gateway-tracing';
import { TracingConfig } from './tracing-config';

/**
 * Starts tracing when the configuration switches it on; null otherwise. OpenTelemetry's SDK
 * (about 200 ms and 17 MB to load on this machine) is loaded here, when tracing is on, and only
 * then: a gateway with tracing off never loads it.
 */
export async function startTracing(config: TracingConfig): Promise<GatewayTracing | null> {
  if (!config.enabled) return null;
  const { createGatewayTracing } = await import('./gateway-tracing');
  return createGatewayTracing(config);
}
