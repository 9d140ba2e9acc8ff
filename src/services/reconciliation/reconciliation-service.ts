import { SalesforceFieldNames } from '../../config/gateway-config';
import { Opportunity } from '../../domain/salesforce-records';
import { RequestLoaders } from '../loaders/request-loaders';
import { pageSize } from '../opportunities/opportunity-reads';
import { normalizeSalesforceId } from '../salesforce/ids';
import { StiggBatchReader } from '../stigg/stigg-batch-reader';
import { Drift, DRIFT_KINDS, DriftKind } from './drift';
import { OpportunityInspector } from './opportunity-inspector';
import { opportunityDrifts } from './opportunity-drifts';
import { decodeReconciliationCursor, encodeReconciliationCursor, ReconciliationPosition } from './reconciliation-cursor';
import { subscriptionWithoutOpportunity } from './subscription-drifts';
import { WonOpportunityPages } from './won-opportunity-page';

export interface ReconciliationFilterArgs {
  kinds?: readonly DriftKind[] | null;
  accountId?: string | null;
}

export interface DriftConnectionResult {
  edges: Array<{ cursor: string; node: Drift }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface ReconciliationDeps {
  pages: WonOpportunityPages;
  inspector: OpportunityInspector;
  stigg: StiggBatchReader;
  fields: SalesforceFieldNames;
}

/**
 * `reconciliation(filter, first, after)`: where Salesforce and Stigg disagree, a page at a time.
 *
 * A page looks at up to `first` records and returns at most `first` drifts: first the won
 * opportunities (Id order: WON_NOT_PROVISIONED, STALE_SALESFORCE_ID, STATUS_NOT_SYNCED and the term
 * drifts), then Stigg's live subscriptions (subscription id order: SUBSCRIPTION_WITHOUT_OPPORTUNITY).
 * Its upstream requests are a fixed number whatever `first` is (OpportunityInspector for an
 * opportunity page; one Stigg list and two SOQL queries for a subscription page). So a page may hold
 * fewer drifts than `first`, none even, while `hasNextPage` is true: `pageInfo.endCursor` is where
 * the next page starts, past the records this page looked at.
 */
export class ReconciliationService {
  constructor(private readonly deps: ReconciliationDeps) {}

  async page(loaders: RequestLoaders, filter: ReconciliationFilterArgs, first: number | null | undefined, after: string | null | undefined): Promise<DriftConnectionResult> {
    const size = pageSize(first);
    const kinds = new Set<DriftKind>(filter.kinds && filter.kinds.length > 0 ? filter.kinds : DRIFT_KINDS);
    const accountId = filter.accountId ? normalizeSalesforceId(filter.accountId, 'filter.accountId', 'Account') : null;
    const wantsOpportunities = [...kinds].some((k) => k !== 'SUBSCRIPTION_WITHOUT_OPPORTUNITY');
    const wantsSubscriptions = kinds.has('SUBSCRIPTION_WITHOUT_OPPORTUNITY');
    let position: ReconciliationPosition = after
      ? decodeReconciliationCursor(after)
      : { phase: 'opportunities', id: null, skip: 0 };
    if (position.phase === 'opportunities' && !wantsOpportunities) position = { phase: 'subscriptions', id: null };
    const hasPreviousPage = Boolean(after);
    if (position.phase === 'subscriptions' && !wantsSubscriptions) {
      return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage, startCursor: null, endCursor: null } };
    }
    const found = position.phase === 'opportunities'
      ? await this.opportunityPage(loaders, kinds, accountId, position, size, wantsSubscriptions)
      : await this.subscriptionPage(loaders, accountId, position.id, size);
    return {
      edges: found.edges,
      pageInfo: { hasNextPage: found.next !== null, hasPreviousPage, startCursor: found.edges[0]?.cursor ?? null, endCursor: found.next ?? found.edges.at(-1)?.cursor ?? null },
    };
  }

  /** Every drift, page after page (the scheduled reconciliation). */
  async *all(newLoaders: () => RequestLoaders, filter: ReconciliationFilterArgs, first: number): AsyncGenerator<Drift> {
    let after: string | null = null;
    for (;;) {
      const page = await this.page(newLoaders(), filter, first, after);
      for (const edge of page.edges) yield edge.node;
      if (!page.pageInfo.hasNextPage) return;
      after = page.pageInfo.endCursor;
    }
  }

  private async opportunityPage(
    loaders: RequestLoaders, kinds: ReadonlySet<DriftKind>, accountId: string | null,
    position: { id: string | null; skip: number }, size: number, wantsSubscriptions: boolean,
  ): Promise<{ edges: DriftConnectionResult['edges']; next: string | null }> {
    const from = position.id ? { id: position.id, inclusive: position.skip > 0 } : null;
    const { opportunities, accounts, hasNextPage } = await this.deps.pages.page({ accountId, from, first: size });
    for (const account of accounts) loaders.primeAccount(account);
    for (const opp of opportunities) loaders.opportunity.prime(opp.id, opp);
    const findings = await this.deps.inspector.inspect(loaders, opportunities);
    const edges: DriftConnectionResult['edges'] = [];
    for (const [i, f] of findings.entries()) {
      const opp: Opportunity = opportunities[i];
      const drifts = opportunityDrifts(f, this.deps.fields).filter((d) => kinds.has(d.kind));
      const start = from?.inclusive && opp.id === from.id ? position.skip : 0;
      for (let j = start; j < drifts.length; j++) {
        if (edges.length === size) {
          // The page is full inside this opportunity's findings: the next page looks at it again.
          return { edges, next: edges.at(-1)!.cursor };
        }
        edges.push({ cursor: encodeReconciliationCursor({ phase: 'opportunities', id: opp.id, skip: j + 1 }), node: drifts[j] });
      }
    }
    const last = opportunities.at(-1);
    if (hasNextPage && last) return { edges, next: encodeReconciliationCursor({ phase: 'opportunities', id: last.id, skip: 0 }) };
    return { edges, next: wantsSubscriptions ? encodeReconciliationCursor({ phase: 'subscriptions', id: null }) : null };
  }

  private async subscriptionPage(loaders: RequestLoaders, accountId: string | null, afterId: string | null, size: number)
    : Promise<{ edges: DriftConnectionResult['edges']; next: string | null }> {
    let account: { salesforceIds: string[]; customerIds: string[] } | null = null;
    if (accountId) {
      const record = await loaders.accountOf(accountId);
      account = { salesforceIds: [accountId, accountId.slice(0, 15)], customerIds: record?.stiggCustomerId ? [record.stiggCustomerId] : [] };
    }
    const { subscriptions, hasNextPage } = await this.deps.stigg.liveSubscriptionsPage({ afterId, first: size, account });
    const origins = await Promise.all(subscriptions.map(async (subscription) => {
      const namedId = subscription.salesforceId ? opportunityIdOrNull(subscription.salesforceId) : null;
      const [named, namingIt] = await Promise.all([
        namedId ? loaders.opportunity.load(namedId) : Promise.resolve(null),
        loaders.opportunityBySubscriptionId.load(subscription.id),
      ]);
      return { subscription, named, namingIt };
    }));
    const edges = origins
      .map((o) => ({ o, drift: subscriptionWithoutOpportunity(o) }))
      .filter((x): x is { o: typeof x.o; drift: Drift } => x.drift !== null)
      .map(({ o, drift }) => ({ cursor: encodeReconciliationCursor({ phase: 'subscriptions', id: o.subscription.id }), node: drift }));
    const last = subscriptions.at(-1);
    return { edges, next: hasNextPage && last ? encodeReconciliationCursor({ phase: 'subscriptions', id: last.id }) : null };
  }
}

/** A subscription's salesforceId as an 18-character Opportunity id; null when it is not one (it then names no opportunity). */
function opportunityIdOrNull(id: string): string | null {
  try {
    return normalizeSalesforceId(id, 'salesforceId', 'Opportunity');
  } catch {
    return null;
  }
}
