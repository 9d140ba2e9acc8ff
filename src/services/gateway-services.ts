import { GatewayConfig } from '../config/gateway-config';
import { Logger } from '../observability/logger';
import type { GatewayTracing } from '../observability/tracing/gateway-tracing';
import { SalesforceClient } from './salesforce/salesforce-client';
import { SalesforceRecords } from './salesforce/salesforce-records';
import { RecordMappers } from './salesforce/record-mappers';
import { OpportunitySearch } from './salesforce/opportunity-search';
import { SalesforceWriteBack } from './salesforce/write-back';
import { openSalesforceConnection } from './salesforce/salesforce-connection';
import { OpportunityReads } from './opportunities/opportunity-reads';
import { ProductMappings } from './catalog/product-mappings';
import { StiggReader } from './stigg/stigg-reader';
import { StiggGateway, openStiggGateway } from './stigg/stigg-gateway';
import { RateLimitStore, stiggPacerFor } from './stigg/pacing';
import { SalesforceAuth } from '../config/gateway-config';
import { ApiKeyRepository, Journal, openJournal } from './journal';
import { ProvisioningSaga } from './provisioning/provisioning-saga';
import { ProvisioningService } from './provisioning/provisioning-service';
import { ProvisioningRuns } from './provisioning/provisioning-runs';
import { SubscriptionLifecycle } from './provisioning/subscription-lifecycle';
import { AutomationMetrics } from './automation/automation-metrics';
import { createAutomation } from './automation/automation-services';
import { ClosedWonAutomation } from './automation/closed-won-automation';
import { RunRetries } from './automation/run-retries';
import { CreditGrants } from './credits/credit-grants';
import { AuditTrail } from './audit/audit-trail';
import { ExtraBatchReads } from './loaders/request-loaders';
import { UpstreamPolicy } from './resilience/upstream-policy';
import { gatewayUpstreamPolicies } from './resilience/gateway-upstream-policies';
import { QuotaGuard } from './resilience/salesforce-quota-guard';
import { SalesforceQuotaMetrics, UpstreamMetrics } from './resilience/upstream-metrics';
import { SalesforceMirror } from './salesforce-mirror/salesforce-mirror';
import { createStiggWebhooks, StiggWebhooks } from './stigg-webhooks/stigg-webhooks';
import { StiggWebhookMetrics } from './stigg-webhooks/stigg-webhook-metrics';
import { createReconciliation, Reconciliation } from './reconciliation/reconciliation-services';
import { ReconciliationMetrics } from './reconciliation/scheduled-reconciliation';

/** Where the upstreams are, once sandbox mode has started its emulators. */
export interface UpstreamEndpoints {
  salesforce: SalesforceAuth;
  stigg: { apiKey: string; baseUri: string };
  /** The Pub/Sub API's host:port when it is not config.automation.pubsubEndpoint (sandbox mode: the emulator's). */
  pubsubEndpoint?: string;
}

/** The metrics the services write to (the server's GatewayMetrics implements it). */
export interface ServiceMetrics extends AutomationMetrics, UpstreamMetrics, SalesforceQuotaMetrics, ReconciliationMetrics, StiggWebhookMetrics {
  recordProvisioningRun(kind: string, status: string): void;
}

/** Every service the resolvers, the request loaders and the server's probes call, built once at start. */
export interface GatewayServices {
  journal: Journal;
  /**
   * The API keys callers may present (`npm run keys`): the journal's own, or, in sandbox mode
   * with a temporary journal, the sandbox's key journal (config.journal.keysSqlitePath).
   */
  apiKeys: ApiKeyRepository;
  salesforceClient: SalesforceClient;
  salesforceRecords: SalesforceRecords;
  opportunities: OpportunityReads;
  productMappings: ProductMappings;
  stigg: StiggGateway;
  stiggReader: StiggReader;
  batchReads: ExtraBatchReads;
  provisioning: ProvisioningService;
  provisioningRuns: ProvisioningRuns;
  /** Amendments, cancellations and withdrawals of scheduled changes. */
  lifecycle: SubscriptionLifecycle;
  /** Closed/Won automation: change events, the sweep, automatic retries (started by the gateway, stopped by `close`). */
  automation: ClosedWonAutomation;
  /** retryProvisioning. */
  runRetries: RunRetries;
  credits: CreditGrants;
  /** The audit log of mutations (who, what, outcome); the resolvers' `@Audited` middleware writes it. */
  audit: AuditTrail;
  /** Salesforce's mirror of Stigg's state (status, plan, trial end, cancellation date, credit balances). */
  salesforceMirror: SalesforceMirror;
  /** POST /webhooks/stigg's receiver and the worker applying journaled events; null when STIGG_WEBHOOK_SECRET is unset. */
  stiggWebhooks: StiggWebhooks | null;
  /** `reconciliation`, `resyncOpportunity` and the scheduled reconciliation (started by the gateway, stopped by `close`). */
  reconciliation: Reconciliation;
  policies: { salesforce: UpstreamPolicy; stigg: UpstreamPolicy };
  /** Rate-limit counters (the per-key limit, Stigg's budgets): in PostgreSQL with DATABASE_URL, shared by every replica; else in memory. */
  rateLimits: RateLimitStore;
  close(): Promise<void>;
}

export async function createGatewayServices(
  config: GatewayConfig, upstreams: UpstreamEndpoints, logger: Logger, metrics: ServiceMetrics,
  /** OpenTelemetry when it is on: upstream and journal calls get spans, upstream requests a traceparent. */
  tracing: GatewayTracing | null = null,
): Promise<GatewayServices> {
  const policies = gatewayUpstreamPolicies(config, metrics, tracing);
  const openedJournal = await openJournal({ databaseUrl: config.journal.databaseUrl, sqlitePath: config.journal.sqlitePath, logger });
  const journal = tracing ? tracing.tracedJournal(openedJournal) : openedJournal;
  let keysJournal: Journal | null = null;
  let rateLimits: RateLimitStore | null = null;
  try {
    if (config.journal.keysSqlitePath) keysJournal = await openJournal({ sqlitePath: config.journal.keysSqlitePath, logger });
    rateLimits = await RateLimitStore.open({ databaseUrl: config.journal.databaseUrl, logger });
    const conn = await openSalesforceConnection(upstreams.salesforce, config.salesforce.apiVersion, { tracing });
    const salesforceClient = new SalesforceClient(conn, policies.salesforce, new QuotaGuard({ metrics }));
    const mappers = new RecordMappers(config.salesforce.fields, config.defaultCurrency);
    const salesforceRecords = new SalesforceRecords(salesforceClient, config.salesforce.fields, mappers);
    const search = new OpportunitySearch(salesforceClient, salesforceRecords, config.salesforce.fields, mappers);
    const stigg = await openStiggGateway(upstreams.stigg, policies.stigg, stiggPacerFor(config.stigg.pacing, rateLimits), tracing);
    const writeBack = new SalesforceWriteBack(salesforceClient, config.salesforce.fields,
      config.automation.mode === 'off' ? null : config.automation.fields.provisioningError);
    const saga = new ProvisioningSaga({
      journal,
      stigg,
      writeBack,
      hook: config.hook.url ? { url: config.hook.url, secret: config.hook.secret, timeoutMs: config.hook.timeoutMs } : null,
      leaseMs: config.provisioning.leaseMs,
      logger,
      onFinished: (run) => metrics.recordProvisioningRun(run.kind, run.status),
    });
    const provisioning = new ProvisioningService(journal, saga, config.defaultCurrency, config.provisioning.leaseMs);
    const audit = new AuditTrail(journal, logger);
    const provisioningRuns = new ProvisioningRuns(journal, provisioning);
    const reconciliation = createReconciliation({ config, client: salesforceClient, records: salesforceRecords, stigg: stigg.reader, metrics, logger, state: journal.automation });
    const automation = createAutomation({
      config, pubsubEndpoint: upstreams.pubsubEndpoint ?? config.automation.pubsubEndpoint, journal, salesforceClient, salesforceRecords, stigg,
      batchReads: { runsByOpportunityIds: (ids) => provisioningRuns.byOpportunityIds(ids) }, provisioning, writeBack, metrics, logger,
    });
    const salesforceMirror = new SalesforceMirror({
      client: salesforceClient, records: salesforceRecords, stigg: stigg.reader, fields: config.salesforce.mirrorFields,
    });
    const stiggWebhooks = createStiggWebhooks(config, journal, salesforceClient, salesforceMirror, logger, metrics);
    // Applies journaled events (those of a previous run too) until close().
    stiggWebhooks?.worker.start();
    return {
      journal,
      apiKeys: (keysJournal ?? journal).apiKeys,
      salesforceClient,
      salesforceRecords,
      opportunities: new OpportunityReads(search),
      productMappings: new ProductMappings(salesforceRecords),
      stigg,
      stiggReader: stigg.reader,
      batchReads: {
        runsByOpportunityIds: (ids) => provisioningRuns.byOpportunityIds(ids),
      },
      provisioning,
      provisioningRuns,
      automation: automation.automation,
      runRetries: automation.runRetries,
      lifecycle: new SubscriptionLifecycle(journal, provisioning, stigg, writeBack, config.salesforce.renewalType, logger),
      credits: new CreditGrants(stigg, journal),
      audit,
      salesforceMirror,
      stiggWebhooks,
      policies,
      rateLimits,
      reconciliation,
      async close() {
        await stiggWebhooks?.worker.stop();
        await reconciliation.scheduled.stop();
        await automation.automation.stop();
        await stigg.close();
        await journal.close();
        await keysJournal?.close();
        await rateLimits?.close();
      },
    };
  } catch (err) {
    await journal.close();
    await keysJournal?.close();
    await rateLimits?.close();
    throw err;
  }
}
