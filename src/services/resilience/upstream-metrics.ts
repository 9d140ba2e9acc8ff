import { UpstreamService } from './upstream-service';

export type CircuitStateName = 'closed' | 'open' | 'half-open';

/**
 * What an upstream call ended as: `ok`, `rejected` (a 4xx business answer:
 * the upstream is fine), `unavailable` (5xx, connection error), `rate_limited`
 * (429, Salesforce's REQUEST_LIMIT_EXCEEDED), `timeout`, or `short_circuited`
 * (refused by an open breaker or the quota guard without calling).
 */
export type UpstreamOutcome = 'ok' | 'rejected' | 'unavailable' | 'rate_limited' | 'timeout' | 'short_circuited';

/**
 * The part of the gateway's metrics the resilience policies write to. The
 * server's GatewayMetrics implements it; the policies and the quota guard see
 * only this interface.
 */
export interface UpstreamMetrics {
  recordUpstreamCall(service: UpstreamService, operation: string, outcome: UpstreamOutcome, seconds: number): void;
  setCircuitState(service: UpstreamService, state: CircuitStateName): void;
}

/** The Salesforce org's daily API request allowance, as last reported by `Sforce-Limit-Info`. */
export interface SalesforceQuotaMetrics {
  setSalesforceApiUsage(used: number, limit: number): void;
}
