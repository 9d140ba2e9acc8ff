import { SalesforceMirrorFieldNames } from '../../config/gateway-config';
import { Account, Opportunity } from '../../domain/salesforce-records';
import { Subscription } from '../../domain/stigg-entities';
import { accountOfCustomer, customerOfAccount, opportunityOfSubscription, subscriptionOfOpportunity } from '../links/system-links';
import { RequestLoaders } from '../loaders/request-loaders';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { StiggReader } from '../stigg/stigg-reader';
import {
  accountMirrorFieldNames, accountMirrorOf, changedFields, MirroredFields, opportunityMirrorFieldNames, opportunityMirrorOf,
} from './mirrored-values';
import { MirroredValuesReader } from './mirrored-values-reader';

/**
 * The Salesforce mirror of Stigg's state: what an opportunity and its account should say given
 * Stigg's subscription and credit balances, and the writer that makes them say it.
 *
 * API (other services use it; nothing here writes to Stigg):
 *
 * - `plan(opportunityIds, loaders?)` -> `MirrorPlan[]`, one per opportunity found, writing nothing:
 *   the opportunity's `subscription` (the link rule of src/services/links: Stigg's salesforceId wins,
 *   the live one first), its `current` and `desired` mirrored fields and those that differ (`changed`),
 *   and the same for its account (`account`, null when the opportunity has no account or no credit
 *   currency is configured). Reconciliation's STATUS_NOT_SYNCED is a plan with a non-empty `changed`.
 *   Pass the request's RequestLoaders to share its batches; without, a fresh set (no stale cache).
 * - `mirrorOpportunities(opportunityIds, loaders?)` -> `MirrorWrite[]`: `plan`, then one PATCH per
 *   record whose values differ (none when all agree: idempotent). jsforce never retries a PATCH;
 *   the first failed write is thrown (a GatewayError) after every other write was tried.
 * - `mirrorSubscriptions(subscriptionIds)`: the opportunities those subscriptions belong to
 *   (their salesforceId, else the opportunity whose Stigg_Subscription_Id__c names them), mirrored
 *   as above: an opportunity shows its live subscription, whichever of its subscriptions changed.
 * - `opportunitiesOfSubscriptions(subscriptionIds, loaders?)`: the opportunities those belong to.
 * - `mirrorCustomers(customerIds)`: the credit balance fields of those customers' accounts.
 * - Pure parts: `mirrored-values.ts` (`opportunityMirrorOf`, `accountMirrorOf`, `changedFields`).
 *
 * Cost: Stigg reads go through the request loaders (one lookup document per level, one balances
 * document); Salesforce reads are the loaders' opportunity/account reads plus one SOQL query per
 * 200 records for the current mirrored values; then one PATCH per record that differs.
 */
export interface MirrorPlan {
  opportunityId: string;
  subscription: Subscription | null;
  current: Record<string, unknown>;
  desired: MirroredFields;
  changed: MirroredFields;
  account: AccountMirrorPlan | null;
}

export interface AccountMirrorPlan {
  accountId: string;
  customerId: string | null;
  current: Record<string, unknown>;
  desired: MirroredFields;
  changed: MirroredFields;
}

/** One record's mirrored fields as written (only those that differed). */
export interface MirrorWrite {
  sobject: 'Opportunity' | 'Account';
  id: string;
  written: MirroredFields;
}

export interface SalesforceMirrorDeps {
  client: SalesforceClient;
  records: SalesforceRecords;
  stigg: StiggReader;
  fields: SalesforceMirrorFieldNames;
}

export class SalesforceMirror {
  private readonly values: MirroredValuesReader;

  constructor(private readonly deps: SalesforceMirrorDeps) {
    this.values = new MirroredValuesReader(deps.client);
  }

  /** Loaders of their own: every mirror reads Stigg's state afresh. */
  newLoaders(): RequestLoaders {
    return new RequestLoaders(this.deps.records, this.deps.stigg, { runsByOpportunityIds: async () => [] });
  }

  async plan(opportunityIds: readonly string[], loaders: RequestLoaders = this.newLoaders()): Promise<MirrorPlan[]> {
    const opportunities = (await Promise.all([...new Set(opportunityIds)].map((id) => loaders.opportunity.load(id))))
      .filter((o): o is Opportunity => o !== null);
    return this.planFor(opportunities, loaders);
  }

  async mirrorOpportunities(opportunityIds: readonly string[], loaders?: RequestLoaders): Promise<MirrorWrite[]> {
    return this.write(await this.plan(opportunityIds, loaders));
  }

  async mirrorSubscriptions(subscriptionIds: readonly string[]): Promise<MirrorWrite[]> {
    const loaders = this.newLoaders();
    return this.write(await this.planFor(await this.opportunitiesOfSubscriptions(subscriptionIds, loaders), loaders));
  }

  /** The opportunities these subscriptions belong to (their salesforceId, else the opportunity whose field names them). */
  async opportunitiesOfSubscriptions(subscriptionIds: readonly string[], loaders: RequestLoaders = this.newLoaders()): Promise<Opportunity[]> {
    const subscriptions = (await Promise.all([...new Set(subscriptionIds)].map((id) => loaders.subscriptionOf(id))))
      .filter((s): s is Subscription => s !== null);
    const opportunities = (await Promise.all(subscriptions.map((s) => opportunityOfSubscription(loaders, s))))
      .filter((o): o is Opportunity => o !== null);
    return uniqueById(opportunities);
  }

  async mirrorCustomers(customerIds: readonly string[]): Promise<MirrorWrite[]> {
    const desiredFields = accountMirrorFieldNames(this.deps.fields);
    if (desiredFields.length === 0) return [];
    const loaders = this.newLoaders();
    const customers = (await Promise.all([...new Set(customerIds)].map((id) => loaders.customerOf(id))))
      .filter((c) => c !== null);
    const accounts = (await Promise.all(customers.map((c) => accountOfCustomer(loaders, c)))).filter((a): a is Account => a !== null);
    const plans = await this.accountPlans(uniqueById(accounts), loaders);
    return this.write([], plans);
  }

  private async planFor(opportunities: Opportunity[], loaders: RequestLoaders): Promise<MirrorPlan[]> {
    const [links, current] = await Promise.all([
      Promise.all(opportunities.map((o) => subscriptionOfOpportunity(loaders, o))),
      this.values.read('Opportunity', opportunities.map((o) => o.id), opportunityMirrorFieldNames(this.deps.fields)),
    ]);
    const accountIds = [...new Set(opportunities.map((o) => o.accountId).filter((id): id is string => id !== null))];
    const accounts = (await Promise.all(accountIds.map((id) => loaders.accountOf(id)))).filter((a): a is Account => a !== null);
    const accountPlans = new Map((await this.accountPlans(accounts, loaders)).map((p) => [p.accountId, p]));
    return opportunities.map((opportunity, i) => {
      const subscription = links[i].record;
      const desired = opportunityMirrorOf(subscription, this.deps.fields);
      const now = current.get(opportunity.id) ?? {};
      return {
        opportunityId: opportunity.id,
        subscription,
        current: now,
        desired,
        changed: changedFields(now, desired),
        account: opportunity.accountId ? accountPlans.get(opportunity.accountId) ?? null : null,
      };
    });
  }

  private async accountPlans(accounts: Account[], loaders: RequestLoaders): Promise<AccountMirrorPlan[]> {
    const fieldNames = accountMirrorFieldNames(this.deps.fields);
    if (fieldNames.length === 0 || accounts.length === 0) return [];
    const [customers, current] = await Promise.all([
      Promise.all(accounts.map((a) => customerOfAccount(loaders, a))),
      this.values.read('Account', accounts.map((a) => a.id), fieldNames),
    ]);
    const balances = await Promise.all(customers.map((c) => (c.record ? loaders.creditBalancesByCustomer.load(c.record.id) : null)));
    return accounts.map((account, i) => {
      const desired = accountMirrorOf(balances[i], this.deps.fields);
      const now = current.get(account.id) ?? {};
      return { accountId: account.id, customerId: customers[i].record?.id ?? null, current: now, desired, changed: changedFields(now, desired) };
    });
  }

  /** One PATCH per record that differs; every write is tried, then the first failure is thrown. */
  private async write(plans: MirrorPlan[], extraAccounts: AccountMirrorPlan[] = []): Promise<MirrorWrite[]> {
    const writes: MirrorWrite[] = [];
    for (const plan of plans) {
      if (Object.keys(plan.changed).length > 0) writes.push({ sobject: 'Opportunity', id: plan.opportunityId, written: plan.changed });
    }
    const accounts = new Map<string, AccountMirrorPlan>();
    for (const account of [...plans.map((p) => p.account), ...extraAccounts]) if (account) accounts.set(account.accountId, account);
    for (const account of accounts.values()) {
      if (Object.keys(account.changed).length > 0) writes.push({ sobject: 'Account', id: account.accountId, written: account.changed });
    }
    const outcomes = await Promise.allSettled(writes.map((w) => this.deps.client.update(w.sobject, { Id: w.id, ...w.written })));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return writes;
  }
}

function uniqueById<T extends { id: string }>(records: T[]): T[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}
