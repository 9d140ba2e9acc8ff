import { ProvisioningPlan } from '../../domain/provisioning-plan';
import { Journal, ProvisioningRunRecord, StepName, firstUnfinishedStep } from '../journal';
import { StiggGateway } from '../stigg/stigg-gateway';
import { SalesforceWriteBack } from '../salesforce/write-back';
import { GatewayError } from '../../errors/gateway-error';
import { isUncertainOutcome } from '../stigg/stigg-error';
import { LIVE_SUBSCRIPTION_STATUSES } from '../stigg/operations';
import { callProvisioningHook, HookConfig } from './hook/provisioning-hook';
import { stiggSubscriptionInput } from './stigg-subscription-input';
import { planFromJournal } from './stored-plan';
import { Logger } from '../../observability/logger';
import { AmendmentPlan } from '../../domain/amendment-plan';
import { CancellationPlan } from '../../domain/cancellation-plan';
import { ActionRequired } from './action-required';
import { AmendmentSteps } from './amendment-steps';
import { CancellationSteps } from './cancellation-steps';
import { scheduledOutcomeOf, scheduledStepOutcome, StepOutcome } from './step-outcome';

export interface SagaDeps {
  journal: Journal;
  stigg: StiggGateway;
  writeBack: SalesforceWriteBack;
  hook: HookConfig | null;
  leaseMs: number;
  logger: Logger;
  onFinished?: (run: ProvisioningRunRecord) => void;
}

const LIVE: ReadonlySet<string> = new Set(LIVE_SUBSCRIPTION_STATUSES);

/**
 * Runs a claimed run's steps HOOK -> CUSTOMER -> SUBSCRIPTION -> WRITE_BACK
 * from its first unfinished one, committing each outcome to the journal
 * before the next. Writes are made safe against replays and lost responses by
 * looking before writing again: the customer by id, the subscription by its
 * deterministic id or its salesforceId (also adopting one made by Stigg's own
 * Salesforce Flow). A failure is recorded on the run (FAILED, error with
 * the step) and returned as data; asking again resumes.
 */
export class ProvisioningSaga {
  private readonly amendment: AmendmentSteps;
  private readonly cancellation: CancellationSteps;

  constructor(private readonly deps: SagaDeps) {
    this.amendment = new AmendmentSteps(deps.stigg, deps.writeBack);
    this.cancellation = new CancellationSteps(deps.stigg, deps.writeBack);
  }

  async run(claimed: ProvisioningRunRecord, owner: string): Promise<ProvisioningRunRecord> {
    const { journal } = this.deps;
    let plan = planFromJournal(claimed.plan);
    let run = claimed;
    let current: StepName | null = null;
    try {
      for (let step = firstUnfinishedStep(run); step; step = firstUnfinishedStep(run)) {
        current = step.name;
        if (!(await journal.runs.renewLease(run.id, owner, this.deps.leaseMs))) {
          // The lease expired and another attempt resumed the run: it is theirs now.
          // Stop before touching an upstream again, and answer the run as it stands.
          this.deps.logger.warn({ runId: run.id, step: step.name }, 'provisioning run lost its lease; another attempt continues it');
          return (await journal.runs.getRun(run.id)) ?? run;
        }
        await journal.runs.markStep(run.id, step.name, { status: 'RUNNING', startedAt: new Date(), error: null, owner });
        const outcome = await this.execute(step.name, run, plan);
        if (outcome.plan) {
          plan = outcome.plan;
          await journal.runs.updateRunFields(run.id, { plan, customerId: plan.customerId, owner });
        }
        if (outcome.subscriptionId) await journal.runs.updateRunFields(run.id, { subscriptionId: outcome.subscriptionId, owner });
        await journal.runs.markStep(run.id, step.name, {
          status: outcome.skipped ? 'SKIPPED' : 'SUCCEEDED', finishedAt: new Date(), output: outcome.output ?? null, owner,
        });
        run = (await journal.runs.getRun(run.id))!;
      }
      const scheduled = scheduledOutcomeOf(run);
      const finished = await journal.runs.finishRun(run.id, {
        status: scheduled ? 'SCHEDULED' : 'SUCCEEDED', customerId: plan.customerId, subscriptionId: run.subscriptionId ?? plan.subscriptionId,
        checkoutUrl: null, effectiveAt: scheduled?.effectiveAt ?? null, error: null, owner,
      });
      return this.done(finished ?? run);
    } catch (err) {
      return this.fail(run, owner, plan, current, err);
    }
  }

  private async execute(step: StepName, run: ProvisioningRunRecord, plan: ProvisioningPlan): Promise<StepOutcome> {
    if (run.kind === 'AMENDMENT' || run.kind === 'CANCELLATION') {
      // A subscription's later changes: its customer exists, so there is no hook and no customer step.
      if (step === 'HOOK' || step === 'CUSTOMER') return { skipped: true };
      return run.kind === 'AMENDMENT'
        ? this.amendment.execute(step, run, plan as AmendmentPlan)
        : this.cancellation.execute(step, run, plan as unknown as CancellationPlan);
    }
    switch (step) {
      case 'HOOK': return this.hookStep(run, plan);
      case 'CUSTOMER': return this.customerStep(plan);
      case 'SUBSCRIPTION': return this.subscriptionStep(plan);
      case 'WRITE_BACK': return this.writeBackStep(run, plan);
      default: throw new Error(`unknown step ${String(step)}`);
    }
  }

  /** The customer's own application provisions an account/workspace; skipped when not configured or the customer exists. */
  private async hookStep(run: ProvisioningRunRecord, plan: ProvisioningPlan) {
    if (!this.deps.hook || plan.customerExists) return { skipped: true };
    const result = await callProvisioningHook(this.deps.hook, run.id, {
      runId: run.id,
      opportunity: { id: plan.opportunityId },
      account: { id: plan.accountId, name: plan.customerName },
      plan,
    });
    const next: ProvisioningPlan = {
      ...plan,
      customerId: result.customerId ?? plan.customerId,
      resourceId: result.resourceId ?? plan.resourceId,
    };
    return { plan: next, output: result };
  }

  private async customerStep(plan: ProvisioningPlan) {
    const { stigg } = this.deps;
    let customer = await stigg.findCustomer(plan.customerId);
    if (!customer) {
      try {
        await stigg.createCustomer({ customerId: plan.customerId, name: plan.customerName, email: plan.billingEmail, salesforceId: plan.accountId });
      } catch (err) {
        if (!isUncertainOutcome(err)) throw err;
        // The create may have happened: look before writing again.
        customer = await stigg.findCustomer(plan.customerId);
        if (!customer) throw err;
      }
      return { output: { customerId: plan.customerId, created: true } };
    }
    const update: { customerId: string; email?: string; salesforceId?: string } = { customerId: plan.customerId };
    if (plan.billingEmail && (customer.email ?? '').toLowerCase() !== plan.billingEmail.toLowerCase()
      && (plan.paymentCollectionMethod === 'INVOICE' || !customer.email)) update.email = plan.billingEmail;
    if (!customer.salesforceId) update.salesforceId = plan.accountId;
    if (update.email || update.salesforceId) await stigg.updateCustomer(update);
    return { output: { customerId: plan.customerId, created: false, updated: Boolean(update.email || update.salesforceId) } };
  }

  /** An existing subscription this run should adopt instead of creating one. */
  private async adoptable(plan: ProvisioningPlan): Promise<string | null> {
    // Both looks in one Stigg request: by the deterministic id, and by salesforceId = the opportunity.
    const found = await this.deps.stigg.reader.lookup({ subscriptionsById: [plan.subscriptionId], subscriptionsBySalesforceId: [plan.opportunityId] });
    const byId = found.subscriptionsById.find((s) => s.id === plan.subscriptionId);
    if (byId && LIVE.has(byId.status)) return byId.id;
    const flowMade = found.subscriptionsBySalesforceId.find((s) => s.customerId === plan.customerId && LIVE.has(s.status) && s.isTrial === plan.isTrial
      && s.planId === plan.planId);
    return flowMade?.id ?? null;
  }

  private async subscriptionStep(plan: ProvisioningPlan) {
    const existing = await this.adoptable(plan);
    if (existing) return { subscriptionId: existing, output: { subscriptionId: existing, adopted: true } };
    try {
      const result = await this.deps.stigg.provisionSubscription(stiggSubscriptionInput(plan));
      if (result.status === 'PAYMENT_REQUIRED') throw new ActionRequired(result.checkoutUrl);
      if (result.scheduled) {
        // Stigg applies it later (e.g. a downgrade at the end of the billing period); the subscription asked for starts then.
        return scheduledStepOutcome(plan.subscriptionId, result.effectiveAt, result.subscriptionId);
      }
      const id = result.subscriptionId ?? plan.subscriptionId;
      return { subscriptionId: id, output: { subscriptionId: id, adopted: false } };
    } catch (err) {
      if (err instanceof ActionRequired) throw err;
      const upstreamCode = (err as GatewayError).extensions?.upstreamCode;
      if (!isUncertainOutcome(err) && upstreamCode !== 'DuplicatedEntityNotAllowed') throw err;
      // Lost response, timeout or a replay that hit our own first write: adopt what exists.
      const adopted = await this.adoptable(plan);
      if (adopted) return { subscriptionId: adopted, output: { subscriptionId: adopted, adopted: true } };
      throw err;
    }
  }

  private async writeBackStep(run: ProvisioningRunRecord, plan: ProvisioningPlan) {
    const { writeBack } = this.deps;
    const subscriptionId = run.subscriptionId ?? plan.subscriptionId;
    await writeBack.writeCustomerId(plan.accountId, plan.customerId);
    await writeBack.writeOpportunity(plan.opportunityId, { subscriptionId, status: scheduledOutcomeOf(run) ? 'Scheduled' : 'Provisioned' });
    return { output: { accountId: plan.accountId, opportunityId: plan.opportunityId } };
  }

  private async fail(run: ProvisioningRunRecord, owner: string, plan: ProvisioningPlan, step: StepName | null, err: unknown): Promise<ProvisioningRunRecord> {
    const { journal, logger } = this.deps;
    if (err instanceof ActionRequired) {
      if (step) await journal.runs.markStep(run.id, step, { status: 'FAILED', finishedAt: new Date(), error: { code: 'PAYMENT_REQUIRED', message: err.message }, owner });
      if (run.kind !== 'CANCELLATION') await this.bestEffortStatus(plan, 'Action required');
      const finished = await journal.runs.finishRun(run.id, {
        status: 'ACTION_REQUIRED', customerId: plan.customerId, checkoutUrl: err.checkoutUrl,
        error: { code: 'PAYMENT_REQUIRED', message: err.message, step }, owner,
      });
      return this.done(finished ?? run);
    }
    const gatewayError = err instanceof GatewayError ? err : null;
    const code = gatewayError?.code ?? 'INTERNAL_SERVER_ERROR';
    const message = gatewayError?.message ?? 'The step failed unexpectedly; asking again resumes it.';
    if (!gatewayError) logger.error({ runId: run.id, step, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'provisioning step failed');
    if (step) await journal.runs.markStep(run.id, step, { status: 'FAILED', finishedAt: new Date(), error: { code, message }, owner });
    // A failed cancellation leaves the opportunity as it was: its subscription still runs.
    if (step !== 'WRITE_BACK' && run.kind !== 'CANCELLATION') await this.bestEffortStatus(plan, 'Failed');
    const finished = await journal.runs.finishRun(run.id, { status: 'FAILED', error: { code, message, step }, owner });
    return this.done(finished ?? run);
  }

  /** Tells Salesforce how provisioning went when it could not finish; a failure here changes nothing. */
  private async bestEffortStatus(plan: ProvisioningPlan, status: 'Failed' | 'Action required'): Promise<void> {
    try {
      await this.deps.writeBack.writeOpportunity(plan.opportunityId, { status });
    } catch (err) {
      this.deps.logger.warn({ opportunityId: plan.opportunityId, code: (err as GatewayError).code }, 'could not write the provisioning status back');
    }
  }

  private done(run: ProvisioningRunRecord): ProvisioningRunRecord {
    this.deps.onFinished?.(run);
    return run;
  }
}
