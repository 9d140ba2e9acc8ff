/** Salesforce record ids: validation, the case-safe 18-character form, key prefixes. */
export { normalizeSalesforceId } from './normalize-salesforce-id';
export { caseSafeSuffix, toEighteen } from './case-safe-id';
export { SALESFORCE_KEY_PREFIXES } from './salesforce-key-prefixes';
export type { SalesforceObjectName } from './salesforce-key-prefixes';
