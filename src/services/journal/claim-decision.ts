import { ProvisioningRunRecord } from './provisioning-run-record';

/**
 * What a claim does with a run that already exists for its (opportunity, kind),
 * decided while that run's row is locked:
 * - SUCCEEDED or SCHEDULED (done; Stigg applies a scheduled change by itself): same request ->
 *   return it untouched; another -> CONFLICT.
 * - WITHDRAWN (its scheduled change was withdrawn): REOPEN, whatever the request: the run starts
 *   again from its first step with the new request and plan.
 * - ACTION_REQUIRED (e.g. Stigg asked for a payment method): same request ->
 *   RESUME, so asking again after the person acted finishes the run; another -> CONFLICT.
 * - RUNNING with a live lease held by another owner -> IN_PROGRESS (whatever the request).
 * - NEEDS_ATTENTION with no plan (an automatically triggered deal that failed a precondition: nothing
 *   was done) -> REOPEN, whatever the request; with a plan (its automatic retries ran out) -> as FAILED.
 * - FAILED, PENDING, RUNNING whose lease expired (or has none), or RUNNING
 *   leased by the same owner -> RESUME with the stored plan, but only for the
 *   same request: another request -> CONFLICT.
 */
export type ClaimDecision = 'RESUME' | 'REOPEN' | 'SUCCEEDED' | 'CONFLICT' | 'IN_PROGRESS';

export function decideClaim(
  run: Pick<ProvisioningRunRecord, 'status' | 'requestHash' | 'leaseOwner' | 'leaseExpiresAt'> & { plan?: unknown },
  claim: { requestHash: string; owner: string; now: Date },
): ClaimDecision {
  const sameRequest = run.requestHash === claim.requestHash;
  switch (run.status) {
    case 'SUCCEEDED':
    case 'SCHEDULED':
      return sameRequest ? 'SUCCEEDED' : 'CONFLICT';
    case 'WITHDRAWN':
      return 'REOPEN';
    case 'NEEDS_ATTENTION':
      if (run.plan === null) return 'REOPEN';
      return sameRequest ? 'RESUME' : 'CONFLICT';
    case 'ACTION_REQUIRED':
      return sameRequest ? 'RESUME' : 'CONFLICT';
    case 'RUNNING': {
      const leaseLive = run.leaseExpiresAt !== null && run.leaseExpiresAt.getTime() > claim.now.getTime();
      if (leaseLive && run.leaseOwner !== claim.owner) return 'IN_PROGRESS';
      return sameRequest ? 'RESUME' : 'CONFLICT';
    }
    case 'FAILED':
    case 'PENDING':
    default:
      return sameRequest ? 'RESUME' : 'CONFLICT';
  }
}
