import { AutomationMode } from '../../config/gateway-config';
import { ProvisioningRequest } from '../../domain/provisioning-plan';
import { GatewayError } from '../../errors/gateway-error';
import { Logger } from '../../observability/logger';
import { Journal, ProvisioningKind, ProvisioningTrigger } from '../journal';
import { RequestLoaders } from '../loaders/request-loaders';
import { requestIdentity } from '../provisioning/provisioning-request';
import { ProvisioningService } from '../provisioning/provisioning-service';
import { requestHash } from '../provisioning/request-hash';
import { SubscriptionLifecycle } from '../provisioning/subscription-lifecycle';
import { AUTOMATION_PRINCIPAL } from './automation-principal';
import { RetryPolicy } from './retry-policy';
import { WonOpportunityFacts, WonOpportunityReads } from './won-opportunity-reads';

/**
 * What became of one opportunity automation looked at: provisioned (a run was claimed and ran, whatever
 * its status), previewed (preview mode: the plan recorded, nothing written), needs_attention (a
 * precondition failed: a NEEDS_ATTENTION run), ignored (not won, or gone), duplicate (it already has a run).
 */
export type ClosedWonOutcome = 'provisioned' | 'previewed' | 'needs_attention' | 'ignored' | 'duplicate';

/** Errors that say the deal is fine but the moment is not: nothing is recorded, the sweep or the next event tries again. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED', 'REQUEST_TIMEOUT', 'INTERNAL_SERVER_ERROR']);
/** The run exists already (another replica or event got there first). */
const DUPLICATE_CODES: ReadonlySet<string> = new Set(['PROVISIONING_IN_PROGRESS', 'ALREADY_PROVISIONED']);

export interface ClosedWonHandlerDeps {
  journal: Journal;
  reads: WonOpportunityReads;
  provisioning: ProvisioningService;
  lifecycle: SubscriptionLifecycle;
  retryPolicy: RetryPolicy;
  /** A fresh set of loaders for each opportunity: one consistent read of its records, nothing cached between deals. */
  loaders: () => RequestLoaders;
  mode: () => AutomationMode;
  defaultPaymentCollection: ProvisioningRequest['paymentCollectionMethod'];
  renewalType: string;
  logger: Logger;
}

/**
 * One opportunity that may have just been won (a change event listing StageName, or a finding of the
 * sweep): re-read from Salesforce (an event's body is never trusted), and, when it is won and has no
 * run yet, provisioned per AUTOMATION_MODE. New business goes to provisioning (kind SUBSCRIPTION);
 * an amendment or renewal to the subscription lifecycle (kind AMENDMENT). The journal's claim makes
 * the outcome exactly once however often the same deal arrives.
 */
export class ClosedWonHandler {
  constructor(private readonly deps: ClosedWonHandlerDeps) {}

  async handle(opportunityId: string, trigger: Extract<ProvisioningTrigger, 'EVENT' | 'SWEEP'>): Promise<ClosedWonOutcome> {
    const { journal, logger } = this.deps;
    const mode = this.deps.mode();
    if (mode === 'off') return 'ignored';
    // Any run of the opportunity means automation has nothing to start: a run is retried or resumed, never started twice.
    const runs = await journal.runs.listRuns({ opportunityId, first: 1 });
    if (runs.edges.length > 0) return 'duplicate';
    const facts = await this.deps.reads.facts(opportunityId);
    if (!facts || !facts.isWon) return 'ignored';

    const kind = this.kindOf(facts);
    const payment = facts.paymentCollection ?? this.deps.defaultPaymentCollection;
    const loaders = this.deps.loaders();
    const request: ProvisioningRequest = {
      kind: 'SUBSCRIPTION', opportunityId: facts.id, paymentCollectionMethod: payment, billingPeriod: null,
      creditEntitlements: null, trial: null, billingEmail: null, idempotencyKey: null,
    };
    const amendment = { opportunityId: facts.id, subscriptionId: null, paymentCollectionMethod: facts.paymentCollection, idempotencyKey: null };
    const identity = kind === 'AMENDMENT'
      ? { kind: 'AMENDMENT', opportunityId: facts.id, subscriptionId: null, paymentCollectionMethod: facts.paymentCollection }
      : requestIdentity(request);

    try {
      if (mode === 'preview') {
        const plan = kind === 'AMENDMENT'
          ? await this.deps.lifecycle.planAmendment(loaders, amendment)
          : await this.deps.provisioning.preview(loaders, request);
        await this.recordPreview(facts.id, trigger, kind, 'PLANNED', { plan });
        logger.info({ opportunityId: facts.id, trigger, kind }, 'automation (preview): deal would be provisioned; nothing written');
        return 'previewed';
      }
      const run = kind === 'AMENDMENT'
        ? await this.deps.lifecycle.amend(loaders, AUTOMATION_PRINCIPAL, amendment, trigger)
        : await this.deps.provisioning.claimAndRun(AUTOMATION_PRINCIPAL,
          { opportunityId: facts.id, kind: 'SUBSCRIPTION', identity, idempotencyKey: null },
          () => this.deps.provisioning.preview(loaders, request), trigger);
      logger.info({ opportunityId: facts.id, trigger, kind, runId: run.id, status: run.status }, 'automation: deal provisioned');
      return 'provisioned';
    } catch (err) {
      if (!(err instanceof GatewayError) || TRANSIENT_CODES.has(err.code)) throw err;
      if (DUPLICATE_CODES.has(err.code)) return 'duplicate';
      // A precondition: the deal cannot be provisioned as it stands.
      if (mode === 'preview') {
        await this.recordPreview(facts.id, trigger, kind, err.code, { message: err.message });
        logger.info({ opportunityId: facts.id, trigger, kind, code: err.code }, 'automation (preview): deal would need attention; nothing written');
        return 'previewed';
      }
      const run = await journal.runs.recordNeedsAttention({
        opportunityId: facts.id, kind, requestHash: requestHash(identity), request: identity, principal: AUTOMATION_PRINCIPAL.id,
        trigger, error: { code: err.code, message: err.message }, now: new Date(),
      });
      if (run.status === 'NEEDS_ATTENTION') await this.deps.retryPolicy.needsAttention(run);
      return 'needs_attention';
    }
  }

  /**
   * An amendment or a renewal changes a subscription that exists: the opportunity names one (its Stigg
   * subscription id), or its Type says so (SF_RENEWAL_TYPE, or one of Salesforce's standard
   * "Existing Customer - …" values: assumption, the values an org uses for upsells and downgrades).
   */
  private kindOf(facts: WonOpportunityFacts): ProvisioningKind {
    if (facts.stiggSubscriptionId) return 'AMENDMENT';
    if (facts.type && (facts.type === this.deps.renewalType || facts.type.startsWith('Existing Customer'))) return 'AMENDMENT';
    return 'SUBSCRIPTION';
  }

  /** Preview mode's record: the journal's audit log (operation automationPreview), which is not Stigg or Salesforce. */
  private async recordPreview(opportunityId: string, trigger: ProvisioningTrigger, kind: ProvisioningKind, outcome: string, details: Record<string, unknown>): Promise<void> {
    await this.deps.journal.audit.recordAudit({
      principal: AUTOMATION_PRINCIPAL.id, operation: 'automationPreview', target: opportunityId, outcome, details: { trigger, kind, ...details },
    });
  }
}
