import { GatewayConfig, SalesforceAuth } from '../../config/gateway-config';
import { RequestLoaders } from '../loaders/request-loaders';
import { createLogger } from '../../observability/logger';
import { ProductMappings } from '../catalog/product-mappings';
import { ProvisioningSaga } from '../provisioning/provisioning-saga';
import { ProvisioningService } from '../provisioning/provisioning-service';
import { UpstreamPolicy } from '../resilience/upstream-policy';
import { QuotaGuard } from '../resilience/salesforce-quota-guard';
import { openSalesforceConnection } from '../salesforce/salesforce-connection';
import { RecordMappers } from '../salesforce/record-mappers';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { SalesforceWriteBack } from '../salesforce/write-back';
import { stiggPacerFor } from '../stigg/pacing';
import { openStiggGateway, StiggGateway } from '../stigg/stigg-gateway';
import { NoJournal, ReadOnlySalesforceClient } from './write-guards';

/*
 * The gateway's read side, wired as `createGatewayServices` wires it (same policies, quota guard,
 * mappers, pacing, Stigg reader) but with no journal and Salesforce's write door shut
 * (write-guards.ts). Opened in steps so each login is checked on its own.
 */

/** Salesforce as preflight reads it. */
export interface PreflightSalesforce {
  client: ReadOnlySalesforceClient;
  records: SalesforceRecords;
  productMappings: ProductMappings;
}

const silentLogger = createLogger('silent');

/** Logs in (client credentials and JWT bearer ask for a token here; a ready session is first used by the next call). */
export async function openPreflightSalesforce(config: GatewayConfig, auth: SalesforceAuth, policy: UpstreamPolicy): Promise<PreflightSalesforce> {
  const conn = await openSalesforceConnection(auth, config.salesforce.apiVersion);
  const client = new ReadOnlySalesforceClient(conn, policy, new QuotaGuard());
  const records = new SalesforceRecords(client, config.salesforce.fields, new RecordMappers(config.salesforce.fields, config.defaultCurrency));
  return { client, records, productMappings: new ProductMappings(records) };
}

export async function openPreflightStigg(config: GatewayConfig, apiKey: string, policy: UpstreamPolicy): Promise<StiggGateway> {
  return openStiggGateway({ apiKey, baseUri: config.stigg.baseUri }, policy, stiggPacerFor(config.stigg.pacing));
}

/** One set of loaders for the whole preflight, as one GraphQL request has: the catalog is read once. */
export function preflightLoaders(salesforce: PreflightSalesforce, stigg: StiggGateway): RequestLoaders {
  return new RequestLoaders(salesforce.records, stigg.reader, { runsByOpportunityIds: async () => [] });
}

/**
 * The gateway's ProvisioningService, for its `preview` (planning-input-reader + planner, as
 * `previewProvisioning` runs it). Its journal is a NoJournal, so `provision` could not even
 * start, and its saga would write through the read-only client.
 */
export function previewOnlyProvisioning(config: GatewayConfig, salesforce: PreflightSalesforce, stigg: StiggGateway): ProvisioningService {
  const journal = new NoJournal();
  const saga = new ProvisioningSaga({
    journal,
    stigg,
    writeBack: new SalesforceWriteBack(salesforce.client, config.salesforce.fields),
    hook: null,
    leaseMs: config.provisioning.leaseMs,
    logger: silentLogger,
  });
  return new ProvisioningService(journal, saga, config.defaultCurrency, config.provisioning.leaseMs);
}
