import { GatewayConfig } from '../../config/gateway-config';
import { Logger } from '../../observability/logger';
import { Journal } from '../journal';
import { ExtraBatchReads, RequestLoaders } from '../loaders/request-loaders';
import { ProvisioningService } from '../provisioning/provisioning-service';
import { SubscriptionLifecycle } from '../provisioning/subscription-lifecycle';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { SalesforceWriteBack } from '../salesforce/write-back';
import { StiggGateway } from '../stigg/stigg-gateway';
import { AutomationMetrics } from './automation-metrics';
import { ChangeEventSubscriber } from './change-event-subscriber';
import { ClosedWonAutomation } from './closed-won-automation';
import { ClosedWonHandler } from './closed-won-handler';
import { OpportunitySweep } from './opportunity-sweep';
import { PubSubApi } from './pubsub/pubsub-api';
import { RetryPolicy } from './retry-policy';
import { RunRetries } from './run-retries';
import { WonOpportunityReads } from './won-opportunity-reads';

export interface AutomationServices {
  automation: ClosedWonAutomation;
  /** retryProvisioning, and the automatic retries. */
  runRetries: RunRetries;
}

export interface AutomationDeps {
  config: GatewayConfig;
  /** host:port of the Pub/Sub API (the sandbox's emulator in sandbox mode). */
  pubsubEndpoint: string;
  journal: Journal;
  salesforceClient: SalesforceClient;
  salesforceRecords: SalesforceRecords;
  stigg: StiggGateway;
  batchReads: ExtraBatchReads;
  provisioning: ProvisioningService;
  writeBack: SalesforceWriteBack;
  metrics: AutomationMetrics;
  logger: Logger;
}

/**
 * Builds Closed/Won automation (README, "Closed/Won automation"): the handler, the sweep, the retries
 * and the subscriber, and, with AUTOMATION_MODE=provision, the retry schedule on every run that ends
 * FAILED. Nothing runs until `automation.start()` (the gateway calls it once it listens).
 */
export function createAutomation(deps: AutomationDeps): AutomationServices {
  const { config, journal, logger, metrics } = deps;
  const automationLogger = logger.child({ component: 'automation' });
  let clock: () => Date = () => new Date();
  const now = () => clock();
  const loaders = () => new RequestLoaders(deps.salesforceRecords, deps.stigg.reader, deps.batchReads);
  const lifecycle = new SubscriptionLifecycle(journal, deps.provisioning, deps.stigg, deps.writeBack, config.salesforce.renewalType, automationLogger);
  const retryPolicy = new RetryPolicy(journal, deps.writeBack, metrics, automationLogger, now);
  if (config.automation.mode === 'provision') deps.provisioning.onRunEnded((run) => retryPolicy.runEnded(run));
  const reads = new WonOpportunityReads(deps.salesforceClient, config.salesforce.fields, config.automation.fields.paymentCollection);
  const handler = new ClosedWonHandler({
    journal, reads, provisioning: deps.provisioning, lifecycle, retryPolicy, loaders,
    mode: () => config.automation.mode,
    defaultPaymentCollection: config.automation.defaultPaymentCollection,
    renewalType: config.salesforce.renewalType,
    logger: automationLogger,
  });
  const sweep = new OpportunitySweep(journal, reads, handler, metrics, automationLogger, now);
  const runRetries = new RunRetries(journal, deps.provisioning, lifecycle, loaders, metrics, automationLogger);
  const automation = new ClosedWonAutomation({
    config: config.automation, journal, handler, sweep, retries: runRetries, metrics, logger: automationLogger, clock: now,
    leaderLeaseMs: config.automation.leaderLeaseMs,
    subscriber: (wiring) => new ChangeEventSubscriber({
      api: new PubSubApi(deps.pubsubEndpoint, async () => {
        const session = await deps.salesforceClient.sessionIdentity();
        return { accessToken: session.accessToken, instanceUrl: session.instanceUrl, tenantId: session.organizationId };
      }),
      topic: config.automation.topic,
      ...wiring,
      metrics,
      logger: automationLogger,
      clock: now,
    }),
  });
  // One clock for all of it: tests move time through automation.useClock.
  const useClock = automation.useClock.bind(automation);
  automation.useClock = (next) => {
    clock = next;
    useClock(next);
  };
  return { automation, runRetries };
}
