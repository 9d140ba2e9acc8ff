import { GatewayConfig } from '../../config/gateway-config';
import { createUpstreamPolicy, UpstreamPolicy } from './upstream-policy';
import { UpstreamMetrics } from './upstream-metrics';
import type { GatewayTracing } from '../../observability/tracing/gateway-tracing';

export interface GatewayUpstreamPolicies {
  salesforce: UpstreamPolicy;
  stigg: UpstreamPolicy;
}

/**
 * The timeout and breaker of each upstream: Salesforce 30 s, Stigg 25 s; `breaker.failures` in a row
 * (UPSTREAM_BREAKER_FAILURES, default 5) open it for `breaker.halfOpenMs` (UPSTREAM_BREAKER_HALF_OPEN_MS, default 10 s).
 * With tracing on, each call is also a span (tracedUpstreamPolicy); with it off the policies are used as they are.
 */
export function gatewayUpstreamPolicies(
  config: Pick<GatewayConfig, 'breaker'>, metrics?: UpstreamMetrics, tracing: GatewayTracing | null = null,
): GatewayUpstreamPolicies {
  const breaker = { halfOpenAfterMs: config.breaker.halfOpenMs, consecutiveFailures: config.breaker.failures };
  const traced = (policy: UpstreamPolicy): UpstreamPolicy => (tracing ? tracing.tracedUpstreamPolicy(policy) : policy);
  return {
    salesforce: traced(createUpstreamPolicy({ service: 'salesforce', timeoutMs: 30_000, breaker, metrics })),
    stigg: traced(createUpstreamPolicy({ service: 'stigg', timeoutMs: 25_000, breaker, metrics })),
  };
}
