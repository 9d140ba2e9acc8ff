import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ProvisioningKind, ProvisioningPlan, ProvisioningRequest } from '../../domain/provisioning-plan';
import { RequestLoaders } from '../loaders/request-loaders';
import { Principal } from '../../domain/principal';
import { GatewayError } from '../../errors/gateway-error';
import { DEFAULT_PROVISIONING_LEASE_MS } from '../../config/gateway-config';
import { ClaimRunResult, Journal, ProvisioningRunRecord, ProvisioningTrigger, isDoneRun } from '../journal';
import { planProvisioning } from './planner/plan-provisioning';
import { readPlanningInput } from './planning-input-reader';
import { requestHash } from './request-hash';
import { requestIdentity } from './provisioning-request';
import { ProvisioningSaga } from './provisioning-saga';

/** What identifies a run request: its opportunity and kind (the run's key), the input that makes it "the same", and its key. */
export interface RunRequest {
  opportunityId: string;
  kind: ProvisioningKind;
  /** The normalised input without its idempotency key: the same identity is the same request. */
  identity: unknown;
  idempotencyKey: string | null;
}

/**
 * Told of every run an attempt leaves (after the saga): the automatic retry schedule's hook. It
 * answers the run as it now stands (e.g. with its next attempt set, or NEEDS_ATTENTION).
 */
export type RunEndedHook = (run: ProvisioningRunRecord) => Promise<ProvisioningRunRecord>;

/** A run's lease when none is given (PROVISIONING_LEASE_MS). */
export const DEFAULT_LEASE_MS = DEFAULT_PROVISIONING_LEASE_MS;
const IDEMPOTENCY_SCOPE = 'provisioning';

/**
 * previewProvisioning, provisionOpportunity and startTrial: preconditions are
 * checked by the pure planner (GraphQL errors, no run); then the run is claimed
 * in the journal (one per opportunity and kind, leased, safe across replicas)
 * and the saga executes it.
 */
export class ProvisioningService {
  private readonly replica = `${hostname()}:${process.pid}`;

  constructor(
    private readonly journal: Journal,
    private readonly saga: ProvisioningSaga,
    private readonly defaultCurrency: string,
    private readonly leaseMs: number = DEFAULT_LEASE_MS,
  ) {}

  private runEnded: RunEndedHook | null = null;

  /** Installs the hook told of every run an attempt leaves (automatic retries, AUTOMATION_MODE=provision). */
  onRunEnded(hook: RunEndedHook | null): void {
    this.runEnded = hook;
  }

  /** The plan, with no write anywhere and no hook call. */
  async preview(loaders: RequestLoaders, request: ProvisioningRequest, now = new Date()): Promise<ProvisioningPlan> {
    return planProvisioning(await readPlanningInput(loaders, request, this.defaultCurrency, now));
  }

  async provision(loaders: RequestLoaders, principal: Principal, request: ProvisioningRequest): Promise<ProvisioningRunRecord> {
    return this.claimAndRun(principal, {
      opportunityId: request.opportunityId,
      kind: request.kind,
      identity: requestIdentity(request),
      idempotencyKey: request.idempotencyKey,
    }, () => this.preview(loaders, request));
  }

  /**
   * The one way a run of any kind starts or resumes: the idempotency key, then the run of
   * (opportunity, kind), then the claim and the saga. `plan` is asked for only when a new run
   * is needed (its preconditions fail before any run exists); a run to resume keeps its stored plan.
   */
  async claimAndRun(principal: Principal, run: RunRequest, plan: () => Promise<unknown>, trigger: ProvisioningTrigger = 'API'): Promise<ProvisioningRunRecord> {
    const request = run;
    const hash = requestHash(run.identity);

    // A key belongs to one request: with any other input it is IDEMPOTENCY_KEY_REUSED, whatever
    // run the other input would answer. So it is checked before any existing run is returned.
    let keyResultId: string | null = null;
    if (request.idempotencyKey) {
      const reserved = await this.journal.idempotencyKeys.reserveIdempotencyKey({
        scope: IDEMPOTENCY_SCOPE, key: request.idempotencyKey, requestHash: hash, resultType: 'ProvisioningRun',
      });
      if (reserved.outcome === 'REUSED') {
        throw new GatewayError('IDEMPOTENCY_KEY_REUSED', 'This idempotencyKey was already used with a different input.', { field: 'idempotencyKey' });
      }
      if (reserved.outcome === 'SAME' && reserved.resultId) {
        keyResultId = reserved.resultId;
        const run = await this.journal.runs.getRun(reserved.resultId);
        if (run && run.status !== 'FAILED' && run.status !== 'ACTION_REQUIRED') return run;
      }
    }

    const found = await this.journal.runs.findRunByKey(request.opportunityId, request.kind);
    // A WITHDRAWN run is started afresh by the claim: for everything here it is as if there were none.
    const existing = found && found.status !== 'WITHDRAWN' ? found : null;
    // Same input, already done: return it, touching nothing upstream (a key sent with it now points at it).
    if (existing && isDoneRun(existing) && existing.requestHash === hash) {
      if (request.idempotencyKey && keyResultId !== existing.id) {
        await this.journal.idempotencyKeys.attachResult(IDEMPOTENCY_SCOPE, request.idempotencyKey, existing.id, 'ProvisioningRun');
      }
      return existing;
    }

    if (existing && existing.requestHash !== hash && existing.status !== 'RUNNING') {
      throw new GatewayError('ALREADY_PROVISIONED',
        `Opportunity ${request.opportunityId} already has a ${existing.kind.toLowerCase()} provisioning run (${existing.status}) for a different input.`,
        { runId: existing.id, status: existing.status });
    }

    // A new run needs a plan (preconditions fail here, before any run exists);
    // a run to resume keeps its stored plan.
    const runPlan = existing ? existing.plan : await plan();
    const owner = `${this.replica}:${randomUUID()}`;
    const claim = await this.journal.runs.claimRun({
      opportunityId: request.opportunityId,
      kind: request.kind,
      requestHash: hash,
      request: run.identity,
      plan: runPlan,
      idempotencyKey: request.idempotencyKey,
      principal: principal.id,
      owner,
      leaseMs: this.leaseMs,
      now: new Date(),
      trigger,
    });
    if (claim.outcome === 'SUCCEEDED') return claim.run;
    refuseUnclaimed(request.opportunityId, claim);
    if (request.idempotencyKey) {
      await this.journal.idempotencyKeys.attachResult(IDEMPOTENCY_SCOPE, request.idempotencyKey, claim.run.id, 'ProvisioningRun');
    }
    return this.ended(await this.saga.run(claim.run, owner));
  }

  /**
   * Asks an existing run again now, with the request it was made for (`retryProvisioning`, and the
   * automatic retries): its stored plan, or `plan` for a run that has none (an automatically
   * triggered deal that failed a precondition; its precondition fails again as a GraphQL error).
   */
  async retryRun(principal: Principal, run: ProvisioningRunRecord, plan: () => Promise<unknown>, trigger: ProvisioningTrigger): Promise<ProvisioningRunRecord> {
    const owner = `${this.replica}:${randomUUID()}`;
    const claim = await this.journal.runs.claimRun({
      opportunityId: run.opportunityId,
      kind: run.kind,
      requestHash: run.requestHash,
      request: run.request,
      plan: run.plan === null ? await plan() : run.plan,
      idempotencyKey: run.idempotencyKey,
      principal: principal.id,
      owner,
      leaseMs: this.leaseMs,
      now: new Date(),
      trigger,
    });
    if (claim.outcome === 'SUCCEEDED') return claim.run;
    refuseUnclaimed(run.opportunityId, claim);
    return this.ended(await this.saga.run(claim.run, owner));
  }

  private async ended(run: ProvisioningRunRecord): Promise<ProvisioningRunRecord> {
    return this.runEnded ? this.runEnded(run) : run;
  }
}

/** A claim this caller did not get: another owner holds the run (PROVISIONING_IN_PROGRESS) or it exists for another input (ALREADY_PROVISIONED). */
function refuseUnclaimed(opportunityId: string, claim: ClaimRunResult): void {
  if (claim.outcome === 'IN_PROGRESS') {
    throw new GatewayError('PROVISIONING_IN_PROGRESS', `Opportunity ${opportunityId} is being provisioned right now; ask again in a moment.`,
      { runId: claim.run.id });
  }
  if (claim.outcome === 'CONFLICT') {
    throw new GatewayError('ALREADY_PROVISIONED',
      `Opportunity ${opportunityId} already has a ${claim.run.kind.toLowerCase()} provisioning run (${claim.run.status}) for a different input.`,
      { runId: claim.run.id, status: claim.run.status });
  }
}
