import { SalesforceFieldNames, SalesforceMirrorFieldNames } from '../../config/gateway-config';
import { Opportunity } from '../../domain/salesforce-records';
import { GatewayError } from '../../errors/gateway-error';
import { RequestLoaders } from '../loaders/request-loaders';
import { accountMirrorFieldNames, accountMirrorOf, changedFields, MirroredFields } from '../salesforce-mirror/mirrored-values';
import { MirroredValuesReader } from '../salesforce-mirror/mirrored-values-reader';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { normalizeSalesforceId } from '../salesforce/ids';
import { OpportunityInspector } from './opportunity-inspector';

/** What a resync wrote: the fields that differed, per record (none when Salesforce already agreed). */
export interface ResyncWrites {
  opportunity: MirroredFields;
  account: MirroredFields;
}

export interface OpportunityResyncDeps {
  inspector: OpportunityInspector;
  client: SalesforceClient;
  mirrorValues: MirroredValuesReader;
  fields: SalesforceFieldNames;
  mirrorFields: SalesforceMirrorFieldNames;
}

/**
 * `resyncOpportunity`: rewrites the opportunity's and its account's Stigg fields in Salesforce from
 * Stigg, and never writes to Stigg. The opportunity's Stigg_Subscription_Id__c becomes the
 * subscription it stands for (reconciliation's rule: its own, or the one it amends; cleared when
 * Stigg has none and the field names one) and its mirrored fields (salesforce-mirror: status,
 * plan, trial end, cancellation date) what the mirror writes from its own subscription; the account's Stigg_Customer_Id__c becomes its
 * Stigg customer when stale, and its credit balance fields (SF_CREDIT_BALANCE_FIELDS) the customer's
 * balances. Only fields that differ are written (one PATCH per record, none when all agree), so
 * asking again changes nothing: it is idempotent.
 */
export class OpportunityResync {
  constructor(private readonly deps: OpportunityResyncDeps) {}

  async resync(loaders: RequestLoaders, opportunityIdArg: string): Promise<{ opportunity: Opportunity; writes: ResyncWrites }> {
    const opportunityId = normalizeSalesforceId(opportunityIdArg, 'opportunityId', 'Opportunity');
    const opp = await loaders.opportunity.load(opportunityId);
    if (!opp) throw new GatewayError('NOT_FOUND', `No opportunity ${opportunityId} in Salesforce.`, { field: 'opportunityId' });
    const [found] = await this.deps.inspector.inspect(loaders, [opp]);

    const opportunity: MirroredFields = { ...found.mirror.changed };
    if (found.subscriptionFieldStale) opportunity[this.deps.fields.subscriptionId] = found.subscription?.id ?? null;

    const account: MirroredFields = {};
    if (found.account) {
      if (found.customerFieldStale) account[this.deps.fields.customerId] = found.customer?.id ?? null;
      const balanceFields = accountMirrorFieldNames(this.deps.mirrorFields);
      if (balanceFields.length > 0) {
        const [current, balances] = await Promise.all([
          this.deps.mirrorValues.read('Account', [found.account.id], balanceFields),
          found.customer ? loaders.creditBalancesByCustomer.load(found.customer.id) : Promise.resolve(null),
        ]);
        Object.assign(account, changedFields(current.get(found.account.id) ?? {}, accountMirrorOf(balances, this.deps.mirrorFields)));
      }
    }

    if (Object.keys(opportunity).length > 0) await this.deps.client.update('Opportunity', { Id: opp.id, ...opportunity });
    if (found.account && Object.keys(account).length > 0) await this.deps.client.update('Account', { Id: found.account.id, ...account });

    loaders.opportunity.clear(opp.id);
    const after = await loaders.opportunity.load(opp.id);
    return { opportunity: after ?? opp, writes: { opportunity, account } };
  }
}
