import { Journal, InvalidCursorError } from '../journal';
import { ProvisioningRequest } from '../../domain/provisioning-plan';
import { Principal } from '../../domain/principal';
import { RequestLoaders } from '../loaders/request-loaders';
import { GatewayError } from '../../errors/gateway-error';
import { ProvisioningService } from './provisioning-service';
import { runView, RunView } from './run-view';
import { normalizeSalesforceId } from '../salesforce/ids';

const MAX_RUNS_PAGE = 200;

/** The API's face of provisioning runs: start/resume one, read one, list them. */
export class ProvisioningRuns {
  constructor(private readonly journal: Journal, private readonly service: ProvisioningService) {}

  /** Starts or resumes a run, as `principal`, reading what the planner needs through the request's loaders. */
  async provision(loaders: RequestLoaders, principal: Principal, request: ProvisioningRequest): Promise<RunView> {
    return runView(await this.service.provision(loaders, principal, request));
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
      const edges = page.edges.map((e) => ({ cursor: e.cursor, node: runView(e.node) }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: after != null, startCursor: edges[0]?.cursor ?? null, endCursor: page.endCursor },
        hasNextPage: page.hasNextPage,
        endCursor: page.endCursor,
      };
    } catch (err) {
      if (err instanceof InvalidCursorError) throw GatewayError.badInput('after', 'after is not a cursor this API returned');
      throw err;
    }
  }
}
