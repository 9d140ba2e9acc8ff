/**
 * What the Stigg webhooks count (the server's GatewayMetrics implements it): each request received
 * (`journaled`, `duplicate`, `ignored`, `bad_event`, `refused_no_secret`, `refused_wrong_secret`,
 * `refused_stale_timestamp`) and each application of a journaled event (`applied`, `retried`,
 * `failed`: given up after the last attempt).
 */
export interface StiggWebhookMetrics {
  recordStiggWebhookReceived(outcome: string): void;
  recordStiggWebhookApplied(outcome: 'applied' | 'retried' | 'failed'): void;
}
