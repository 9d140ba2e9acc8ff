import { registerEnumType } from 'type-graphql';

/** The schema's enums. Values equal the domain's string unions (src/domain). */
export enum StiggType { PLAN = 'PLAN', ADDON = 'ADDON', ENTITLEMENT = 'ENTITLEMENT', CREDIT_ENTITLEMENT = 'CREDIT_ENTITLEMENT' }
export enum PaymentCollectionMethod { PAYMENT_METHOD_ON_FILE = 'PAYMENT_METHOD_ON_FILE', INVOICE = 'INVOICE', NONE = 'NONE' }
export enum TrialEndBehavior { CONVERT_TO_PAID = 'CONVERT_TO_PAID', CANCEL_SUBSCRIPTION = 'CANCEL_SUBSCRIPTION' }
export enum BillingPeriod { MONTHLY = 'MONTHLY', ANNUALLY = 'ANNUALLY' }
export enum CreditCadence { MONTH = 'MONTH', YEAR = 'YEAR' }
export enum CreditGrantType { PROMOTIONAL = 'PROMOTIONAL', PAID = 'PAID', RECURRING = 'RECURRING', OVERDRAFT = 'OVERDRAFT' }
export enum SubscriptionStatus {
  ACTIVE = 'ACTIVE', IN_TRIAL = 'IN_TRIAL', PAYMENT_PENDING = 'PAYMENT_PENDING',
  NOT_STARTED = 'NOT_STARTED', CANCELED = 'CANCELED', EXPIRED = 'EXPIRED',
}
export enum MappingStatus { VALID = 'VALID', UNKNOWN_STIGG_ID = 'UNKNOWN_STIGG_ID', WRONG_KIND = 'WRONG_KIND', INACTIVE_PRODUCT = 'INACTIVE_PRODUCT' }
export enum ProvisioningStatus {
  PENDING = 'PENDING', RUNNING = 'RUNNING', SUCCEEDED = 'SUCCEEDED', SCHEDULED = 'SCHEDULED', ACTION_REQUIRED = 'ACTION_REQUIRED', FAILED = 'FAILED',
}
export enum ProvisioningKind { SUBSCRIPTION = 'SUBSCRIPTION', TRIAL = 'TRIAL' }
export enum ProvisioningStepName { HOOK = 'HOOK', CUSTOMER = 'CUSTOMER', SUBSCRIPTION = 'SUBSCRIPTION', WRITE_BACK = 'WRITE_BACK' }
export enum StepStatus { PENDING = 'PENDING', RUNNING = 'RUNNING', SUCCEEDED = 'SUCCEEDED', FAILED = 'FAILED', SKIPPED = 'SKIPPED' }

registerEnumType(StiggType, {
  name: 'StiggType',
  description: "What a Salesforce product stands for in Stigg (the Product2 'Stigg Type' picklist).",
  valuesConfig: {
    ENTITLEMENT: { description: 'A feature entitlement, or credits when its Stigg ID is a custom currency.' },
    CREDIT_ENTITLEMENT: { description: 'Credits granted with the subscription (Stigg ID is a custom currency).' },
  },
});
registerEnumType(PaymentCollectionMethod, {
  name: 'PaymentCollectionMethod',
  description: 'How Stigg collects payment. Absent means NONE.',
  valuesConfig: {
    PAYMENT_METHOD_ON_FILE: { description: 'Charge the payment method on file (Stigg: CHARGE).' },
    INVOICE: { description: "Generate an invoice sent to the customer's billing email (Stigg: INVOICE)." },
    NONE: { description: 'Billing is handled outside Stigg, e.g. a custom plan invoiced by finance (Stigg: NONE).' },
  },
});
registerEnumType(TrialEndBehavior, { name: 'TrialEndBehavior' });
registerEnumType(BillingPeriod, { name: 'BillingPeriod' });
registerEnumType(CreditCadence, { name: 'CreditCadence' });
registerEnumType(CreditGrantType, {
  name: 'CreditGrantType',
  description: 'What a credit grant is. grantCredits makes PROMOTIONAL and PAID grants only.',
  valuesConfig: {
    RECURRING: { description: 'Credits a subscription grants each period (its credit entitlements).' },
    OVERDRAFT: { description: "Stigg's record of credits used beyond the balance." },
  },
});
registerEnumType(SubscriptionStatus, { name: 'SubscriptionStatus' });
registerEnumType(MappingStatus, {
  name: 'MappingStatus',
  valuesConfig: {
    VALID: { description: 'The Stigg ID exists in the Stigg catalog as the kind the Stigg Type says.' },
    UNKNOWN_STIGG_ID: { description: 'No plan, add-on, feature or custom currency has this ID.' },
    WRONG_KIND: { description: 'The ID exists but is another kind (e.g. Stigg Type PLAN pointing at a feature).' },
    INACTIVE_PRODUCT: { description: 'The Salesforce product is inactive, so a Closed/Won flow would skip it.' },
  },
});
registerEnumType(ProvisioningStatus, {
  name: 'ProvisioningStatus',
  valuesConfig: {
    ACTION_REQUIRED: { description: 'Stigg needs a person to act, e.g. a payment method at checkoutUrl.' },
    SCHEDULED: { description: 'Stigg accepted the change but applies it later (e.g. a downgrade at the end of the billing period).' },
  },
});
registerEnumType(ProvisioningKind, { name: 'ProvisioningKind' });
registerEnumType(ProvisioningStepName, {
  name: 'ProvisioningStepName',
  valuesConfig: { HOOK: { description: "The customer's own application provisions an account or workspace and may return ids." } },
});
registerEnumType(StepStatus, { name: 'StepStatus' });
