/**
 * `opportunities(filter:)`: each filter alone and combined, checked against the seed
 * (src/sandbox/seed/salesforce.json), in id order.
 */
import { startTestStack, TestStack } from '../helpers/test-stack';
import { seedOpportunityIds } from '../helpers/read-seed';
import { provisionThroughGateway } from '../helpers/read-deals';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function ids(filter: Record<string, unknown>): Promise<string[]> {
  const res = await stack.graphql<{ opportunities: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean } } }>(
    'query($filter: OpportunityFilter) { opportunities(filter: $filter, first: 200) { edges { node { id } } pageInfo { hasNextPage } } }', { filter });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data!.opportunities.pageInfo.hasNextPage).toBe(false);
  return res.body.data!.opportunities.edges.map((e) => e.node.id);
}

const ACME = '001Dn0000000001IAA';

describe('opportunities(filter:)', () => {
  test('no filter: every seeded opportunity, ordered by id', async () => {
    expect(await ids({})).toEqual(seedOpportunityIds(() => true));
  });

  test('accountId (18 or 15 characters): that account\'s opportunities only', async () => {
    const acme = seedOpportunityIds((o) => o.accountId === ACME);
    expect(acme).toEqual(['006Dn0000000001IAA', '006Dn0000000006IAA', '006Dn0000000011IAA', '006Dn0000000015IAA']);
    expect(await ids({ accountId: ACME })).toEqual(acme);
    expect(await ids({ accountId: ACME.slice(0, 15) })).toEqual(acme);
    expect(await ids({ accountId: ACME.slice(0, 15) + ACME.slice(15).toLowerCase() })).toEqual(acme); // the suffix is case-insensitive
  });

  test('isWon: true gives the Closed Won deals, false the open and lost ones', async () => {
    expect(await ids({ isWon: true })).toEqual(seedOpportunityIds((o) => o.stageName === 'Closed Won'));
    expect(await ids({ isWon: false })).toEqual(['006Dn0000000006IAA', '006Dn0000000007IAA', '006Dn0000000017IAA']);
  });

  test('stageName matches the stage exactly', async () => {
    expect(await ids({ stageName: 'Closed Lost' })).toEqual(['006Dn0000000007IAA', '006Dn0000000017IAA']);
    expect(await ids({ stageName: 'Prospecting' })).toEqual(['006Dn0000000006IAA']);
    expect(await ids({ stageName: 'Closed' })).toEqual([]); // not a prefix match
  });

  test('closedAfter: CloseDate strictly after the day', async () => {
    const expected = seedOpportunityIds((o) => o.closeDate > '2026-02-15');
    expect(expected).toEqual(['006Dn0000000006IAA', '006Dn0000000010IAA', '006Dn0000000011IAA', '006Dn0000000012IAA',
      '006Dn0000000013IAA', '006Dn0000000014IAA', '006Dn0000000015IAA', '006Dn0000000016IAA', '006Dn0000000017IAA']);
    expect(await ids({ closedAfter: '2026-02-15' })).toEqual(expected); // Stark's 2026-02-15 is not after it
    expect(await ids({ closedAfter: '2026-12-31' })).toEqual([]);
  });

  test('filters combine with AND', async () => {
    expect(await ids({ accountId: ACME, isWon: true })).toEqual(['006Dn0000000001IAA', '006Dn0000000011IAA', '006Dn0000000015IAA']);
    expect(await ids({ accountId: ACME, isWon: true, closedAfter: '2026-01-31' })).toEqual(['006Dn0000000011IAA', '006Dn0000000015IAA']);
    expect(await ids({ stageName: 'Closed Won', closedAfter: '2026-02-19', accountId: '001Dn0000000004IAA' })).toEqual(['006Dn0000000012IAA']);
  });

  test('unprovisioned: won deals with no Stigg subscription id written back; false gives the provisioned ones (and amendments, which name their subscription before they close)', async () => {
    const amendments = ['006Dn0000000013IAA', '006Dn0000000014IAA', '006Dn0000000015IAA', '006Dn0000000016IAA'];
    const won = seedOpportunityIds((o) => o.isWon && !amendments.includes(o.id));
    expect(await ids({ unprovisioned: true })).toEqual(won);
    expect(await ids({ unprovisioned: false })).toEqual(amendments);

    // Provisioning writes sub-<opportunityId> back to Stigg_Subscription_Id__c.
    await provisionThroughGateway(stack, { opportunityId: '006Dn0000000002IAA', paymentCollectionMethod: 'INVOICE' });

    expect(await ids({ unprovisioned: true })).toEqual(won.filter((id) => id !== '006Dn0000000002IAA'));
    expect(await ids({ unprovisioned: false })).toEqual(['006Dn0000000002IAA', ...amendments]);
    expect(await ids({ unprovisioned: true, accountId: '001Dn0000000002IAA' })).toEqual(['006Dn0000000010IAA']);
  });
});
