import { SalesforceFieldNames } from '../../config/gateway-config';
import { Account, Opportunity } from '../../domain/salesforce-records';
import { Customer, Subscription } from '../../domain/stigg-entities';
import { MirroredFields } from '../salesforce-mirror/mirrored-values';
import { Drift } from './drift';

/** What reconciliation learned about one won opportunity. */
export interface OpportunityFindings {
  opportunity: Opportunity;
  account: Account | null;
  /** The subscription the opportunity stands for: its own, or, for an amendment, the one it amends. */
  subscription: Subscription | null;
  /** Stigg_Subscription_Id__c disagrees with Stigg (links/system-links' rule; an amendment naming the subscription it amends agrees). */
  subscriptionFieldStale: boolean;
  /** The account's Stigg customer (links/system-links). */
  customer: Customer | null;
  customerFieldStale: boolean;
  /** The opportunity's mirrored fields (salesforce-mirror) whose Salesforce value is not Stigg's, and Salesforce's current values. */
  mirror: { current: Record<string, unknown>; changed: MirroredFields };
  /** Term drifts (term-drifts.ts): empty unless this opportunity is its subscription's current deal. */
  terms: Drift[];
}

const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * The findings of one won opportunity as drifts, always in this order (a page that stops among
 * them resumes at the same place): WON_NOT_PROVISIONED, STALE_SALESFORCE_ID of the opportunity,
 * then of its account, STATUS_NOT_SYNCED per mirrored field, then the term drifts.
 */
export function opportunityDrifts(f: OpportunityFindings, fields: SalesforceFieldNames): Drift[] {
  const opp = f.opportunity;
  const sub = f.subscription;
  const drifts: Drift[] = [];
  const ofSub = { opportunityId: opp.id, subscriptionId: sub?.id ?? null, customerId: sub?.customerId ?? f.customer?.id ?? null };
  if (!sub) {
    drifts.push({
      kind: 'WON_NOT_PROVISIONED', ...ofSub, field: null, salesforceValue: null, stiggValue: null,
      message: `Opportunity ${opp.id} ('${opp.name}') is Closed/Won and Stigg has no subscription for it.`,
    });
  }
  if (f.subscriptionFieldStale) {
    drifts.push({
      kind: 'STALE_SALESFORCE_ID', ...ofSub, field: fields.subscriptionId,
      salesforceValue: opp.stiggSubscriptionId, stiggValue: sub?.id ?? null,
      message: sub
        ? `Opportunity ${opp.id}'s ${fields.subscriptionId} says ${opp.stiggSubscriptionId ?? 'nothing'}; its subscription in Stigg is ${sub.id}.`
        : `Opportunity ${opp.id}'s ${fields.subscriptionId} names ${opp.stiggSubscriptionId}, which is not a subscription of this opportunity in Stigg.`,
    });
  }
  if (f.customerFieldStale && f.account) {
    drifts.push({
      kind: 'STALE_SALESFORCE_ID', opportunityId: opp.id, subscriptionId: sub?.id ?? null, customerId: f.customer?.id ?? null,
      field: `Account.${fields.customerId}`, salesforceValue: f.account.stiggCustomerId, stiggValue: f.customer?.id ?? null,
      message: f.customer
        ? `Account ${f.account.id}'s ${fields.customerId} says ${f.account.stiggCustomerId ?? 'nothing'}; its customer in Stigg is ${f.customer.id}.`
        : `Account ${f.account.id}'s ${fields.customerId} names ${f.account.stiggCustomerId}, which is not a customer of this account in Stigg.`,
    });
  }
  const current = new Map(Object.entries(f.mirror.current).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [field, value] of Object.entries(f.mirror.changed)) {
    const salesforceValue = text(current.get(field.toLowerCase()));
    drifts.push({
      kind: 'STATUS_NOT_SYNCED', ...ofSub, field, salesforceValue, stiggValue: text(value),
      message: `Opportunity ${opp.id}'s ${field} says ${salesforceValue ?? 'nothing'}; Stigg says ${text(value) ?? 'nothing'}${sub ? ` (subscription ${sub.id})` : ''}.`,
    });
  }
  drifts.push(...f.terms);
  return drifts;
}
