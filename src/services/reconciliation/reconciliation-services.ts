import { GatewayConfig } from '../../config/gateway-config';
import { Logger } from '../../observability/logger';
import { RequestLoaders } from '../loaders/request-loaders';
import { MirroredValuesReader } from '../salesforce-mirror/mirrored-values-reader';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { StiggBatchReader } from '../stigg/stigg-batch-reader';
import { OpportunityInspector } from './opportunity-inspector';
import { OpportunityResync } from './opportunity-resync';
import { ReconciliationService } from './reconciliation-service';
import { ReconciliationMetrics, ReconciliationState, ReconciliationTimer, ScheduledReconciliation } from './scheduled-reconciliation';
import { WonOpportunityPages } from './won-opportunity-page';

/** Reconciliation's three faces: the `reconciliation` query, `resyncOpportunity`, and the scheduled run. */
export interface Reconciliation {
  service: ReconciliationService;
  resync: OpportunityResync;
  scheduled: ScheduledReconciliation;
}

export interface ReconciliationWiring {
  config: GatewayConfig;
  client: SalesforceClient;
  records: SalesforceRecords;
  stigg: StiggBatchReader;
  metrics: ReconciliationMetrics;
  logger: Logger;
  /** The journal's named state (journal.automation): findings already logged, the schedule's lease. */
  state?: ReconciliationState | null;
  timer?: ReconciliationTimer;
}

/** Builds reconciliation from the gateway's clients; the scheduled run starts with `scheduled.start()`. */
export function createReconciliation(w: ReconciliationWiring): Reconciliation {
  const mirrorValues = new MirroredValuesReader(w.client);
  const fields = w.config.salesforce.fields;
  const mirrorFields = w.config.salesforce.mirrorFields;
  const inspector = new OpportunityInspector({
    records: w.records, mirrorValues, mirrorFields, defaultCurrency: w.config.defaultCurrency, now: () => new Date(),
  });
  const service = new ReconciliationService({ pages: new WonOpportunityPages(w.client, w.records), inspector, stigg: w.stigg, fields });
  const resync = new OpportunityResync({ inspector, client: w.client, mirrorValues, fields, mirrorFields });
  const scheduled = new ScheduledReconciliation({
    service,
    resync,
    // A run reads Stigg and Salesforce afresh: loaders of its own, never a request's.
    newLoaders: () => new RequestLoaders(w.records, w.stigg, { runsByOpportunityIds: async () => [] }),
    metrics: w.metrics,
    logger: w.logger,
    intervalMs: w.config.reconciliation.intervalMs,
    autoResync: w.config.reconciliation.autoResync,
    timer: w.timer,
    state: w.state ?? null,
  });
  return { service, resync, scheduled };
}
