import { Opportunity } from '../../domain/salesforce-records';
import { RequestLoaders } from '../loaders/request-loaders';
import { OpportunitySearch } from '../salesforce/opportunity-search';
import { normalizeSalesforceId } from '../salesforce/ids';
import { decodeOpportunityCursor, encodeOpportunityCursor } from '../salesforce/opportunity-cursor';
import { GatewayError } from '../../errors/gateway-error';
import { RequestScope } from '../../observability/request-scope';
import { SalesforceRecords } from '../salesforce/salesforce-records';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface OpportunityFilterArgs {
  accountId?: string | null;
  isWon?: boolean | null;
  stageName?: string | null;
  closedAfter?: Date | string | null;
  unprovisioned?: boolean | null;
}

export interface OpportunityConnectionResult {
  edges: Array<{ cursor: string; node: Opportunity }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** `first` defaults to 50; outside 1..200 is BAD_USER_INPUT. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw GatewayError.badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

function isoDate(value: Date | string): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10);
}

/** Opportunity reads: by id through the request's loader, and keyset-paged lists. */
export class OpportunityReads {
  constructor(private readonly search: OpportunitySearch) {}

  /** These reads for one request: their queries carry its id. */
  forRequest(scope: RequestScope, records?: SalesforceRecords): OpportunityReads {
    return new OpportunityReads(this.search.forRequest(scope, records));
  }

  async byId(loaders: RequestLoaders, id: string): Promise<Opportunity | null> {
    return loaders.opportunity.load(normalizeSalesforceId(id, 'id', 'Opportunity'));
  }

  async page(loaders: RequestLoaders, filter: OpportunityFilterArgs, first: number | null | undefined, after: string | null | undefined): Promise<OpportunityConnectionResult> {
    const size = pageSize(first);
    const afterId = after ? decodeOpportunityCursor(after) : null;
    const accountId = filter.accountId ? normalizeSalesforceId(filter.accountId, 'filter.accountId', 'Account') : null;
    const { opportunities, accounts, hasNextPage } = await this.search.page(
      { ...filter, accountId, closedAfter: filter.closedAfter ? isoDate(filter.closedAfter) : null }, size, afterId);
    for (const opp of opportunities) loaders.opportunity.prime(opp.id, opp);
    for (const account of accounts) loaders.primeAccount(account);
    const edges = opportunities.map((node) => ({ cursor: encodeOpportunityCursor(node.id), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage,
        hasPreviousPage: afterId !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }
}
