import { Journal, InvalidCursorError } from '../journal';
import { ProvisioningRequest } from '../../domain/provisioning-plan';
import { GatewayContext } from '../../context/gateway-context';
import { GatewayError } from '../../errors/gateway-error';
import { AuditTrail } from '../audit/audit-trail';
import { ProvisioningService } from './provisioning-service';
import { runView, RunView } from './run-view';
import { normalizeSalesforceId } from '../salesforce/ids';

const MAX_RUNS_PAGE = 200;

/** The API's face of provisioning runs: start/resume one (audited), read one, list them. */
export class ProvisioningRuns {
  constructor(private readonly journal: Journal, private readonly service: ProvisioningService, private readonly audit: AuditTrail) {}

  /**
   * Starts or resumes a run. The input is turned into a request inside the
   * audited call, so a refused input (a malformed id, say) is audited too.
   */
  async provision(ctx: GatewayContext, operation: 'provisionOpportunity' | 'startTrial', opportunityId: string,
    toRequest: () => ProvisioningRequest): Promise<RunView> {
    const run = await this.audit.around(ctx.principal, operation, opportunityId,
      () => this.service.provision(ctx.loaders, ctx.principal, toRequest()), (r) => r.status);
    return runView(run);
  }

  async byId(id: string): Promise<RunView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const run = await this.journal.runs.getRun(id);
    return run ? runView(run) : null;
  }

  async byOpportunityIds(ids: readonly string[]): Promise<RunView[]> {
    if (ids.length === 0) return [];
    const page = await this.journal.runs.listRuns({ opportunityIds: ids, first: 1000 });
    return page.edges.map((e) => runView(e.node));
  }

  async list(filter: { status?: string | null; opportunityId?: string | null; since?: Date | null }, first?: number | null, after?: string | null) {
    const size = first ?? 50;
    if (!Number.isInteger(size) || size < 1 || size > MAX_RUNS_PAGE) throw GatewayError.badInput('first', `first must be between 1 and ${MAX_RUNS_PAGE}`);
    // Runs are stored under 18-character ids; a 15-character id finds them too.
    const opportunityId = filter.opportunityId ? normalizeSalesforceId(filter.opportunityId, 'filter.opportunityId', 'Opportunity') : undefined;
    try {
      const page = await this.journal.runs.listRuns({
        status: (filter.status ?? undefined) as never,
        opportunityId,
        since: filter.since ?? undefined,
        first: size,
        after: after ?? null,
      });
      return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: runView(e.node) })), hasNextPage: page.hasNextPage, endCursor: page.endCursor };
    } catch (err) {
      if (err instanceof InvalidCursorError) throw GatewayError.badInput('after', 'after is not a cursor this API returned');
      throw err;
    }
  }
}
