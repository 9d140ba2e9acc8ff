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
  WITHDRAWN = 'WITHDRAWN', NEEDS_ATTENTION = 'NEEDS_ATTENTION',
}
export enum ProvisioningTrigger { API = 'API', EVENT = 'EVENT', SWEEP = 'SWEEP', RETRY = 'RETRY' }
export enum ProvisioningKind { SUBSCRIPTION = 'SUBSCRIPTION', TRIAL = 'TRIAL', AMENDMENT = 'AMENDMENT', CANCELLATION = 'CANCELLATION' }
export enum CancellationTime { IMMEDIATE = 'IMMEDIATE', END_OF_BILLING_PERIOD = 'END_OF_BILLING_PERIOD', SPECIFIC_DATE = 'SPECIFIC_DATE' }
export enum ProvisioningStepName { HOOK = 'HOOK', CUSTOMER = 'CUSTOMER', SUBSCRIPTION = 'SUBSCRIPTION', WRITE_BACK = 'WRITE_BACK' }
export enum StepStatus { PENDING = 'PENDING', RUNNING = 'RUNNING', SUCCEEDED = 'SUCCEEDED', FAILED = 'FAILED', SKIPPED = 'SKIPPED' }

registerEnumType(StiggType, {
  name: 'StiggType',
  description: "What a Salesforce product stands for in Stigg (the Product2 'Stigg Type' picklist).",
  valuesConfig: {
    PLAN: { description: 'A Stigg plan (one per opportunity).' },
    ADDON: { description: 'A Stigg add-on.' },
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
registerEnumType(TrialEndBehavior, {
  name: 'TrialEndBehavior',
  description: 'What happens to a trial subscription when the trial ends.',
  valuesConfig: {
    CONVERT_TO_PAID: { description: 'The subscription continues on the paid plan.' },
    CANCEL_SUBSCRIPTION: { description: 'The subscription is canceled.' },
  },
});
registerEnumType(BillingPeriod, {
  name: 'BillingPeriod',
  description: 'How often a subscription is billed.',
  valuesConfig: { MONTHLY: { description: 'Every month.' }, ANNUALLY: { description: 'Every year.' } },
});
registerEnumType(CreditCadence, {
  name: 'CreditCadence',
  description: 'How often credit entitlements are granted.',
  valuesConfig: { MONTH: { description: 'Every month.' }, YEAR: { description: 'Every year.' } },
});
registerEnumType(CreditGrantType, {
  name: 'CreditGrantType',
  description: 'What a credit grant is. grantCredits makes PROMOTIONAL and PAID grants only.',
  valuesConfig: {
    PROMOTIONAL: { description: 'Free credits, e.g. a welcome or goodwill grant.' },
    PAID: { description: 'Credits bought: Stigg collects their cost (cost and paymentCollectionMethod).' },
    RECURRING: { description: 'Credits a subscription grants each period (its credit entitlements).' },
    OVERDRAFT: { description: "Stigg's record of credits used beyond the balance." },
  },
});
registerEnumType(SubscriptionStatus, {
  name: 'SubscriptionStatus',
  description: "Stigg's status of a subscription.",
  valuesConfig: {
    ACTIVE: { description: 'Running.' },
    IN_TRIAL: { description: 'Running as a trial.' },
    PAYMENT_PENDING: { description: 'Waiting for a payment (e.g. an unpaid invoice).' },
    NOT_STARTED: { description: 'Starts later.' },
    CANCELED: { description: 'Canceled.' },
    EXPIRED: { description: 'Ended.' },
  },
});
registerEnumType(MappingStatus, {
  name: 'MappingStatus',
  description: "Whether a product's Stigg Type and Stigg ID match the Stigg catalog.",
  valuesConfig: {
    VALID: { description: 'The Stigg ID exists in the Stigg catalog as the kind the Stigg Type says.' },
    UNKNOWN_STIGG_ID: { description: 'No plan, add-on, feature or custom currency has this ID.' },
    WRONG_KIND: { description: 'The ID exists but is another kind (e.g. Stigg Type PLAN pointing at a feature).' },
    INACTIVE_PRODUCT: { description: 'The Salesforce product is inactive, so a Closed/Won flow would skip it.' },
  },
});
registerEnumType(ProvisioningStatus, {
  name: 'ProvisioningStatus',
  description: "A provisioning run's status.",
  valuesConfig: {
    PENDING: { description: 'Recorded, not started.' },
    RUNNING: { description: 'Under way (held by a lease).' },
    SUCCEEDED: { description: 'Done: the subscription exists and Salesforce was written back.' },
    FAILED: { description: 'Stopped at a step (see error); asking again with the same input resumes it.' },
    ACTION_REQUIRED: { description: 'Stigg needs a person to act, e.g. a payment method at checkoutUrl.' },
    SCHEDULED: { description: 'Stigg accepted the change but applies it later (e.g. a downgrade at the end of the billing period).' },
    WITHDRAWN: { description: 'A SCHEDULED change or cancellation withdrawn before it took effect (withdrawScheduledChange); asking again starts it afresh.' },
    NEEDS_ATTENTION: { description: 'Every automatic retry failed, or an automatically triggered deal cannot be provisioned as it stands: a person must act (fix the deal, then retryProvisioning).' },
  },
});
registerEnumType(ProvisioningTrigger, {
  name: 'ProvisioningTrigger',
  description: 'What started a run.',
  valuesConfig: {
    API: { description: 'A caller of the API (provisionOpportunity, startTrial, amendSubscription, cancelSubscription).' },
    EVENT: { description: 'A Salesforce change event: the opportunity was moved to Closed Won (Closed/Won automation).' },
    SWEEP: { description: 'The sweep found the won opportunity unprovisioned (an event that was missed, or closed while automation was off).' },
    RETRY: { description: 'An automatic retry on the schedule, or retryProvisioning.' },
  },
});
registerEnumType(ProvisioningKind, {
  name: 'ProvisioningKind',
  description: 'What a run provisions; an opportunity has at most one run of each kind.',
  valuesConfig: {
    SUBSCRIPTION: { description: 'The paid subscription (provisionOpportunity without trial).' },
    TRIAL: { description: 'A trial (provisionOpportunity with trial, or startTrial).' },
    AMENDMENT: { description: 'A Closed/Won amendment (upsell, downgrade, renewal with changes) applied to an existing subscription.' },
    CANCELLATION: { description: "A subscription's cancellation, keyed by the opportunity that made the subscription." },
  },
});
registerEnumType(CancellationTime, {
  name: 'CancellationTime',
  description: 'When a cancellation takes effect.',
  valuesConfig: {
    IMMEDIATE: { description: 'Now: the subscription ends at once.' },
    END_OF_BILLING_PERIOD: { description: 'At the end of the current billing period.' },
    SPECIFIC_DATE: { description: 'On endDate.' },
  },
});
registerEnumType(ProvisioningStepName, {
  name: 'ProvisioningStepName',
  description: 'The steps of a provisioning run, in order.',
  valuesConfig: {
    HOOK: { description: "The customer's own application provisions an account or workspace and may return ids." },
    CUSTOMER: { description: 'The Stigg customer is found, or created.' },
    SUBSCRIPTION: { description: 'The Stigg subscription is created (or one Stigg already has is adopted).' },
    WRITE_BACK: { description: "The Stigg ids and the provisioning status are written to the Salesforce records." },
  },
});
registerEnumType(StepStatus, {
  name: 'StepStatus',
  description: "A provisioning step's status.",
  valuesConfig: {
    PENDING: { description: 'Not started.' },
    RUNNING: { description: 'Under way.' },
    SUCCEEDED: { description: 'Done.' },
    FAILED: { description: 'Failed; the run resumes here.' },
    SKIPPED: { description: 'Not needed (e.g. no hook configured).' },
  },
});
