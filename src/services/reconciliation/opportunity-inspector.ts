import DataLoader from 'dataloader';
import { SalesforceMirrorFieldNames } from '../../config/gateway-config';
import { ProvisioningPlan } from '../../domain/provisioning-plan';
import { Account, Opportunity, Product } from '../../domain/salesforce-records';
import { Subscription } from '../../domain/stigg-entities';
import { GatewayError } from '../../errors/gateway-error';
import { customerOfAccount, subscriptionOfOpportunity } from '../links/system-links';
import { manyByKey } from '../loaders/group-by';
import { RequestLoaders } from '../loaders/request-loaders';
import { planProvisioning } from '../provisioning/planner/plan-provisioning';
import { PlanningInput } from '../provisioning/planner/planning-input';
import { changedFields, opportunityMirrorFieldNames, opportunityMirrorOf } from '../salesforce-mirror/mirrored-values';
import { MirroredValuesReader } from '../salesforce-mirror/mirrored-values-reader';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { LIVE_SUBSCRIPTION_STATUSES } from '../stigg/operations';
import { currentDeal } from './current-deal';
import { OpportunityFindings } from './opportunity-drifts';
import { termDrifts } from './term-drifts';

const LIVE: ReadonlySet<string> = new Set(LIVE_SUBSCRIPTION_STATUSES);

/**
 * The billing email is no subscription term, so reconciliation does not compare it: the planner is
 * given this stand-in (as the request's billingEmail, and a contact of the account with it) so its
 * billing-email rule never stops the comparison, and no contact needs reading.
 */
const STAND_IN_EMAIL = 'reconciliation@stand-in.invalid';

export interface OpportunityInspectorDeps {
  records: SalesforceRecords;
  mirrorValues: MirroredValuesReader;
  mirrorFields: SalesforceMirrorFieldNames;
  defaultCurrency: string;
  now: () => Date;
}

/**
 * What each of a page of won opportunities stands for in Stigg, through the request's loaders and a
 * fixed number of batched reads whatever the page's size:
 *
 * - Salesforce: the line items of every opportunity (their rows carry the products), the
 *   opportunities naming each subscription found (amendments), the mirrored fields' current values;
 * - Stigg: one lookup document (subscriptions by the opportunities' ids and by their fields,
 *   customers by the accounts' ids), one more for the customers named only by the accounts' fields,
 *   and the catalog (cached for a minute).
 *
 * An opportunity whose Stigg_Subscription_Id__c names a subscription made by another opportunity
 * of the same Stigg customer is an amendment of it (`subscriptionFieldStale` false); its line items
 * count when it is the subscription's current deal (current-deal.ts).
 */
export class OpportunityInspector {
  constructor(private readonly deps: OpportunityInspectorDeps) {}

  async inspect(loaders: RequestLoaders, opportunities: readonly Opportunity[]): Promise<OpportunityFindings[]> {
    const dealsBySubscription = new DataLoader<string, Opportunity[]>(async (ids) =>
      manyByKey(ids, (await this.deps.records.opportunitiesBySubscriptionIds(ids)).opportunities, (o) => o.stiggSubscriptionId), { maxBatchSize: 2000 });
    const [mirrored, findings] = await Promise.all([
      this.deps.mirrorValues.read('Opportunity', opportunities.map((o) => o.id), opportunityMirrorFieldNames(this.deps.mirrorFields)),
      Promise.all(opportunities.map((o) => this.inspectOne(loaders, o, dealsBySubscription))),
    ]);
    return findings.map(({ ownSubscription, ...f }) => {
      const current = mirrored.get(f.opportunity.id) ?? {};
      return { ...f, mirror: { current, changed: changedFields(current, opportunityMirrorOf(ownSubscription, this.deps.mirrorFields)) } };
    });
  }

  /**
   * `ownSubscription` is the link rule's (links/system-links), the one the Salesforce mirror writes
   * the opportunity's mirrored fields from: an amendment that changed its subscription in place has
   * none (the mirror writes the subscription's state on the deal that made it), so its mirrored
   * fields are compared with what the mirror writes, and reconciliation and webhooks agree.
   */
  private async inspectOne(loaders: RequestLoaders, opp: Opportunity, dealsBySubscription: DataLoader<string, Opportunity[]>)
    : Promise<Omit<OpportunityFindings, 'mirror'> & { ownSubscription: Subscription | null }> {
    const account: Account | null = opp.accountId ? await loaders.accountOf(opp.accountId) : null;
    const [link, customerLink, lineItems, catalog] = await Promise.all([
      subscriptionOfOpportunity(loaders, opp),
      account ? customerOfAccount(loaders, account) : Promise.resolve(null),
      loaders.lineItemsByOpportunity.load(opp.id),
      loaders.catalog(),
    ]);
    const customer = customerLink?.record ?? null;
    let subscription: Subscription | null = link.record;
    let subscriptionFieldStale = link.stale;
    if (!subscription && opp.stiggSubscriptionId) {
      const named = await loaders.subscriptionOf(opp.stiggSubscriptionId);
      if (named && named.salesforceId !== opp.id && customer && named.customerId === customer.id) {
        subscription = named;
        subscriptionFieldStale = false;
      }
    }
    const [deals, products] = await Promise.all([
      subscription ? dealsBySubscription.load(subscription.id) : Promise.resolve([]),
      Promise.all([...new Set(lineItems.map((l) => l.productId))].map((id) => loaders.productOf(id))),
    ]);
    const base = {
      opportunity: opp, account, subscription, ownSubscription: link.record, subscriptionFieldStale, customer, customerFieldStale: customerLink?.stale ?? false,
    };
    const compares = subscription !== null && LIVE.has(subscription.status)
      // (assumption) While Stigg holds a change for later (a scheduled downgrade or renewal), its subscription is between two deals: no terms are compared.
      && subscription.scheduledChanges.length === 0
      && currentDeal(subscription, [...deals, opp])?.id === opp.id;
    if (!subscription || !compares || !account) return { ...base, terms: [] };

    const input: PlanningInput = {
      request: {
        kind: 'SUBSCRIPTION',
        opportunityId: opp.id,
        // As an amendment plans: the subscription's own billing period and payment collection.
        paymentCollectionMethod: subscription.paymentCollectionMethod,
        billingPeriod: subscription.billingPeriod,
        creditEntitlements: null,
        trial: null,
        billingEmail: STAND_IN_EMAIL,
        idempotencyKey: null,
      },
      opportunity: opp,
      account,
      lineItems,
      products: products.filter((p): p is Product => p !== null),
      catalog,
      contacts: [{ id: 'stand-in', accountId: account.id, name: 'stand-in', email: STAND_IN_EMAIL }],
      primaryContactEmail: null,
      existingCustomer: customer,
      defaultCurrency: this.deps.defaultCurrency,
      now: this.deps.now(),
    };
    let plan: ProvisioningPlan | null = null;
    let planError: { code: string; message: string } | null = null;
    try {
      plan = planProvisioning(input);
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      planError = { code: err.code, message: err.message };
    }
    return { ...base, terms: termDrifts({ opportunityId: opp.id, subscription, catalog, plan, planError }) };
  }
}
