/** The first three characters of a record id name its object (case-sensitive: 00k and 00K differ). */
export const SALESFORCE_KEY_PREFIXES = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  OpportunityLineItem: '00k',
  Product2: '01t',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  OpportunityContactRole: '00K',
} as const;

export type SalesforceObjectName = keyof typeof SALESFORCE_KEY_PREFIXES;
