import { createUpstreamPolicy, UpstreamPolicy } from './upstream-policy';
import { UpstreamMetrics } from './upstream-metrics';

export interface GatewayUpstreamPolicies {
  salesforce: UpstreamPolicy;
  stigg: UpstreamPolicy;
}

/** The timeout and breaker of each upstream: Salesforce 30 s, Stigg 25 s; 5 failures in a row open it for 10 s. */
export function gatewayUpstreamPolicies(metrics?: UpstreamMetrics): GatewayUpstreamPolicies {
  return {
    salesforce: createUpstreamPolicy({ service: 'salesforce', timeoutMs: 30_000, breaker: { halfOpenAfterMs: 10_000, consecutiveFailures: 5 }, metrics }),
    stigg: createUpstreamPolicy({ service: 'stigg', timeoutMs: 25_000, breaker: { halfOpenAfterMs: 10_000, consecutiveFailures: 5 }, metrics }),
  };
}
