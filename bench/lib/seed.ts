import * as jsforce from 'jsforce';

/** Seeded records the benchmark's deals use (src/sandbox/seed/salesforce.json). */
export const SEED = {
  pricebook: '01sDn0000000001IAA',
  entries: {
    enterprisePlan: '01uDn0000000003IAA',
    seats: '01uDn0000000005IAA',
    apiCreditsEntitlement: '01uDn0000000009IAA',
  },
} as const;

export function salesforceConnection(d: { instanceUrl: string; accessToken: string; apiVersion: string }): jsforce.Connection {
  return new jsforce.Connection({ instanceUrl: d.instanceUrl, accessToken: d.accessToken, version: d.apiVersion });
}

/** sObject Collections, 200 records per request (allOrNone); ids in order — the tests' helper, one copy. */
import { createAll } from '../../test/helpers/read-salesforce';

export { createAll };

export interface Deals {
  accountIds: string[];
  opportunityIds: string[];
  /** account of each opportunity, in opportunity order */
  accountOf: string[];
}

/**
 * Closed-won deals on the custom Enterprise plan (billing outside Stigg: nothing to
 * charge, no billing email needed): `accountOfDeal(i)` picks deal i's account.
 */
export async function createDeals(conn: jsforce.Connection, opts: {
  label: string; accounts: number; deals: number; closeDate: string; accountOfDeal: (i: number) => number; creditEntitlement: boolean;
}): Promise<Deals> {
  const accountIds = await createAll(conn, 'Account',
    Array.from({ length: opts.accounts }, (_, a) => ({ Name: `${opts.label} account ${a}`, CurrencyIsoCode: 'USD' })));
  const accountOf = Array.from({ length: opts.deals }, (_, i) => accountIds[opts.accountOfDeal(i)]);
  const opportunityIds = await createAll(conn, 'Opportunity', accountOf.map((accountId, i) => ({
    AccountId: accountId,
    Name: `${opts.label} deal ${i}`,
    StageName: 'Closed Won',
    CloseDate: opts.closeDate,
    Pricebook2Id: SEED.pricebook,
    CurrencyIsoCode: 'USD',
  })));
  await createAll(conn, 'OpportunityLineItem', opportunityIds.flatMap((opportunityId) => [
    { OpportunityId: opportunityId, PricebookEntryId: SEED.entries.enterprisePlan, Quantity: 1, UnitPrice: 0 },
    { OpportunityId: opportunityId, PricebookEntryId: SEED.entries.seats, Quantity: 25, UnitPrice: 0 },
    ...(opts.creditEntitlement ? [{ OpportunityId: opportunityId, PricebookEntryId: SEED.entries.apiCreditsEntitlement, Quantity: 20_000, UnitPrice: 0 }] : []),
  ]));
  return { accountIds, opportunityIds, accountOf };
}
