import { GatewayConfig } from '../../config/gateway-config';
import { createUpstreamPolicy, UpstreamPolicy } from './upstream-policy';
import { UpstreamMetrics } from './upstream-metrics';

export interface GatewayUpstreamPolicies {
  salesforce: UpstreamPolicy;
  stigg: UpstreamPolicy;
}

/**
 * The timeout and breaker of each upstream: Salesforce 30 s, Stigg 25 s; `breaker.failures` in a row
 * (UPSTREAM_BREAKER_FAILURES, default 5) open it for `breaker.halfOpenMs` (UPSTREAM_BREAKER_HALF_OPEN_MS, default 10 s).
 */
export function gatewayUpstreamPolicies(config: Pick<GatewayConfig, 'breaker'>, metrics?: UpstreamMetrics): GatewayUpstreamPolicies {
  const breaker = { halfOpenAfterMs: config.breaker.halfOpenMs, consecutiveFailures: config.breaker.failures };
  return {
    salesforce: createUpstreamPolicy({ service: 'salesforce', timeoutMs: 30_000, breaker, metrics }),
    stigg: createUpstreamPolicy({ service: 'stigg', timeoutMs: 25_000, breaker, metrics }),
  };
}
