import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CircuitStateName, SalesforceQuotaMetrics, UpstreamMetrics, UpstreamOutcome } from '../../services/resilience/upstream-metrics';
import { UpstreamService } from '../../services/resilience/upstream-service';
import { AutomationMetrics } from '../../services/automation/automation-metrics';
import { StiggWebhookMetrics } from '../../services/stigg-webhooks/stigg-webhook-metrics';

export interface GatewayMetricsOptions {
  /** Process and Node.js metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
  /**
   * Distinct operation names recorded before further names are counted as
   * `other`: operation names come from callers, and every label value is a
   * time series kept for ever.
   */
  maxOperationNames?: number;
}

const CIRCUIT_STATE_VALUES: Record<CircuitStateName, number> = { closed: 0, open: 1, 'half-open': 2 };
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics, in a registry of their own (never
 * prom-client's global one), served at GET /metrics.
 */
export class GatewayMetrics implements UpstreamMetrics, SalesforceQuotaMetrics, AutomationMetrics, StiggWebhookMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly maxOperationNames: number;

  private readonly requests = new Counter({
    name: 'gateway_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly requestDuration = new Histogram({
    name: 'gateway_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by operation name.',
    labelNames: ['operation'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly upstreamRequests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Calls to Salesforce and Stigg by service, operation and outcome.',
    labelNames: ['service', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_duration_seconds',
    help: 'Time taken by calls to Salesforce and Stigg, by service and operation.',
    labelNames: ['service', 'operation'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly provisioningRuns = new Counter({
    name: 'gateway_provisioning_runs_total',
    help: 'Provisioning runs that ended, by kind (SUBSCRIPTION, TRIAL) and status.',
    labelNames: ['kind', 'status'] as const,
    registers: [this.registry],
  });

  private readonly salesforceApiRemaining = new Gauge({
    name: 'gateway_salesforce_api_requests_remaining',
    help: 'Salesforce API requests the org has left in its 24-hour allowance (from Sforce-Limit-Info).',
    registers: [this.registry],
  });

  private readonly salesforceApiLimit = new Gauge({
    name: 'gateway_salesforce_api_requests_limit',
    help: "The Salesforce org's 24-hour API request allowance (from Sforce-Limit-Info).",
    registers: [this.registry],
  });

  private readonly circuitState = new Gauge({
    name: 'gateway_circuit_state',
    help: 'Circuit breaker state per upstream: 0 closed, 1 open, 2 half-open.',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });

  private readonly reconciliationDrifts = new Gauge({
    name: 'gateway_reconciliation_drifts',
    help: 'Drifts between Salesforce and Stigg the last scheduled reconciliation found, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly stiggWebhooksReceived = new Counter({
    name: 'gateway_stigg_webhooks_received_total',
    help: 'Requests to POST /webhooks/stigg, by outcome (journaled, duplicate, ignored, bad_event, refused_no_secret, refused_wrong_secret, refused_stale_timestamp).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly stiggWebhookApplications = new Counter({
    name: 'gateway_stigg_webhook_applications_total',
    help: 'Applications of journaled Stigg events to Salesforce, by outcome (applied, retried, failed: given up).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly reconciliationResyncs = new Counter({
    name: 'gateway_reconciliation_resyncs_total',
    help: 'Opportunities the scheduled reconciliation resynced (RECONCILIATION_AUTO_RESYNC), by outcome (ok, or the error code).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: GatewayMetricsOptions = {}) {
    this.maxOperationNames = options.maxOperationNames ?? 200;
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The Content-Type to serve `text()` with. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the Prometheus text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  recordRequest(operation: string, outcome: string, seconds: number): void {
    const name = this.operationLabel(operation);
    this.requests.inc({ operation: name, outcome });
    this.requestDuration.observe({ operation: name }, seconds);
  }

  recordUpstreamCall(service: UpstreamService, operation: string, outcome: UpstreamOutcome, seconds: number): void {
    this.upstreamRequests.inc({ service, operation, outcome });
    this.upstreamDuration.observe({ service, operation }, seconds);
  }

  recordProvisioningRun(kind: string, status: string): void {
    this.provisioningRuns.inc({ kind, status });
  }

  private readonly automationEvents = new Counter({
    name: 'gateway_automation_events_total',
    help: 'Opportunity change events handled by Closed/Won automation, by outcome (provisioned, previewed, needs_attention, duplicate, ignored, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly automationSweepFindings = new Counter({
    name: 'gateway_automation_sweep_findings_total',
    help: 'Won, unprovisioned opportunities the sweep found with no run: each an event that was missed (or closed while automation was off).',
    registers: [this.registry],
  });

  private readonly automationRetries = new Counter({
    name: 'gateway_automation_retries_total',
    help: "Automatic retries of FAILED runs, by the run's status after the retry (or the error code when it could not start).",
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly automationNeedsAttention = new Counter({
    name: 'gateway_automation_needs_attention_total',
    help: 'Runs that became NEEDS_ATTENTION (retries spent, or an automatically triggered deal failing a precondition), by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly automationSubscribed = new Gauge({
    name: 'gateway_automation_subscribed',
    help: "1 while this replica's change-event subscription is connected, else 0.",
    registers: [this.registry],
  });

  private readonly automationLag = new Histogram({
    name: 'gateway_automation_lag_seconds',
    help: "Time from a change event's commit in Salesforce to the end of its batch's handling here.",
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });

  recordAutomationEvent(outcome: string): void {
    this.automationEvents.inc({ outcome });
  }

  recordSweepFinding(): void {
    this.automationSweepFindings.inc();
  }

  recordAutomaticRetry(outcome: string): void {
    this.automationRetries.inc({ outcome });
  }

  recordNeedsAttention(kind: string): void {
    this.automationNeedsAttention.inc({ kind });
  }

  setAutomationSubscribed(subscribed: boolean): void {
    this.automationSubscribed.set(subscribed ? 1 : 0);
  }

  observeAutomationLag(seconds: number): void {
    this.automationLag.observe(seconds);
  }

  setSalesforceApiUsage(used: number, limit: number): void {
    this.salesforceApiLimit.set(limit);
    this.salesforceApiRemaining.set(Math.max(0, limit - used));
  }

  setCircuitState(service: UpstreamService, state: CircuitStateName): void {
    this.circuitState.set({ service }, CIRCUIT_STATE_VALUES[state]);
  }

  /** The scheduled reconciliation's count of each drift kind (every kind set, 0 included). */
  setReconciliationDrifts(counts: Readonly<Record<string, number>>): void {
    for (const [kind, count] of Object.entries(counts)) this.reconciliationDrifts.set({ kind }, count);
  }

  recordStiggWebhookReceived(outcome: string): void {
    this.stiggWebhooksReceived.inc({ outcome });
  }

  recordStiggWebhookApplied(outcome: 'applied' | 'retried' | 'failed'): void {
    this.stiggWebhookApplications.inc({ outcome });
  }

  recordReconciliationResync(outcome: string): void {
    this.reconciliationResyncs.inc({ outcome });
  }

  private operationLabel(operation: string): string {
    if (this.operationNames.has(operation)) return operation;
    if (this.operationNames.size >= this.maxOperationNames) return 'other';
    this.operationNames.add(operation);
    return operation;
  }
}
