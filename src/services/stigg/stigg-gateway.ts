import Stigg, { LogLevel } from '@stigg/node-server-sdk';
import { Customer, CreditGrant } from '../../domain/stigg-entities';
import { UpstreamPolicy } from '../resilience/upstream-policy';
import { callStigg } from './stigg-call';
import { StiggPacer, stiggEntityKey } from './pacing';
import { currentRequestId, REQUEST_ID_HEADER } from '../../observability/request-scope';
import type { GatewayTracing } from '../../observability/tracing/gateway-tracing';
import { StiggBatchReader } from './stigg-batch-reader';
import { STIGG_NOT_FOUND_CODES, stiggErrorCode } from './stigg-error';
import {
  CREATE_CREDIT_GRANT, CreateCreditGrantInput, CreateCreditGrantResult, PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS,
  ProvisionSubscriptionWithEntitlementsInput, ProvisionSubscriptionWithEntitlementsResult, StiggOperations,
} from './operations';
import { keepAliveStiggPost, StiggHttpPost } from './operations/stigg-http-post';
import { VOID_CREDIT_GRANT, VoidCreditGrantResult } from './operations/create-credit-grant';
import {
  CANCEL_SCHEDULE, CANCEL_SUBSCRIPTION, CancelScheduleResult, CancelSubscriptionInput, CancelSubscriptionResult,
  PREVIEW_SUBSCRIPTION, PreviewSubscriptionInput, PreviewSubscriptionResult,
  UPDATE_SUBSCRIPTION, UpdateSubscriptionInput, UpdateSubscriptionResult,
} from './operations/subscription-lifecycle';
import type { StiggSubscriptionNode } from './operations';
import { SubscriptionCostPreview } from '../../domain/subscription-cost-preview';
import { creditGrantFromStigg, scheduledChangesFromStigg } from './stigg-mappers';

type StiggClient = ReturnType<typeof Stigg.initialize>;

export interface ProvisionedSubscription {
  status: 'SUCCESS' | 'PAYMENT_REQUIRED';
  checkoutUrl: string | null;
  subscriptionId: string | null;
  /** Stigg accepted the subscription for later (isScheduled): `subscriptionId` is then the one that runs until `effectiveAt`. */
  scheduled: boolean;
  /** When a scheduled change takes effect: the soonest pending scheduled update Stigg reports. */
  effectiveAt: Date | null;
}

/** What Stigg answered to a change of a subscription (updateOneSubscription, cancelSubscription). */
export interface ChangedSubscription {
  subscriptionId: string;
  status: string;
  cancellationDate: Date | null;
  endDate: Date | null;
  /** Stigg holds part of the change for later: its soonest pending scheduled update. */
  scheduled: boolean;
  effectiveAt: Date | null;
}

function changedSubscription(node: StiggSubscriptionNode): ChangedSubscription {
  const pending = scheduledChangesFromStigg(node.scheduledUpdates ?? null);
  return {
    subscriptionId: node.subscriptionId,
    status: String(node.status).toUpperCase(),
    cancellationDate: node.cancellationDate ? new Date(node.cancellationDate) : null,
    endDate: node.endDate ? new Date(node.endDate) : null,
    scheduled: pending.length > 0,
    effectiveAt: pending[0]?.effectiveAt ?? null,
  };
}

/**
 * The gateway's Stigg: the official SDK for single-entity customer calls, and
 * the gateway's own documented operations for batched reads, the catalog,
 * provisioning with credit entitlements and credit grants (sent once, never
 * replayed: the SDK's retries would replay a grant as a second grant).
 */
export class StiggGateway {
  constructor(
    private readonly sdk: StiggClient,
    private readonly ops: StiggOperations,
    readonly reader: StiggBatchReader,
    private readonly policy: UpstreamPolicy | null,
    private readonly pacer: StiggPacer | null = null,
  ) {}

  /** `entity`: the customer (and resource) a mutation counts against in Stigg's per-entity limit. */
  private run<T>(operation: string, fn: () => Promise<T>, entity: string | null = null): Promise<T> {
    return callStigg(this.policy, operation, fn, this.pacer, entity);
  }

  /** The customer, or null when Stigg has none with this id. */
  async findCustomer(customerId: string): Promise<Customer | null> {
    const [customer] = await this.reader.customersByIds([customerId]);
    return customer ?? null;
  }

  /** Creates the customer (provisionCustomer; replays are harmless: a second create is refused as a duplicate). */
  async createCustomer(input: { customerId: string; name: string; email: string | null; salesforceId: string }): Promise<void> {
    try {
      await this.run('provisionCustomer', () => this.sdk.provisionCustomer({
        customerId: input.customerId,
        name: input.name,
        email: input.email ?? undefined,
        salesforceId: input.salesforceId,
        subscriptionParams: null,
      } as never), stiggEntityKey(input.customerId));
    } catch (err) {
      if ((err as { extensions?: Record<string, unknown> }).extensions?.upstreamCode === 'DuplicatedEntityNotAllowed') return;
      throw err;
    }
  }

  async updateCustomer(input: { customerId: string; email?: string; salesforceId?: string; name?: string }): Promise<void> {
    await this.run('updateCustomer', () => this.sdk.updateCustomer(input as never), stiggEntityKey(input.customerId));
  }

  /** provisionSubscriptionV2 with feature and credit entitlements, sent once (no replay). */
  async provisionSubscription(input: ProvisionSubscriptionWithEntitlementsInput): Promise<ProvisionedSubscription> {
    const data = await this.run('provisionSubscription', () =>
      this.ops.execute<ProvisionSubscriptionWithEntitlementsResult>(PROVISION_SUBSCRIPTION_WITH_ENTITLEMENTS, { input }),
      stiggEntityKey(input.customerId, input.resourceId));
    const result = data.provisionSubscriptionV2;
    const scheduled = result.isScheduled === true;
    return {
      status: result.status,
      checkoutUrl: result.checkoutUrl,
      subscriptionId: result.subscription?.subscriptionId ?? null,
      scheduled,
      effectiveAt: scheduled ? scheduledChangesFromStigg(result.subscription?.scheduledUpdates ?? null)[0]?.effectiveAt ?? null : null,
    };
  }

  /** updateOneSubscription, sent once (the SDK would replay it). */
  async updateSubscription(input: UpdateSubscriptionInput, customerId: string): Promise<ChangedSubscription> {
    const data = await this.run('updateSubscription', () => this.ops.execute<UpdateSubscriptionResult>(UPDATE_SUBSCRIPTION, { input }),
      stiggEntityKey(customerId));
    return changedSubscription(data.updateOneSubscription);
  }

  /** cancelSubscription, sent once. */
  async cancelSubscription(input: CancelSubscriptionInput, customerId: string): Promise<ChangedSubscription> {
    const data = await this.run('cancelSubscription', () => this.ops.execute<CancelSubscriptionResult>(CANCEL_SUBSCRIPTION, { input }),
      stiggEntityKey(customerId));
    return changedSubscription(data.cancelSubscription);
  }

  /** previewSubscription: what Stigg would charge for the subscription described, now and each period. Writes nothing. */
  async previewSubscription(input: PreviewSubscriptionInput): Promise<SubscriptionCostPreview> {
    const data = await this.run('previewSubscription', () => this.ops.execute<PreviewSubscriptionResult>(PREVIEW_SUBSCRIPTION, { input }));
    const preview = data.previewSubscription;
    return {
      immediateTotal: { amount: preview.immediateInvoice.total.amount, currency: preview.immediateInvoice.total.currency },
      recurringTotal: preview.recurringInvoice
        ? { amount: preview.recurringInvoice.total.amount, currency: preview.recurringInvoice.total.currency } : null,
      billingPeriodStart: preview.billingPeriodRange.start ? new Date(preview.billingPeriodRange.start) : null,
      billingPeriodEnd: preview.billingPeriodRange.end ? new Date(preview.billingPeriodRange.end) : null,
      isPlanDowngrade: preview.isPlanDowngrade ?? false,
    };
  }

  /** cancelSchedule: withdraws the subscription's pending scheduled changes. */
  async cancelSchedule(subscriptionId: string, customerId: string): Promise<void> {
    await this.run('cancelSchedule', () => this.ops.execute<CancelScheduleResult>(CANCEL_SCHEDULE, { input: { subscriptionId } }),
      stiggEntityKey(customerId));
  }

  /** The subscription's status by id in any state (SDK getSubscription), or null. */
  async subscriptionStatus(subscriptionId: string): Promise<string | null> {
    try {
      const sub = await this.run('getSubscription', () => this.sdk.getSubscription({ subscriptionId }));
      return String((sub as { status: string }).status).toUpperCase();
    } catch (err) {
      if (STIGG_NOT_FOUND_CODES.has(String((err as { extensions?: Record<string, unknown> }).extensions?.upstreamCode))) return null;
      throw err;
    }
  }

  /** createCreditGrant, sent once. */
  async createCreditGrant(input: CreateCreditGrantInput): Promise<CreditGrant> {
    const data = await this.run('createCreditGrant', () => this.ops.execute<CreateCreditGrantResult>(CREATE_CREDIT_GRANT, { input }),
      stiggEntityKey(input.customerId, input.resourceId));
    return creditGrantFromStigg(data.createCreditGrant);
  }

  /** voidCreditGrant, sent once (the gateway's own operation: the SDK's answer lacks the grant's status). */
  async voidCreditGrant(grantId: string): Promise<CreditGrant> {
    const data = await this.run('voidCreditGrant', () => this.ops.execute<VoidCreditGrantResult>(VOID_CREDIT_GRANT, { input: { id: grantId } }));
    return creditGrantFromStigg(data.voidCreditGrant);
  }

  async close(): Promise<void> {
    await Promise.resolve(this.sdk.close());
  }
}

export { stiggErrorCode };

/** Sends the current request's id to Stigg (when the request's view of the operations has not already), as the Salesforce calls do. */
function postWithRequestId(inner: StiggHttpPost): StiggHttpPost {
  return (url, request) => {
    const requestId = currentRequestId();
    if (!requestId || request.headers[REQUEST_ID_HEADER] !== undefined) return inner(url, request);
    return inner(url, { ...request, headers: { ...request.headers, [REQUEST_ID_HEADER]: requestId } });
  };
}

export async function openStiggGateway(
  endpoint: { apiKey: string; baseUri: string },
  policy: UpstreamPolicy | null = null,
  pacer: StiggPacer | null = null,
  /** With tracing on, the gateway's own documents carry the current span's `traceparent` (the SDK's requests cannot: it takes no headers). */
  tracing: GatewayTracing | null = null,
): Promise<StiggGateway> {
  const sdk = Stigg.initialize({
    apiKey: endpoint.apiKey,
    baseUri: endpoint.baseUri,
    realtimeUpdatesEnabled: false,
    enableRemoteConfig: false,
    enableEdge: false,
    timeout: 20_000,
    // The gateway never reads entitlements through the SDK's cache (default: 75% of the heap).
    memoryCacheMaxSizeBytes: 1_000_000,
    // Never pass a logger object: the SDK lodash-merges it into its default, the global
    // `console`, replacing console's own methods. Its errors reach us as thrown errors anyway.
    logConfiguration: { logLevel: LogLevel.NONE } as never,
  });
  await sdk.waitForInitialization();
  const post = postWithRequestId(keepAliveStiggPost());
  const ops = new StiggOperations({ apiKey: endpoint.apiKey, baseUri: endpoint.baseUri, timeoutMs: 20_000,
    post: tracing ? tracing.tracedRequest(post) : post });
  return new StiggGateway(sdk, ops, new StiggBatchReader(ops, policy, undefined, pacer), policy, pacer);
}
