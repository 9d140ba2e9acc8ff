import { AmendmentPlan, SubscriptionChange } from '../../domain/amendment-plan';
import { CancellationPlan, CancellationTime } from '../../domain/cancellation-plan';
import { Principal } from '../../domain/principal';
import { PaymentCollectionMethod, Subscription } from '../../domain/stigg-entities';
import { SubscriptionCostPreview } from '../../domain/subscription-cost-preview';
import { GatewayError } from '../../errors/gateway-error';
import { Logger } from '../../observability/logger';
import { Journal, ProvisioningRunRecord, ProvisioningTrigger, isDoneRun } from '../journal';
import { RequestLoaders } from '../loaders/request-loaders';
import { normalizeSalesforceId } from '../salesforce/ids';
import { SalesforceWriteBack } from '../salesforce/write-back';
import { StiggGateway } from '../stigg/stigg-gateway';
import { planAmendment } from './planner/plan-amendment';
import { trimmed } from './provisioning-request';
import { ProvisioningService } from './provisioning-service';
import { requestHash } from './request-hash';

/** AmendSubscriptionInput as the API receives it. */
export interface AmendSubscriptionArgs {
  opportunityId: string;
  subscriptionId?: string | null;
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  idempotencyKey?: string | null;
}

/** CancelSubscriptionInput as the API receives it. */
export interface CancelSubscriptionArgs {
  subscriptionId: string;
  when: CancellationTime;
  endDate?: Date | null;
  idempotencyKey?: string | null;
}

/** What previewAmendment answers. */
export interface AmendmentPreview {
  subscriptionId: string;
  changes: SubscriptionChange[];
  scheduled: boolean;
  effectiveAt: Date | null;
  warnings: string[];
  /** Stigg's own cost preview (previewSubscription), where Stigg collects payment and something changes. */
  cost: SubscriptionCostPreview | null;
  /** The target state, as provisioning would send it. */
  plan: AmendmentPlan;
}


/**
 * A subscription's life after its first deal: amendments (upsells, downgrades, renewals),
 * cancellations, and withdrawing what Stigg holds for later. Amendments and cancellations are
 * runs of the journal (kinds AMENDMENT and CANCELLATION), claimed and resumed exactly as
 * provisioning runs are (ProvisioningService.claimAndRun), executed by the same saga.
 */
export class SubscriptionLifecycle {
  constructor(
    private readonly journal: Journal,
    private readonly provisioning: ProvisioningService,
    private readonly stigg: StiggGateway,
    private readonly writeBack: SalesforceWriteBack,
    private readonly renewalType: string,
    private readonly logger: Logger,
  ) {}

  /** The amendment's plan, with no write anywhere. */
  async planAmendment(loaders: RequestLoaders, args: AmendSubscriptionArgs): Promise<AmendmentPlan> {
    const opportunityId = normalizeSalesforceId(args.opportunityId, 'opportunityId', 'Opportunity');
    const opportunity = await loaders.opportunity.load(opportunityId);
    if (!opportunity) throw new GatewayError('NOT_FOUND', `No opportunity ${opportunityId} in Salesforce.`, { field: 'opportunityId' });
    const subscriptionId = trimmed(args.subscriptionId) ?? opportunity.stiggSubscriptionId;
    if (!subscriptionId) {
      throw new GatewayError('SUBSCRIPTION_REQUIRED',
        `Opportunity '${opportunity.name}' names no subscription to amend: fill its Stigg subscription id before it closes, or give subscriptionId.`,
        { field: 'subscriptionId' });
    }
    const current = await loaders.subscription.load(subscriptionId);
    if (!current) throw new GatewayError('NOT_FOUND', `Stigg has no subscription ${subscriptionId}.`, { field: 'subscriptionId' });
    const [customer, catalog] = await Promise.all([loaders.customer.load(current.customerId), loaders.catalog()]);
    const target = await this.provisioning.preview(loaders, {
      kind: 'SUBSCRIPTION',
      opportunityId,
      paymentCollectionMethod: args.paymentCollectionMethod ?? current.paymentCollectionMethod,
      billingPeriod: current.billingPeriod,
      creditEntitlements: null,
      trial: null,
      billingEmail: null,
      idempotencyKey: null,
    });
    return planAmendment({
      target,
      current,
      currentCustomerSalesforceId: customer?.salesforceId ?? null,
      opportunityType: opportunity.type,
      renewalType: this.renewalType,
      catalog,
    });
  }

  async previewAmendment(loaders: RequestLoaders, args: AmendSubscriptionArgs): Promise<AmendmentPreview> {
    const plan = await this.planAmendment(loaders, args);
    let cost: SubscriptionCostPreview | null = null;
    let scheduled = plan.expectScheduled;
    if (plan.action !== 'NONE' && plan.paymentCollectionMethod !== 'NONE') {
      cost = await this.stigg.previewSubscription({
        customerId: plan.customerId,
        planId: plan.planId,
        ...(plan.billingPeriod ? { billingPeriod: plan.billingPeriod } : {}),
        ...(plan.unitQuantity !== null ? { unitQuantity: plan.unitQuantity } : {}),
        addons: plan.addons.map((a) => ({ addonId: a.addonId, quantity: a.quantity })),
        billableFeatures: plan.billableFeatures.map((f) => ({ featureId: f.featureId, quantity: f.quantity })),
        ...(plan.scheduleStrategy ? { scheduleStrategy: plan.scheduleStrategy } : {}),
      });
      if (plan.action === 'PLAN_CHANGE' && cost.isPlanDowngrade) scheduled = true;
    }
    const effectiveAt = scheduled ? (plan.expectedEffectiveAt ? new Date(plan.expectedEffectiveAt) : cost?.billingPeriodEnd ?? null) : null;
    return { subscriptionId: plan.amendedSubscriptionId, changes: plan.changes, scheduled, effectiveAt, warnings: plan.warnings, cost, plan };
  }

  /** Applies the amendment as a run of kind AMENDMENT (one per amendment opportunity). */
  async amend(loaders: RequestLoaders, principal: Principal, args: AmendSubscriptionArgs, trigger: ProvisioningTrigger = 'API'): Promise<ProvisioningRunRecord> {
    const opportunityId = normalizeSalesforceId(args.opportunityId, 'opportunityId', 'Opportunity');
    const identity = {
      kind: 'AMENDMENT',
      opportunityId,
      subscriptionId: trimmed(args.subscriptionId),
      paymentCollectionMethod: args.paymentCollectionMethod ?? null,
    };
    return this.provisioning.claimAndRun(principal,
      { opportunityId, kind: 'AMENDMENT', identity, idempotencyKey: trimmed(args.idempotencyKey) },
      () => this.planAmendment(loaders, { ...args, opportunityId }), trigger);
  }

  /** Cancels the subscription as a run of kind CANCELLATION, keyed by the opportunity that made it. */
  async cancel(loaders: RequestLoaders, principal: Principal, args: CancelSubscriptionArgs): Promise<ProvisioningRunRecord> {
    const subscriptionId = trimmed(args.subscriptionId);
    if (!subscriptionId) throw GatewayError.badInput('subscriptionId', 'Give the id of the subscription to cancel.');
    let endDate: string | null = null;
    if (args.when === 'SPECIFIC_DATE') {
      if (!args.endDate) throw GatewayError.badInput('endDate', 'A SPECIFIC_DATE cancellation needs its endDate.');
      if (args.endDate.getTime() <= Date.now()) throw GatewayError.badInput('endDate', 'endDate must be in the future; to end the subscription now, use IMMEDIATE.');
      endDate = args.endDate.toISOString();
    } else if (args.endDate) {
      throw GatewayError.badInput('endDate', `endDate goes with SPECIFIC_DATE only, not ${args.when}.`);
    }
    const current = await loaders.subscription.load(subscriptionId);
    if (!current) throw new GatewayError('NOT_FOUND', `Stigg has no subscription ${subscriptionId}.`, { field: 'subscriptionId' });
    const opportunityId = await this.opportunityOf(loaders, current);
    const identity = { kind: 'CANCELLATION', subscriptionId, when: args.when, endDate };
    if (current.status === 'CANCELED' || current.status === 'EXPIRED') {
      // The cancellation that ended it, asked again with the same input, is answered as it is (below); any other is refused.
      const done = await this.journal.runs.findRunByKey(opportunityId, 'CANCELLATION');
      if (!(done && isDoneRun(done) && done.requestHash === requestHash(identity))) {
        throw new GatewayError('SUBSCRIPTION_ALREADY_CANCELED', `Subscription ${subscriptionId} is already ${current.status.toLowerCase()}; nothing was changed.`,
          { field: 'subscriptionId', subscriptionId, status: current.status });
      }
    }
    const plan: CancellationPlan = { kind: 'CANCELLATION', subscriptionId, customerId: current.customerId, opportunityId, when: args.when, endDate };
    return this.provisioning.claimAndRun(principal,
      { opportunityId, kind: 'CANCELLATION', identity, idempotencyKey: trimmed(args.idempotencyKey) },
      async () => plan);
  }

  /** The opportunity that made a subscription: Stigg's salesforceId, else the opportunity naming it in Salesforce. */
  private async opportunityOf(loaders: RequestLoaders, sub: Subscription): Promise<string> {
    if (sub.salesforceId) return normalizeSalesforceId(sub.salesforceId, 'subscriptionId', 'Opportunity');
    const named = await loaders.opportunityBySubscriptionId.load(sub.id);
    if (named) return named.id;
    throw GatewayError.badInput('subscriptionId',
      `Subscription ${sub.id} is linked to no Salesforce opportunity (no salesforceId in Stigg, no opportunity naming it); cancel it in Stigg.`);
  }

  /**
   * Withdraws what Stigg holds for later on a subscription (a scheduled downgrade or renewal, a
   * cancellation at a later date) through Stigg's cancelSchedule. The SCHEDULED runs that made
   * them become WITHDRAWN and their opportunities are told ('Withdrawn' for an amendment,
   * 'Provisioned' again for a cancellation). NOTHING_SCHEDULED when there is nothing to withdraw.
   */
  async withdrawScheduledChange(loaders: RequestLoaders, subscriptionIdArg: string): Promise<Subscription> {
    const subscriptionId = trimmed(subscriptionIdArg);
    if (!subscriptionId) throw GatewayError.badInput('subscriptionId', 'Give the id of the subscription.');
    const current = await loaders.subscription.load(subscriptionId);
    if (!current) throw new GatewayError('NOT_FOUND', `Stigg has no subscription ${subscriptionId}.`, { field: 'subscriptionId' });
    const runs = (await this.journal.runs.scheduledRuns()).filter((run) => run.subscriptionId === subscriptionId
      || (run.plan as Partial<AmendmentPlan> | null)?.amendedSubscriptionId === subscriptionId);
    const pendingInStigg = current.scheduledChanges.length > 0
      || (current.cancellationDate !== null && current.cancellationDate.getTime() > Date.now() && current.status !== 'CANCELED');
    if (!pendingInStigg && runs.length === 0) {
      throw new GatewayError('NOTHING_SCHEDULED', `Subscription ${subscriptionId} has no scheduled change or cancellation to withdraw.`,
        { field: 'subscriptionId' });
    }
    if (pendingInStigg) await this.stigg.cancelSchedule(subscriptionId, current.customerId);
    for (const run of runs) {
      await this.journal.runs.withdrawRun(run.id);
      try {
        if (run.kind === 'CANCELLATION') {
          await this.writeBack.writeOpportunity(run.opportunityId, { status: 'Provisioned' });
        } else {
          await this.writeBack.writeOpportunity(run.opportunityId, { subscriptionId, status: 'Withdrawn' });
        }
      } catch (err) {
        this.logger.warn({ runId: run.id, code: (err as GatewayError).code }, 'could not write the withdrawal back to Salesforce');
      }
    }
    const [after] = await this.stigg.reader.subscriptionsByIds([subscriptionId]);
    return after ?? current;
  }
}
