/** Every way Salesforce and Stigg can disagree that reconciliation finds (README "Drift: what it means and what to do"). */
export const DRIFT_KINDS = [
  'WON_NOT_PROVISIONED',
  'SUBSCRIPTION_WITHOUT_OPPORTUNITY',
  'PLAN_MISMATCH',
  'QUANTITY_MISMATCH',
  'ADDON_MISMATCH',
  'CREDIT_MISMATCH',
  'PRICE_MISMATCH',
  'STALE_SALESFORCE_ID',
  'STATUS_NOT_SYNCED',
] as const;

export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One disagreement between the two systems, with the records it concerns and both sides' values where there are two. */
export interface Drift {
  kind: DriftKind;
  opportunityId: string | null;
  subscriptionId: string | null;
  customerId: string | null;
  /** What disagrees: a subscription term as the amendment diff names it (planId, unitQuantity, addons.<id>, ...) or a Salesforce field's API name. */
  field: string | null;
  salesforceValue: string | null;
  stiggValue: string | null;
  message: string;
}

/** What identifies a finding across runs (the scheduled reconciliation logs each one once). */
export function driftKey(d: Drift): string {
  return [d.kind, d.opportunityId ?? '', d.subscriptionId ?? '', d.customerId ?? '', d.field ?? '', d.salesforceValue ?? '', d.stiggValue ?? ''].join('|');
}
