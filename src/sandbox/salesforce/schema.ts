/**
 * The sObjects the emulator holds, described the way `GET /sobjects/X/describe` answers
 * (REST API Developer Guide: sObject Describe; Object Reference for the Salesforce Platform for the
 * standard fields of Account, Contact, Opportunity, OpportunityLineItem, Product2, Pricebook2,
 * PricebookEntry and OpportunityContactRole). Custom fields are those the product needs.
 */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'picklist'
  | 'reference';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  calculated: boolean;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  idLookup: boolean;
  nameField: boolean;
  picklistValues: string[];
  restrictedPicklist: boolean;
  defaultValue: unknown;
  referenceTo: string[];
  relationshipName: string | null;
  /** Name of the child relationship on the parent object (e.g. Contacts for Contact.AccountId). */
  childRelationshipName?: string;
  cascadeDelete?: boolean;
}

export interface ChildRelationship {
  relationshipName: string;
  childSObject: string;
  field: string;
  cascadeDelete: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
  fieldMap: Map<string, FieldDef>;
  /** lower-case parent relationship name -> the reference field */
  parentRelationships: Map<string, FieldDef>;
  /** lower-case child relationship name -> relationship */
  childRelationships: Map<string, ChildRelationship>;
}

type FieldOpts = Partial<Omit<FieldDef, 'name' | 'type'>> & { required?: boolean; readOnly?: boolean; createOnly?: boolean };

function field(name: string, type: FieldType, opts: FieldOpts = {}): FieldDef {
  const { required, readOnly, createOnly, ...rest } = opts;
  const lengths: Partial<Record<FieldType, number>> = {
    id: 18,
    reference: 18,
    string: 255,
    textarea: 32000,
    email: 80,
    phone: 40,
    url: 255,
    picklist: 255,
  };
  const numeric = type === 'double' || type === 'currency' || type === 'percent' || type === 'int';
  return {
    name,
    label: rest.label ?? name.replace(/__c$/, '').replace(/_/g, ' ').replace(/Id$/, ' ID'),
    type,
    length: rest.length ?? lengths[type] ?? 0,
    precision: rest.precision ?? (numeric ? 18 : 0),
    scale: rest.scale ?? (type === 'currency' || type === 'percent' ? 2 : 0),
    nillable: rest.nillable ?? !(required || type === 'boolean' || type === 'id'),
    createable: rest.createable ?? !readOnly,
    updateable: rest.updateable ?? !(readOnly || createOnly),
    defaultedOnCreate: rest.defaultedOnCreate ?? (type === 'boolean' || rest.defaultValue !== undefined),
    calculated: rest.calculated ?? false,
    custom: name.endsWith('__c'),
    externalId: rest.externalId ?? false,
    unique: rest.unique ?? false,
    idLookup: rest.idLookup ?? (type === 'id' || !!rest.externalId),
    nameField: rest.nameField ?? false,
    picklistValues: rest.picklistValues ?? [],
    restrictedPicklist: rest.restrictedPicklist ?? false,
    defaultValue: rest.defaultValue ?? (type === 'boolean' ? false : null),
    referenceTo: rest.referenceTo ?? [],
    relationshipName: rest.relationshipName ?? null,
    childRelationshipName: rest.childRelationshipName,
    cascadeDelete: rest.cascadeDelete,
  };
}

const ref = (
  name: string,
  referenceTo: string,
  relationshipName: string,
  childRelationshipName: string | undefined,
  opts: FieldOpts = {},
) => field(name, 'reference', { referenceTo: [referenceTo], relationshipName, childRelationshipName, ...opts });

const standardHead = () => [field('Id', 'id', { readOnly: true, label: 'Record ID' })];
const standardTail = () => [
  field('IsDeleted', 'boolean', { readOnly: true, label: 'Deleted' }),
  field('CreatedDate', 'datetime', { readOnly: true, label: 'Created Date', nillable: false }),
  field('LastModifiedDate', 'datetime', { readOnly: true, label: 'Last Modified Date', nillable: false }),
  field('SystemModstamp', 'datetime', { readOnly: true, label: 'System Modstamp', nillable: false }),
];

/** The org is multi-currency: every object of the sandbox carries CurrencyIsoCode (assumption: USD, EUR, GBP). */
export const CURRENCIES = ['USD', 'EUR', 'GBP'];
const currencyIsoCode = (opts: FieldOpts = {}) =>
  field('CurrencyIsoCode', 'picklist', {
    label: 'Currency ISO Code',
    picklistValues: CURRENCIES,
    restrictedPicklist: true,
    defaultValue: 'USD',
    length: 3,
    ...opts,
  });

export const OPPORTUNITY_STAGES: Array<{ name: string; probability: number; closed: boolean; won: boolean }> = [
  { name: 'Prospecting', probability: 10, closed: false, won: false },
  { name: 'Qualification', probability: 10, closed: false, won: false },
  { name: 'Needs Analysis', probability: 20, closed: false, won: false },
  { name: 'Value Proposition', probability: 50, closed: false, won: false },
  { name: 'Id. Decision Makers', probability: 60, closed: false, won: false },
  { name: 'Perception Analysis', probability: 70, closed: false, won: false },
  { name: 'Proposal/Price Quote', probability: 75, closed: false, won: false },
  { name: 'Negotiation/Review', probability: 90, closed: false, won: false },
  { name: 'Closed Won', probability: 100, closed: true, won: true },
  { name: 'Closed Lost', probability: 0, closed: true, won: false },
];

export const STIGG_TYPES = ['Plan', 'Add-on', 'Entitlement', 'Credit entitlement'];
/** Stigg's SubscriptionStatus enum (reference/stigg/subscriptions.graphql), the values of Stigg_Subscription_Status__c. */
export const STIGG_SUBSCRIPTION_STATUSES = ['ACTIVE', 'CANCELED', 'EXPIRED', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING'];
/** Values of Opportunity.Stigg_Payment_Collection__c. */
export const PAYMENT_COLLECTIONS = ['Invoice', 'Card on file', 'None'];
export const PROVISIONING_STATUSES = ['Pending', 'Provisioned', 'Action required', 'Failed', 'Needs attention', 'Scheduled', 'Canceled', 'Cancellation scheduled', 'Withdrawn'];

const definitions: Array<Omit<ObjectDef, 'fieldMap' | 'parentRelationships' | 'childRelationships'>> = [
  {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    fields: [
      ...standardHead(),
      field('Name', 'string', { required: true, nameField: true, label: 'Account Name' }),
      field('Type', 'picklist', { picklistValues: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'] }),
      field('Industry', 'picklist', { picklistValues: ['Technology', 'Manufacturing', 'Finance', 'Retail', 'Other'] }),
      field('BillingStreet', 'textarea', { length: 255, label: 'Billing Street' }),
      field('BillingCity', 'string', { length: 40, label: 'Billing City' }),
      field('BillingState', 'string', { length: 80, label: 'Billing State/Province' }),
      field('BillingPostalCode', 'string', { length: 20, label: 'Billing Zip/Postal Code' }),
      field('BillingCountry', 'string', { length: 80, label: 'Billing Country' }),
      field('Phone', 'phone', { label: 'Account Phone' }),
      field('Website', 'url'),
      field('Description', 'textarea'),
      currencyIsoCode(),
      field('Stigg_Customer_Id__c', 'string', { label: 'Stigg Customer ID', externalId: true, unique: true }),
      // The gateway's mirror of Stigg: the balance of one custom currency (SF_CREDIT_BALANCE_FIELDS; assumption: one currency in the sandbox org)
      field('Stigg_Credit_Balance__c', 'double', { label: 'Stigg Credit Balance', precision: 18, scale: 2 }),
      ...standardTail(),
    ],
  },
  {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    fields: [
      ...standardHead(),
      ref('AccountId', 'Account', 'Account', 'Contacts', { label: 'Account ID', cascadeDelete: true }),
      field('FirstName', 'string', { length: 40, label: 'First Name' }),
      field('LastName', 'string', { length: 80, required: true, label: 'Last Name' }),
      field('Name', 'string', { length: 121, readOnly: true, calculated: true, nameField: true, label: 'Full Name' }),
      field('Email', 'email'),
      field('Phone', 'phone', { label: 'Business Phone' }),
      field('Title', 'string', { length: 128 }),
      currencyIsoCode(),
      ...standardTail(),
    ],
  },
  {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    fields: [
      ...standardHead(),
      ref('AccountId', 'Account', 'Account', 'Opportunities', { label: 'Account ID', cascadeDelete: true }),
      field('Name', 'string', { length: 120, required: true, nameField: true }),
      field('Description', 'textarea'),
      field('StageName', 'picklist', {
        required: true,
        label: 'Stage',
        picklistValues: OPPORTUNITY_STAGES.map((s) => s.name),
        restrictedPicklist: true,
      }),
      field('Amount', 'currency', { precision: 18, scale: 2 }),
      field('Probability', 'percent', { precision: 3, scale: 0, label: 'Probability (%)', defaultedOnCreate: true }),
      field('CloseDate', 'date', { required: true, label: 'Close Date' }),
      // Salesforce's standard values, and 'Renewal': an org's own value (the gateway's SF_RENEWAL_TYPE default)
      field('Type', 'picklist', { picklistValues: ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer', 'Renewal'] }),
      field('IsClosed', 'boolean', { readOnly: true, calculated: true, label: 'Closed' }),
      field('IsWon', 'boolean', { readOnly: true, calculated: true, label: 'Won' }),
      field('HasOpportunityLineItem', 'boolean', { readOnly: true, calculated: true, label: 'Has Line Item' }),
      ref('Pricebook2Id', 'Pricebook2', 'Pricebook2', 'Opportunities', { label: 'Price Book ID' }),
      currencyIsoCode(),
      field('Stigg_Subscription_Id__c', 'string', { label: 'Stigg Subscription ID', externalId: true }),
      // How Stigg collects payment for the deal (issue 12: provisioning on Closed Won without a Flow)
      field('Stigg_Payment_Collection__c', 'picklist', {
        label: 'Stigg Payment Collection',
        picklistValues: PAYMENT_COLLECTIONS,
        restrictedPicklist: true,
      }),
      // Long Text Area(32768): why provisioning needs attention, written by the gateway
      field('Stigg_Provisioning_Error__c', 'textarea', { label: 'Stigg Provisioning Error', length: 32768 }),
      field('Stigg_Provisioning_Status__c', 'picklist', {
        label: 'Stigg Provisioning Status',
        picklistValues: PROVISIONING_STATUSES,
        restrictedPicklist: true,
      }),
      // The gateway's mirror of Stigg's subscription (README "Stigg webhooks"): Stigg's SubscriptionStatus names
      field('Stigg_Subscription_Status__c', 'picklist', {
        label: 'Stigg Subscription Status',
        picklistValues: STIGG_SUBSCRIPTION_STATUSES,
        restrictedPicklist: true,
      }),
      field('Stigg_Plan_Id__c', 'string', { label: 'Stigg Plan ID' }),
      field('Stigg_Trial_End__c', 'datetime', { label: 'Stigg Trial End' }),
      field('Stigg_Cancellation_Date__c', 'datetime', { label: 'Stigg Cancellation Date' }),
      field('Stigg_Payment_Failed_At__c', 'datetime', { label: 'Stigg Payment Failed At' }),
      field('Stigg_Payment_Failure__c', 'string', { label: 'Stigg Payment Failure' }),
      ...standardTail(),
    ],
  },
  {
    name: 'OpportunityLineItem',
    label: 'Opportunity Product',
    labelPlural: 'Opportunity Product',
    keyPrefix: '00k',
    fields: [
      ...standardHead(),
      ref('OpportunityId', 'Opportunity', 'Opportunity', 'OpportunityLineItems', {
        required: true,
        createOnly: true,
        cascadeDelete: true,
        label: 'Opportunity ID',
      }),
      ref('PricebookEntryId', 'PricebookEntry', 'PricebookEntry', 'OpportunityLineItems', {
        createOnly: true,
        label: 'Price Book Entry ID',
      }),
      ref('Product2Id', 'Product2', 'Product2', undefined, { createOnly: true, label: 'Product ID' }),
      field('Name', 'string', { length: 376, readOnly: true, calculated: true, nameField: true, label: 'Opportunity Product Name' }),
      field('ProductCode', 'string', { readOnly: true, calculated: true, label: 'Product Code' }),
      field('Quantity', 'double', { required: true, precision: 12, scale: 2 }),
      field('UnitPrice', 'currency', { label: 'Sales Price' }),
      field('Discount', 'percent', { label: 'Discount' }),
      field('ListPrice', 'currency', { readOnly: true, label: 'List Price' }),
      field('Subtotal', 'currency', { readOnly: true, calculated: true, label: 'Subtotal' }),
      field('TotalPrice', 'currency', { createOnly: true, label: 'Total Price' }),
      field('ServiceDate', 'date', { label: 'Date' }),
      field('Description', 'string', { label: 'Line Description' }),
      field('CurrencyIsoCode', 'picklist', {
        label: 'Currency ISO Code',
        picklistValues: CURRENCIES,
        restrictedPicklist: true,
        readOnly: true,
        length: 3,
      }),
      ...standardTail(),
    ],
  },
  {
    name: 'Product2',
    label: 'Product',
    labelPlural: 'Products',
    keyPrefix: '01t',
    fields: [
      ...standardHead(),
      field('Name', 'string', { required: true, nameField: true, label: 'Product Name' }),
      field('ProductCode', 'string', { label: 'Product Code' }),
      field('Description', 'textarea', { length: 4000, label: 'Product Description' }),
      field('IsActive', 'boolean', { label: 'Active' }),
      field('Family', 'picklist', { label: 'Product Family', picklistValues: ['Software', 'Services', 'None'] }),
      currencyIsoCode(),
      field('Stigg_Type__c', 'picklist', { label: 'Stigg Type', picklistValues: STIGG_TYPES, restrictedPicklist: true }),
      field('Stigg_ID__c', 'string', { label: 'Stigg ID', externalId: true }),
      ...standardTail(),
    ],
  },
  {
    name: 'Pricebook2',
    label: 'Price Book',
    labelPlural: 'Price Books',
    keyPrefix: '01s',
    fields: [
      ...standardHead(),
      field('Name', 'string', { required: true, nameField: true, label: 'Price Book Name' }),
      field('IsActive', 'boolean', { label: 'Active' }),
      field('IsStandard', 'boolean', { readOnly: true, label: 'Is Standard Price Book' }),
      field('Description', 'string'),
      ...standardTail(),
    ],
  },
  {
    name: 'PricebookEntry',
    label: 'Price Book Entry',
    labelPlural: 'Price Book Entries',
    keyPrefix: '01u',
    fields: [
      ...standardHead(),
      field('Name', 'string', { readOnly: true, calculated: true, nameField: true, label: 'Product Name' }),
      ref('Pricebook2Id', 'Pricebook2', 'Pricebook2', 'PricebookEntries', {
        required: true,
        createOnly: true,
        cascadeDelete: true,
        label: 'Price Book ID',
      }),
      ref('Product2Id', 'Product2', 'Product2', 'PricebookEntries', {
        required: true,
        createOnly: true,
        cascadeDelete: true,
        label: 'Product ID',
      }),
      field('ProductCode', 'string', { readOnly: true, calculated: true, label: 'Product Code' }),
      field('UnitPrice', 'currency', { required: true, label: 'List Price' }),
      field('IsActive', 'boolean', { label: 'Active' }),
      field('UseStandardPrice', 'boolean', { label: 'Use Standard Price' }),
      currencyIsoCode({ createOnly: true }),
      ...standardTail(),
    ],
  },
  {
    name: 'OpportunityContactRole',
    label: 'Opportunity Contact Role',
    labelPlural: 'Opportunity Contact Role',
    keyPrefix: '00K',
    fields: [
      ...standardHead(),
      ref('OpportunityId', 'Opportunity', 'Opportunity', 'OpportunityContactRoles', {
        required: true,
        createOnly: true,
        cascadeDelete: true,
        label: 'Opportunity ID',
      }),
      ref('ContactId', 'Contact', 'Contact', 'OpportunityContactRoles', { required: true, cascadeDelete: true, label: 'Contact ID' }),
      field('Role', 'picklist', {
        picklistValues: [
          'Business User',
          'Decision Maker',
          'Economic Buyer',
          'Economic Decision Maker',
          'Evaluator',
          'Executive Sponsor',
          'Influencer',
          'Technical Buyer',
          'Other',
        ],
      }),
      field('IsPrimary', 'boolean', { label: 'Primary' }),
      ...standardTail(),
    ],
  },
];

function build(): Map<string, ObjectDef> {
  const objects = new Map<string, ObjectDef>();
  for (const d of definitions) {
    const def: ObjectDef = {
      ...d,
      fieldMap: new Map(d.fields.map((f) => [f.name.toLowerCase(), f])),
      parentRelationships: new Map(
        d.fields.filter((f) => f.relationshipName).map((f) => [f.relationshipName!.toLowerCase(), f]),
      ),
      childRelationships: new Map(),
    };
    objects.set(d.name.toLowerCase(), def);
  }
  for (const child of objects.values()) {
    for (const f of child.fields) {
      if (f.type !== 'reference' || !f.childRelationshipName) continue;
      const parent = objects.get(f.referenceTo[0].toLowerCase())!;
      parent.childRelationships.set(f.childRelationshipName.toLowerCase(), {
        relationshipName: f.childRelationshipName,
        childSObject: child.name,
        field: f.name,
        cascadeDelete: !!f.cascadeDelete,
      });
    }
  }
  return objects;
}

export const SCHEMA: Map<string, ObjectDef> = build();

export function objectDef(name: string): ObjectDef | undefined {
  return SCHEMA.get(name.toLowerCase());
}

export function objectByKeyPrefix(id: string): ObjectDef | undefined {
  const prefix = id.slice(0, 3);
  for (const o of SCHEMA.values()) if (o.keyPrefix === prefix) return o;
  return undefined;
}

/**
 * Fields whose values the emulator computes at read time (not stored): the calculated ones, and the
 * writable Opportunity.Amount and OpportunityLineItem.TotalPrice.
 */
export function isComputed(obj: ObjectDef, f: FieldDef): boolean {
  return f.calculated || (obj.name === 'Opportunity' && f.name === 'Amount') || (obj.name === 'OpportunityLineItem' && f.name === 'TotalPrice');
}

const soapTypes: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

/**
 * What `GET /sobjects` lists for an object and `describe` starts with: its names and
 * capabilities (REST API Developer Guide: Describe Global, sObject Describe).
 */
function objectSummary(obj: ObjectDef, base: string) {
  return {
    name: obj.name,
    label: obj.label,
    labelPlural: obj.labelPlural,
    keyPrefix: obj.keyPrefix,
    custom: false,
    customSetting: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    retrieveable: true,
    searchable: true,
    undeletable: true,
    mergeable: false,
    replicateable: true,
    triggerable: true,
    layoutable: true,
    feedEnabled: false,
    activateable: false,
    deprecatedAndHidden: false,
    urls: objectUrls(obj, base),
  };
}

/** `GET /sobjects/X/describe` body (REST API Developer Guide: sObject Describe). */
export function describeObject(obj: ObjectDef, base: string) {
  return {
    ...objectSummary(obj, base),
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All', name: 'everything' }],
    childRelationships: [...obj.childRelationships.values()].map((r) => ({
      cascadeDelete: r.cascadeDelete,
      childSObject: r.childSObject,
      deprecatedAndHidden: false,
      field: r.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: r.relationshipName,
      restrictedDelete: false,
    })),
    fields: obj.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      soapType: soapTypes[f.type],
      length: f.length,
      byteLength: f.length * 3,
      digits: f.type === 'int' ? 9 : 0,
      precision: f.precision,
      scale: f.scale,
      nillable: f.nillable,
      createable: f.createable,
      updateable: f.updateable,
      defaultedOnCreate: f.defaultedOnCreate,
      defaultValue: f.defaultValue,
      calculated: f.calculated,
      custom: f.custom,
      externalId: f.externalId,
      unique: f.unique,
      idLookup: f.idLookup,
      nameField: f.nameField,
      filterable: f.type !== 'textarea' || f.length <= 255,
      sortable: f.type !== 'textarea' || f.length <= 255,
      groupable: !['double', 'currency', 'percent', 'datetime', 'textarea'].includes(f.type),
      caseSensitive: false,
      autoNumber: false,
      cascadeDelete: !!f.cascadeDelete,
      restrictedDelete: false,
      deprecatedAndHidden: false,
      htmlFormatted: false,
      picklistValues: f.picklistValues.map((v) => ({
        active: true,
        defaultValue: f.defaultValue === v,
        label: v,
        validFor: null,
        value: v,
      })),
      restrictedPicklist: f.restrictedPicklist,
      dependentPicklist: false,
      referenceTo: f.referenceTo,
      relationshipName: f.relationshipName,
      relationshipOrder: null,
      writeRequiresMasterRead: false,
      polymorphicForeignKey: false,
    })),
  };
}

export function objectUrls(obj: ObjectDef, base: string) {
  return {
    sobject: `${base}/sobjects/${obj.name}`,
    describe: `${base}/sobjects/${obj.name}/describe`,
    rowTemplate: `${base}/sobjects/${obj.name}/{ID}`,
  };
}

/** One entry of `GET /sobjects` (REST API Developer Guide: Describe Global). */
export function describeGlobalEntry(obj: ObjectDef, base: string) {
  return objectSummary(obj, base);
}
