/**
 * What Salesforce's provisioning error field (SF_FIELD_PROVISIONING_ERROR) says when a run needs
 * attention: the code, then a sentence for sales ops saying what to fix. A code with no sentence
 * of its own gets the generic one.
 */
const SENTENCES: Readonly<Record<string, string>> = {
  OPPORTUNITY_NOT_WON: 'The opportunity is not Closed Won any more; close it again when it is won.',
  PLAN_MISSING: 'No line item is a Stigg plan: add the plan product to the opportunity, then ask for a retry.',
  MULTIPLE_PLANS: 'More than one line item is a Stigg plan: keep one plan product, then ask for a retry.',
  PRODUCT_MAPPING_INVALID: "A product's Stigg Type or Stigg ID does not match Stigg's catalog: fix the product, then ask for a retry.",
  BILLING_EMAIL_REQUIRED: 'Invoiced deals need a billing email: add a primary contact with an email, then ask for a retry.',
  BILLING_EMAIL_NOT_A_CONTACT: "The billing email is not a contact of the account: fix the contact or the email, then ask for a retry.",
  SUBSCRIPTION_REQUIRED: 'This amendment or renewal names no Stigg subscription: fill the Stigg subscription id, then ask for a retry.',
  AMENDMENT_ACCOUNT_MISMATCH: "The subscription named belongs to another account's customer: correct the Stigg subscription id, then ask for a retry.",
  SUBSCRIPTION_ALREADY_CANCELED: 'The subscription named is already canceled: check the Stigg subscription id with billing.',
  ALREADY_PROVISIONED: 'The opportunity was already provisioned with other terms: ask billing to compare it with Stigg.',
  UPSTREAM_UNAVAILABLE: 'Stigg or Salesforce was unavailable through every automatic retry: ask for a retry once it is back.',
  UPSTREAM_RATE_LIMITED: 'Stigg or Salesforce kept refusing for too many requests through every automatic retry: ask for a retry later.',
  UPSTREAM_REJECTED: 'Stigg refused the subscription as planned: ask billing to check the deal against Stigg, then ask for a retry.',
  HOOK_FAILED: "The customer's own provisioning hook failed: ask the team that runs it, then ask for a retry.",
};

const GENERIC = 'Provisioning could not finish automatically: ask the gateway team to look at the run, then ask for a retry.';

/** `<CODE>: <sentence>`, at most 255 characters (a Salesforce text field's default length). */
export function attentionNotice(code: string): string {
  return `${code}: ${SENTENCES[code] ?? GENERIC}`.slice(0, 255);
}
