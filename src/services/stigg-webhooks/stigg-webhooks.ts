import { GatewayConfig } from '../../config/gateway-config';
import { Logger } from '../../observability/logger';
import { Journal } from '../journal';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { SalesforceMirror } from '../salesforce-mirror/salesforce-mirror';
import { PaymentFailureWriter } from './payment-failure-writer';
import { StiggWebhookApplication } from './stigg-webhook-application';
import { StiggWebhookReceiver } from './stigg-webhook-receiver';
import { StiggWebhookWorker } from './stigg-webhook-worker';
import { StiggWebhookMetrics } from './stigg-webhook-metrics';

/**
 * Stigg's webhooks into Salesforce (README "Stigg webhooks"): the receiver behind POST /webhooks/stigg
 * (authenticity, then the journal) and the worker that applies journaled events through the
 * Salesforce mirror. Null when STIGG_WEBHOOK_SECRET is not set: the route answers 404.
 */
export interface StiggWebhooks {
  /** STIGG_WEBHOOK_SECRET (the route checks it before reading a body; never logged). */
  secret: string;
  receiver: StiggWebhookReceiver;
  worker: StiggWebhookWorker;
}

export function createStiggWebhooks(
  config: GatewayConfig, journal: Journal, client: SalesforceClient, mirror: SalesforceMirror, logger: Logger,
  metrics: StiggWebhookMetrics | null = null,
): StiggWebhooks | null {
  const secret = config.stiggWebhooks.secret;
  if (!secret) return null;
  const log = logger.child({ component: 'stigg-webhooks' });
  const application = new StiggWebhookApplication(mirror, new PaymentFailureWriter(client, config.salesforce.mirrorFields), log);
  const worker = new StiggWebhookWorker({
    events: journal.stiggWebhookEvents,
    apply: (event) => application.apply(event),
    logger: log,
    retryBaseMs: config.stiggWebhooks.retryBaseMs,
    metrics,
  });
  const receiver = new StiggWebhookReceiver({
    secret,
    toleranceMs: config.stiggWebhooks.toleranceMs,
    events: journal.stiggWebhookEvents,
    logger: log,
    onJournaled: () => worker.nudge(),
    metrics,
  });
  return { secret, receiver, worker };
}
