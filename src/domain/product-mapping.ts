/** What a Salesforce product stands for in Stigg (the Product2 'Stigg Type' picklist). */
export type StiggType = 'PLAN' | 'ADDON' | 'ENTITLEMENT' | 'CREDIT_ENTITLEMENT';

export type MappingStatus = 'VALID' | 'UNKNOWN_STIGG_ID' | 'WRONG_KIND' | 'INACTIVE_PRODUCT';

/** What the Stigg ID resolves to in the catalog. */
export type StiggTargetKind = 'PLAN' | 'ADDON' | 'FEATURE' | 'CUSTOM_CURRENCY';

export interface ProductMapping {
  productId: string;
  productName: string;
  /** Null only when the picklist holds a value the gateway does not know (status WRONG_KIND). */
  stiggType: StiggType | null;
  /** The raw picklist value as Salesforce holds it. */
  rawStiggType: string;
  stiggId: string;
  status: MappingStatus;
  /** What the Stigg ID resolved to; null when unknown. */
  target: StiggTargetKind | null;
  /** Human-readable reason when status is not VALID. */
  problem: string | null;
}
