/**
 * Reconciliation over HTTP against the sandbox: drift made through the real jsforce (seats edited
 * after close, a cleared Salesforce id, a deal lost after provisioning, a won deal never
 * provisioned) and through the Stigg SDK (an add-on removed, a subscription made outside any deal)
 * is found with both sides' values; `resyncOpportunity` repairs Salesforce's fields, once, with no
 * Stigg write, and is audited. Every scenario is on an account of its own and filtered by it.
 */
import * as jsforce from 'jsforce';
import { Stigg } from '@stigg/node-server-sdk';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { ENTRY, Json, createDeal, provision, resetCounters, salesforce, writesCounted } from '../helpers/provisioning-helpers';
import { amend, amendmentDeal } from '../helpers/lifecycle-helpers';
import { createStiggCustomer, stiggClient } from '../helpers/read-stigg';
import { countUpstreamRequests } from '../helpers/read-counts';

let stack: TestStack;
let conn: jsforce.Connection;
let stigg: Stigg;

beforeAll(async () => {
  // the paging tests walk every drift one page of 1 at a time, as fast as the gateway answers: on a fast
  // machine more than the default 100-request burst of the caller's rate limit, which is not under test here
  stack = await startTestStack({ RECONCILIATION_INTERVAL_MS: '0', GATEWAY_RATE_LIMIT_PER_SECOND: '10000', GATEWAY_RATE_LIMIT_BURST: '10000' });
  conn = salesforce(stack);
  stigg = await stiggClient(stack);
});
afterAll(async () => {
  await stigg?.close();
  await stack?.stop();
});

const GROWTH = { entry: ENTRY.growthPlan, quantity: 1, unitPrice: 500 };
const ENTERPRISE = { entry: ENTRY.enterprisePlan, quantity: 1, unitPrice: 2000 };
const seats = (quantity: number) => ({ entry: ENTRY.seats, quantity, unitPrice: 20 });
const SSO = { entry: ENTRY.ssoAddon, quantity: 1, unitPrice: 150 };

const DRIFT_FIELDS = 'kind opportunityId subscriptionId customerId field salesforceValue stiggValue message';
const RECONCILIATION = `query Reconciliation($filter: ReconciliationFilter, $first: Int, $after: String) {
  reconciliation(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${DRIFT_FIELDS} } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const RESYNC = `mutation Resync($id: ID!) { resyncOpportunity(opportunityId: $id) { id stiggSubscriptionId subscription { id status } } }`;

async function page(filter: Json, first?: number, after?: string): Promise<Json> {
  const result = await stack.graphql<Json>(RECONCILIATION, { filter, first, after });
  if (result.body.errors?.length) throw new Error(JSON.stringify(result.body.errors));
  return result.body.data.reconciliation;
}

/** Every drift of the filter, page after page. */
async function drifts(filter: Json, first = 50): Promise<Json[]> {
  const all: Json[] = [];
  let after: string | undefined;
  for (let i = 0; i < 100; i++) {
    const p = await page(filter, first, after);
    all.push(...p.edges.map((e: Json) => e.node));
    if (!p.pageInfo.hasNextPage) return all;
    after = p.pageInfo.endCursor;
  }
  throw new Error('reconciliation did not end');
}

async function resync(opportunityId: string): Promise<Json> {
  const result = await stack.graphql<Json>(RESYNC, { id: opportunityId });
  if (result.body.errors?.length) throw new Error(JSON.stringify(result.body.errors));
  return result.body.data.resyncOpportunity;
}

/** Sets a subscription's add-ons in the Stigg emulator with Stigg's updateOneSubscription (GraphQL, as docs.stigg.io documents it). */
async function setAddonsInStigg(subscriptionId: string, addons: Array<{ addonId: string; quantity: number }>): Promise<void> {
  const response = await fetch(`${stack.sandbox.stigg.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': stack.sandbox.stigg.apiKey },
    body: JSON.stringify({
      query: 'mutation SetAddons($input: UpdateSubscriptionInput!) { updateOneSubscription(input: $input) { subscriptionId } }',
      variables: { input: { subscriptionId, addons } },
    }),
  });
  const body = await response.json() as Json;
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
}

async function update(sobject: string, record: Json): Promise<void> {
  const result = await conn.sobject(sobject).update(record) as Json;
  if (!result.success) throw new Error(`update failed: ${JSON.stringify(result)}`);
}

async function lineOf(opportunityId: string, entry: string): Promise<string> {
  const { records } = await conn.query<Json>(`SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${opportunityId}' AND PricebookEntryId = '${entry}'`);
  return records[0].Id;
}

/** A provisioned deal on a new account, its mirrored fields resynced so that it starts with no drift. */
async function provisionedDeal(name: string, lines: Json[], paymentCollectionMethod = 'NONE'): Promise<{ opportunityId: string; accountId: string; subscriptionId: string }> {
  const deal = await createDeal(conn, { name, lines });
  const run = await provision(stack, { opportunityId: deal.opportunityId, paymentCollectionMethod });
  expect(run.status).toBe('SUCCEEDED');
  await resync(deal.opportunityId);
  expect(await drifts({ accountId: deal.accountId })).toEqual([]);
  return { ...deal, subscriptionId: run.subscriptionId };
}

describe('every drift kind is found', () => {
  it('a won deal never provisioned is WON_NOT_PROVISIONED', async () => {
    const deal = await createDeal(conn, { name: 'Never Provisioned Co', lines: [GROWTH, seats(3)] });
    expect(await drifts({ accountId: deal.accountId })).toEqual([expect.objectContaining({
      kind: 'WON_NOT_PROVISIONED', opportunityId: deal.opportunityId, subscriptionId: null, field: null, salesforceValue: null, stiggValue: null,
    })]);
  });

  it('seats edited after close are a QUANTITY_MISMATCH naming the term and both values', async () => {
    const deal = await provisionedDeal('Seats Edited Co', [GROWTH, seats(5)]);
    await update('OpportunityLineItem', { Id: await lineOf(deal.opportunityId, ENTRY.seats), Quantity: 8 });
    const found = await drifts({ accountId: deal.accountId });
    expect(found).toEqual([expect.objectContaining({
      kind: 'QUANTITY_MISMATCH', opportunityId: deal.opportunityId, subscriptionId: deal.subscriptionId,
      field: expect.stringMatching(/^(unitQuantity|billableFeatures\.feature-seats)$/), salesforceValue: '8', stiggValue: '5',
    })]);
    expect(found[0].message).toContain(deal.subscriptionId);
  });

  it('an add-on removed in Stigg (updateOneSubscription) is an ADDON_MISMATCH', async () => {
    const deal = await provisionedDeal('Addon Removed Co', [GROWTH, seats(5), SSO]);
    await setAddonsInStigg(deal.subscriptionId, []);
    expect(await drifts({ accountId: deal.accountId })).toEqual([expect.objectContaining({
      kind: 'ADDON_MISMATCH', opportunityId: deal.opportunityId, field: 'addons.addon-sso', salesforceValue: '1', stiggValue: null,
    })]);
  });

  it('credits edited after close are a CREDIT_MISMATCH', async () => {
    const deal = await provisionedDeal('Credits Edited Co', [GROWTH, seats(5), { entry: ENTRY.apiCredits, quantity: 1000, unitPrice: 0 }]);
    await update('OpportunityLineItem', { Id: await lineOf(deal.opportunityId, ENTRY.apiCredits), Quantity: 2500 });
    expect(await drifts({ accountId: deal.accountId })).toEqual([expect.objectContaining({
      kind: 'CREDIT_MISMATCH', opportunityId: deal.opportunityId, field: expect.stringMatching(/^creditEntitlements\./),
      salesforceValue: expect.stringMatching(/^2500 per /), stiggValue: expect.stringMatching(/^1000 per /),
    })]);
  });

  it('a plan line replaced after close is a PLAN_MISMATCH; a sales price edited after close a PRICE_MISMATCH', async () => {
    const deal = await provisionedDeal('Plan Swapped Co', [GROWTH, seats(5)], 'INVOICE');
    await update('OpportunityLineItem', { Id: await lineOf(deal.opportunityId, ENTRY.seats), UnitPrice: 15 });
    const priced = await drifts({ accountId: deal.accountId });
    expect(priced).toEqual([expect.objectContaining({ kind: 'PRICE_MISMATCH', field: expect.stringMatching(/^priceOverrides\./), salesforceValue: '15 USD' })]);

    await conn.sobject('OpportunityLineItem').destroy(await lineOf(deal.opportunityId, ENTRY.growthPlan));
    await conn.sobject('OpportunityLineItem').create({ OpportunityId: deal.opportunityId, PricebookEntryId: ENTERPRISE.entry, Quantity: 1, UnitPrice: 2000 });
    const found = await drifts({ accountId: deal.accountId, kinds: ['PLAN_MISMATCH'] });
    expect(found).toEqual([expect.objectContaining({ kind: 'PLAN_MISMATCH', field: 'planId', salesforceValue: 'plan-enterprise', stiggValue: 'plan-growth' })]);
  });

  it('a cleared Salesforce id is STALE_SALESFORCE_ID, and a status field that disagrees STATUS_NOT_SYNCED', async () => {
    const deal = await provisionedDeal('Cleared Id Co', [GROWTH, seats(5)]);
    await update('Opportunity', { Id: deal.opportunityId, Stigg_Subscription_Id__c: null, Stigg_Subscription_Status__c: 'CANCELED' });
    expect(await drifts({ accountId: deal.accountId })).toEqual([
      expect.objectContaining({
        kind: 'STALE_SALESFORCE_ID', opportunityId: deal.opportunityId, field: 'Stigg_Subscription_Id__c', salesforceValue: null, stiggValue: deal.subscriptionId,
      }),
      expect.objectContaining({ kind: 'STATUS_NOT_SYNCED', field: 'Stigg_Subscription_Status__c', salesforceValue: 'CANCELED', stiggValue: 'ACTIVE' }),
    ]);
  });

  it('a subscription whose deal was lost is SUBSCRIPTION_WITHOUT_OPPORTUNITY', async () => {
    const deal = await provisionedDeal('Lost Later Co', [GROWTH, seats(5)]);
    await update('Opportunity', { Id: deal.opportunityId, StageName: 'Closed Lost' });
    expect(await drifts({ accountId: deal.accountId })).toEqual([expect.objectContaining({
      kind: 'SUBSCRIPTION_WITHOUT_OPPORTUNITY', subscriptionId: deal.subscriptionId, opportunityId: deal.opportunityId,
      field: 'salesforceId', salesforceValue: 'Closed Lost', stiggValue: deal.opportunityId,
    })]);
  });

  it('a subscription made in Stigg (through the SDK) that names no deal is SUBSCRIPTION_WITHOUT_OPPORTUNITY', async () => {
    const account = await conn.sobject('Account').create({ Name: 'Stigg Only Co', CurrencyIsoCode: 'USD' }) as Json;
    const customerId = `stigg-only-${account.id}`;
    await createStiggCustomer(stigg, { customerId, salesforceId: account.id });
    await stigg.provisionSubscription({ customerId, planId: 'plan-free', skipTrial: true } as never);
    const [made] = [...stack.sandbox.stigg.store.subscriptions.values()].filter((s) => s.customerId === customerId);
    expect(await drifts({ accountId: account.id })).toEqual([expect.objectContaining({
      kind: 'SUBSCRIPTION_WITHOUT_OPPORTUNITY', subscriptionId: made.subscriptionId, customerId, opportunityId: null, salesforceValue: null, stiggValue: null,
    })]);
  });
});

describe('amendments', () => {
  it('count against the subscription as it is now: the original deal stops counting, the amendment is compared', async () => {
    const deal = await provisionedDeal('Amended Co', [GROWTH, seats(5)]);
    const amendment = await amendmentDeal(conn, { name: 'Amended Co more', accountId: deal.accountId, subscriptionId: deal.subscriptionId, lines: [GROWTH, seats(9)] });
    await update('Opportunity', { Id: amendment, CloseDate: '2026-04-01' });
    expect((await amend(stack, { opportunityId: amendment })).status).toBe('SUCCEEDED');
    await resync(amendment);
    // The original deal says 5 seats and the subscription has 9: no drift, the amendment is the deal now.
    expect(await drifts({ accountId: deal.accountId })).toEqual([]);
    // The mirrored status stays on the deal that made the subscription, as the webhooks write it; the amendment names the subscription.
    const { records } = await conn.query<Json>(`SELECT Id, Stigg_Subscription_Id__c, Stigg_Subscription_Status__c FROM Opportunity WHERE Id IN ('${deal.opportunityId}', '${amendment}') ORDER BY Id`);
    expect(records.map((r: Json) => [r.Id, r.Stigg_Subscription_Id__c, r.Stigg_Subscription_Status__c ?? null])).toEqual([
      [deal.opportunityId, deal.subscriptionId, 'ACTIVE'], [amendment, deal.subscriptionId, null],
    ]);

    await update('OpportunityLineItem', { Id: await lineOf(amendment, ENTRY.seats), Quantity: 10 });
    expect(await drifts({ accountId: deal.accountId })).toEqual([
      expect.objectContaining({ kind: 'QUANTITY_MISMATCH', opportunityId: amendment, subscriptionId: deal.subscriptionId, salesforceValue: '10', stiggValue: '9' }),
    ]);
  });
});

describe('paging and filters', () => {
  it('pages of one drift resume inside an opportunity and return exactly what one page does', async () => {
    const deal = await provisionedDeal('Many Drifts Co', [GROWTH, seats(5), SSO]);
    await update('OpportunityLineItem', { Id: await lineOf(deal.opportunityId, ENTRY.seats), Quantity: 6 });
    await update('Opportunity', { Id: deal.opportunityId, Stigg_Subscription_Id__c: null });
    await setAddonsInStigg(deal.subscriptionId, []);
    const whole = await drifts({ accountId: deal.accountId }, 200);
    expect(whole.map((d) => d.kind).sort()).toEqual(['ADDON_MISMATCH', 'QUANTITY_MISMATCH', 'STALE_SALESFORCE_ID']);
    expect(await drifts({ accountId: deal.accountId }, 1)).toEqual(whole);
    expect(await drifts({ accountId: deal.accountId, kinds: ['ADDON_MISMATCH', 'STALE_SALESFORCE_ID'] }, 1))
      .toEqual(whole.filter((d) => d.kind !== 'QUANTITY_MISMATCH'));
  });

  it('costs a fixed number of upstream requests per page, whatever its size (every page of the seed and of these suites)', async () => {
    await page({}, 200); // the catalog and Opportunity's describe are read once per process
    for (const first of [1, 20, 200]) {
      let after: string | undefined;
      for (let more = true; more;) {
        const { result, counts } = await countUpstreamRequests(stack, () => page({}, first, after));
        // Salesforce: the page, its line items, the mirrored fields, the deals naming its subscriptions (README);
        // Stigg: one lookup document and one for customers named only by accounts' fields; or one list for a page of subscriptions.
        expect(counts.salesforce.query ?? 0).toBeLessThanOrEqual(4);
        expect(counts.stigg.graphql ?? 0).toBeLessThanOrEqual(2);
        more = result.pageInfo.hasNextPage;
        after = result.pageInfo.endCursor;
      }
    }
  });

  it('refuses a cursor it did not return, a bad account id and a page size out of range', async () => {
    for (const [variables, field] of [
      [{ after: 'bm90LWEtY3Vyc29y' }, 'after'],
      [{ filter: { accountId: '006Dn0000000001IAA' } }, 'filter.accountId'],
      [{ first: 500 }, 'first'],
    ] as const) {
      const result = await stack.graphql<Json>(RECONCILIATION, variables);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('resyncOpportunity', () => {
  it("repairs the opportunity's Stigg fields from Stigg with no Stigg write, is idempotent and audited", async () => {
    const deal = await provisionedDeal('Resync Co', [GROWTH, seats(5)]);
    await update('Opportunity', { Id: deal.opportunityId, Stigg_Subscription_Id__c: null, Stigg_Subscription_Status__c: 'EXPIRED', Stigg_Plan_Id__c: 'plan-free' });
    expect((await drifts({ accountId: deal.accountId })).map((d) => d.kind)).toEqual(['STALE_SALESFORCE_ID', 'STATUS_NOT_SYNCED', 'STATUS_NOT_SYNCED']);

    resetCounters(stack);
    const repaired = await resync(deal.opportunityId);
    expect(repaired).toMatchObject({ id: deal.opportunityId, stiggSubscriptionId: deal.subscriptionId, subscription: { id: deal.subscriptionId, status: 'ACTIVE' } });
    expect(writesCounted(stack)).toEqual({ 'salesforce.update': 1 });
    const { records } = await conn.query<Json>(`SELECT Stigg_Subscription_Id__c, Stigg_Subscription_Status__c, Stigg_Plan_Id__c FROM Opportunity WHERE Id = '${deal.opportunityId}'`);
    expect(records[0]).toMatchObject({ Stigg_Subscription_Id__c: deal.subscriptionId, Stigg_Subscription_Status__c: 'ACTIVE', Stigg_Plan_Id__c: 'plan-growth' });
    expect(await drifts({ accountId: deal.accountId })).toEqual([]);

    resetCounters(stack);
    expect(await resync(deal.opportunityId)).toEqual(repaired);
    expect(writesCounted(stack)).toEqual({});

    // provisionedDeal resynced once, then twice here.
    const audit = await stack.gateway.services.journal.audit.listAudit({ first: 200 });
    expect(audit.filter((a) => a.operation === 'resyncOpportunity' && a.target === deal.opportunityId).map((a) => a.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('leaves term drift alone: it never writes to Stigg', async () => {
    const deal = await provisionedDeal('Resync Terms Co', [GROWTH, seats(5)]);
    await update('OpportunityLineItem', { Id: await lineOf(deal.opportunityId, ENTRY.seats), Quantity: 7 });
    resetCounters(stack);
    await resync(deal.opportunityId);
    expect(writesCounted(stack)).toEqual({});
    expect((await drifts({ accountId: deal.accountId })).map((d) => d.kind)).toEqual(['QUANTITY_MISMATCH']);
  });

  it('answers NOT_FOUND for an opportunity Salesforce does not have, and BAD_USER_INPUT for a malformed id', async () => {
    const missing = await stack.graphql<Json>(RESYNC, { id: '006Dn0000000999IAA' });
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await stack.graphql<Json>(RESYNC, { id: 'nope' });
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'opportunityId' });
  });
});
