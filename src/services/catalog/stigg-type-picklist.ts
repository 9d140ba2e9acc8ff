import { StiggType } from '../../domain/product-mapping';

/** The picklist values as Salesforce shows them, in the order a person reads them. */
export const STIGG_TYPE_PICKLIST_LABELS: Readonly<Record<StiggType, string>> = {
  PLAN: 'Plan',
  ADDON: 'Add-on',
  ENTITLEMENT: 'Entitlement',
  CREDIT_ENTITLEMENT: 'Credit entitlement',
};

const BY_FOLDED_VALUE: ReadonlyMap<string, StiggType> = new Map([
  ['PLAN', 'PLAN'],
  ['ADDON', 'ADDON'],
  ['ENTITLEMENT', 'ENTITLEMENT'],
  ['CREDITENTITLEMENT', 'CREDIT_ENTITLEMENT'],
]);

/**
 * The Product2 'Stigg Type' picklist value as a StiggType: case, spaces,
 * hyphens and underscores are ignored ('Add-on', 'Addon', 'Add on', 'ADDON',
 * 'Credit entitlement', 'CREDIT_ENTITLEMENT' ...). Null for an unknown value.
 */
export function parseStiggTypePicklist(raw: string): StiggType | null {
  const folded = raw.toUpperCase().replace(/[\s\-_]+/g, '');
  return BY_FOLDED_VALUE.get(folded) ?? null;
}

/** "Plan, Add-on, Entitlement, Credit entitlement" — for messages naming the allowed values. */
export function allowedStiggTypeLabels(): string {
  return Object.values(STIGG_TYPE_PICKLIST_LABELS).join(', ');
}
