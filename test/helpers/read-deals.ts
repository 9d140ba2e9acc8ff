import { TestStack } from './test-stack';
import { createAll, salesforceConnection, SEED } from './read-salesforce';

export interface DealSet {
  accountIds: string[];
  /** Contacts per account, in account order. */
  contactEmails: string[][];
  /** In creation order (= id order); opportunity i belongs to account i % accounts. */
  opportunityIds: string[];
}

export interface DealSetOptions {
  /** Distinguishes the names (and emails) of this set's records. */
  label: string;
  accounts: number;
  opportunities: number;
  /** CloseDate of opportunity i. */
  closeDate: (i: number) => string;
  stageName?: string;
}

/**
 * Creates accounts (two contacts each) and closed-won opportunities spread round-robin over
 * them, each with three line items (Growth plan, 5 Seats at 10% off, 1,000 API credits), all
 * through jsforce's sObject Collections against the stack's Salesforce emulator.
 */
export async function createDealSet(stack: TestStack, opts: DealSetOptions): Promise<DealSet> {
  const conn = salesforceConnection(stack);
  const slug = opts.label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const accountIds = await createAll(conn, 'Account',
    Array.from({ length: opts.accounts }, (_, a) => ({ Name: `${opts.label} account ${a}`, CurrencyIsoCode: 'USD' })));
  const contactEmails = accountIds.map((_, a) => [`billing-${a}@${slug}.example`, `ops-${a}@${slug}.example`]);
  await createAll(conn, 'Contact', accountIds.flatMap((accountId, a) => contactEmails[a].map((email, c) => ({
    AccountId: accountId, FirstName: c === 0 ? 'Bill' : 'Opal', LastName: `${opts.label} ${a}`, Email: email,
  }))));
  const opportunityIds = await createAll(conn, 'Opportunity', Array.from({ length: opts.opportunities }, (_, i) => ({
    AccountId: accountIds[i % opts.accounts],
    Name: `${opts.label} deal ${i}`,
    StageName: opts.stageName ?? 'Closed Won',
    CloseDate: opts.closeDate(i),
    Pricebook2Id: SEED.pricebook,
    CurrencyIsoCode: 'USD',
  })));
  await createAll(conn, 'OpportunityLineItem', opportunityIds.flatMap((opportunityId) => [
    { OpportunityId: opportunityId, PricebookEntryId: SEED.entries.growthPlan, Quantity: 1, UnitPrice: 500 },
    { OpportunityId: opportunityId, PricebookEntryId: SEED.entries.seats, Quantity: 5, UnitPrice: 20, Discount: 10 },
    { OpportunityId: opportunityId, PricebookEntryId: SEED.entries.apiCredits, Quantity: 1000, UnitPrice: 0.05 },
  ]));
  return { accountIds, contactEmails, opportunityIds };
}

/** provisionOpportunity through the gateway; throws unless the run SUCCEEDED. */
export async function provisionThroughGateway(stack: TestStack, input: Record<string, unknown>): Promise<{ subscriptionId: string; customerId: string }> {
  const res = await stack.graphql<{ provisionOpportunity: { status: string; subscriptionId: string; customerId: string; error: unknown } }>(
    'mutation P($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { status subscriptionId customerId error { code message step } } }',
    { input });
  const run = res.body.data?.provisionOpportunity;
  if (!run || run.status !== 'SUCCEEDED') throw new Error(`provisioning ${JSON.stringify(input)} failed: ${JSON.stringify(res.body)}`);
  return { subscriptionId: run.subscriptionId, customerId: run.customerId };
}
