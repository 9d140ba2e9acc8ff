/**
 * `opportunities(first:, after:)`: keyset pagination ordered by id (`WHERE Id > :cursor ORDER BY
 * Id`), `first` defaulting to 50, 1..200 allowed, anything else BAD_USER_INPUT naming `first`
 * before any upstream call.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { createDealSet, DealSet } from '../helpers/read-deals';
import { countUpstreamRequests } from '../helpers/read-counts';
import { salesforceConnection } from '../helpers/read-salesforce';
import { seedOpportunityIds } from '../helpers/read-seed';

let stack: TestStack;
let deals: DealSet;

beforeAll(async () => {
  stack = await startTestStack();
  deals = await createDealSet(stack, { label: 'Paging', accounts: 1, opportunities: 60, closeDate: () => '2026-10-01' });
});
afterAll(async () => {
  await stack?.stop();
});

interface Page {
  edges: Array<{ cursor: string; node: { id: string; name: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const QUERY = `query($filter: OpportunityFilter, $first: Int, $after: String) {
  opportunities(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function page(variables: Record<string, unknown>): Promise<Page> {
  const res = await stack.graphql<{ opportunities: Page }>(QUERY, variables);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.opportunities;
}

/** Follows endCursor until hasNextPage is false; returns the pages. */
async function walk(filter: Record<string, unknown>, first: number): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (;;) {
    const p = await page({ filter, first, after });
    pages.push(p);
    if (!p.pageInfo.hasNextPage) return pages;
    after = p.pageInfo.endCursor;
    expect(pages.length).toBeLessThan(100);
  }
}

describe('opportunities paging', () => {
  test('without first, a page holds 50 opportunities and says there are more', async () => {
    const p = await page({ filter: { accountId: deals.accountIds[0] } });
    expect(p.edges.map((e) => e.node.id)).toEqual(deals.opportunityIds.slice(0, 50));
    expect(p.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: p.edges[0].cursor, endCursor: p.edges[49].cursor });
  });

  test('walking 60 opportunities 7 at a time visits each once, in id order, over 9 pages', async () => {
    const pages = await walk({ accountId: deals.accountIds[0] }, 7);
    expect(pages.map((p) => p.edges.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 4]);
    expect(pages.flatMap((p) => p.edges.map((e) => e.node.id))).toEqual(deals.opportunityIds);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true, true, true, true, true, true, true, true]);
    for (const p of pages) {
      expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
      expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
    }
    expect(pages[0].edges[0].node.name).toBe('Paging deal 0');
  });

  test('the whole org pages past the seed into the created deals, sorted by id', async () => {
    const pages = await walk({}, 25);
    const all = pages.flatMap((p) => p.edges.map((e) => e.node.id));
    const expected = [...seedOpportunityIds(() => true), ...deals.opportunityIds];
    expect(all).toEqual(expected);
    expect([...all].sort()).toEqual(all);
    expect(pages).toHaveLength(Math.ceil(expected.length / 25));
  });

  test('a cursor is a position, not an offset: deleting a row before it does not shift the next page', async () => {
    const first = await page({ filter: { accountId: deals.accountIds[0] }, first: 5 });
    await salesforceConnection(stack).sobject('Opportunity').destroy(first.edges[2].node.id);
    const next = await page({ filter: { accountId: deals.accountIds[0] }, first: 5, after: first.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.id)).toEqual(deals.opportunityIds.slice(5, 10));
  });

  test('first: 200 is allowed; the page is the whole rest', async () => {
    const p = await page({ first: 200 });
    expect(p.edges.length).toBe(seedOpportunityIds(() => true).length + deals.opportunityIds.length - 1); // one was deleted above
    expect(p.pageInfo.hasNextPage).toBe(false);
  });

  test.each([201, 1000, 0, -1])('first: %i is BAD_USER_INPUT on field "first", before any upstream call', async (first) => {
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql(QUERY, { first }));
    expect(result.body.data).toBeNull();
    expect(result.body.errors).toEqual([expect.objectContaining({
      path: ['opportunities'], extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    })]);
    expect(result.body.errors![0].message).toBe('first must be between 1 and 200');
    expect(counts).toEqual({ salesforce: {}, stigg: {} });
  });

  test.each([
    ['not base64 of a cursor', 'garbage'],
    ['another record kind', Buffer.from('opp:001Dn0000000001IAA').toString('base64url')],
    ['a bad checksum', Buffer.from('opp:006Dn0000000001XXX').toString('base64url')],
  ])('an after cursor that is %s is BAD_USER_INPUT on field "after"', async (_why, after) => {
    const { result, counts } = await countUpstreamRequests(stack, () => stack.graphql(QUERY, { after }));
    expect(result.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } })]);
    expect(counts).toEqual({ salesforce: {}, stigg: {} });
  });
});
