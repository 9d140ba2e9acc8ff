import { Product } from '../../domain/salesforce-records';
import { ProductMapping, StiggTargetKind, StiggType } from '../../domain/product-mapping';
import { StiggCatalog } from '../../domain/stigg-catalog';
import { catalogIndexFor } from './catalog-index';
import { allowedStiggTypeLabels, parseStiggTypePicklist, STIGG_TYPE_PICKLIST_LABELS } from './stigg-type-picklist';

/** The catalog kinds each Stigg Type may point at. */
const ACCEPTED_TARGETS: Readonly<Record<StiggType, readonly StiggTargetKind[]>> = {
  PLAN: ['PLAN'],
  ADDON: ['ADDON'],
  // "An ENTITLEMENT whose Stigg ID is a custom currency is credits."
  ENTITLEMENT: ['FEATURE', 'CUSTOM_CURRENCY'],
  CREDIT_ENTITLEMENT: ['CUSTOM_CURRENCY'],
};

const TARGET_WORDING: Readonly<Record<StiggTargetKind, string>> = {
  PLAN: 'a plan',
  ADDON: 'an add-on',
  FEATURE: 'a feature',
  CUSTOM_CURRENCY: 'a custom currency',
};

/** The Stigg Type a product pointing at this kind of entity should have. */
const SUGGESTED_TYPE: Readonly<Record<StiggTargetKind, StiggType>> = {
  PLAN: 'PLAN',
  ADDON: 'ADDON',
  FEATURE: 'ENTITLEMENT',
  CUSTOM_CURRENCY: 'CREDIT_ENTITLEMENT',
};

/**
 * How a Salesforce product maps to Stigg, checked against the catalog; null
 * when the product has no Stigg Type (it is not a Stigg product).
 *
 * Checks, first failure wins: the product is active (INACTIVE_PRODUCT); the
 * picklist value is known (WRONG_KIND naming the allowed values); the Stigg ID
 * is set and exists in the catalog (UNKNOWN_STIGG_ID); it is the kind the
 * Stigg Type needs (WRONG_KIND). `target` is what the id resolved to whatever
 * the status.
 */
export function validateProductMapping(product: Product, catalog: StiggCatalog): ProductMapping | null {
  const rawStiggType = (product.stiggType ?? '').trim();
  if (rawStiggType === '') return null;

  const index = catalogIndexFor(catalog);
  const stiggType = parseStiggTypePicklist(rawStiggType);
  const stiggId = (product.stiggId ?? '').trim();
  const targets = stiggId === '' ? [] : index.targetKindsOf(stiggId);
  const accepted = stiggType ? targets.find((t) => ACCEPTED_TARGETS[stiggType].includes(t)) : undefined;
  const target = accepted ?? targets[0] ?? null;
  const name = product.name;

  const mapping = (status: ProductMapping['status'], problem: string | null): ProductMapping => ({
    productId: product.id, productName: name, stiggType, rawStiggType, stiggId, status, target, problem,
  });

  if (!product.isActive) {
    return mapping('INACTIVE_PRODUCT',
      `Product '${name}' is inactive in Salesforce, so a Closed/Won flow would skip it. ` +
      'Activate the product, or remove it from the opportunity.');
  }
  if (stiggType === null) {
    return mapping('WRONG_KIND',
      `Product '${name}' has Stigg Type '${rawStiggType}', which is not a Stigg Type the gateway knows. ` +
      `Set the Stigg Type on the product to one of: ${allowedStiggTypeLabels()}.`);
  }
  const label = STIGG_TYPE_PICKLIST_LABELS[stiggType];
  if (stiggId === '') {
    return mapping('UNKNOWN_STIGG_ID',
      `Product '${name}' has Stigg Type '${label}' but no Stigg ID. ` +
      `Set the Stigg ID on the product to the id of ${expectedWording(stiggType)} in Stigg.`);
  }
  if (target === null) {
    return mapping('UNKNOWN_STIGG_ID',
      `Product '${name}' has Stigg ID '${stiggId}', which is not a plan, add-on, feature or custom currency in Stigg. ` +
      'Fix the Stigg ID on the product.');
  }
  if (accepted === undefined) {
    const suggested = STIGG_TYPE_PICKLIST_LABELS[SUGGESTED_TYPE[target]];
    return mapping('WRONG_KIND',
      `Product '${name}' has Stigg Type '${label}', but its Stigg ID '${stiggId}' is ${TARGET_WORDING[target]} in Stigg, ` +
      `not ${expectedWording(stiggType)}. Set the Stigg Type to '${suggested}', ` +
      `or set the Stigg ID to the id of ${expectedWording(stiggType)}.`);
  }
  return mapping('VALID', null);
}

function expectedWording(stiggType: StiggType): string {
  return ACCEPTED_TARGETS[stiggType].map((t) => TARGET_WORDING[t]).join(' or ');
}
