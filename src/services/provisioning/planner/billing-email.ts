import { Account, Contact } from '../../../domain/salesforce-records';
import { Customer, PaymentCollectionMethod } from '../../../domain/stigg-entities';
import { GatewayError } from '../../../errors/gateway-error';

export interface BillingEmailSources {
  method: PaymentCollectionMethod;
  /** The caller's billingEmail. */
  requested: string | null;
  existingCustomer: Customer | null;
  primaryContactEmail: string | null;
  account: Account;
  contacts: readonly Contact[];
}

/**
 * The billing email: the request's, else the existing Stigg customer's, else
 * the opportunity's primary contact's (blank counts as absent). With INVOICE
 * one is required (BILLING_EMAIL_REQUIRED) and it must be the email of a
 * Contact of the account, compared trimmed and case-insensitively
 * (BILLING_EMAIL_NOT_A_CONTACT). A requested email must be a Contact's with
 * any method. When it matches a Contact the Contact's spelling is returned.
 */
export function resolveBillingEmail(sources: BillingEmailSources): string | null {
  const requested = blankToNull(sources.requested);
  const email = requested ?? blankToNull(sources.existingCustomer?.email) ?? blankToNull(sources.primaryContactEmail);
  const mustBeContact = sources.method === 'INVOICE' || requested !== null;

  if (email === null) {
    if (sources.method === 'INVOICE') {
      throw new GatewayError('BILLING_EMAIL_REQUIRED',
        `Invoices need a billing email, and none was found for account '${sources.account.name}': ` +
        'give billingEmail, or set a primary contact with an email on the opportunity.');
    }
    return null;
  }

  const contactEmail = sources.contacts
    .map((c) => blankToNull(c.email))
    .find((e): e is string => e !== null && e.toLowerCase() === email.toLowerCase());
  if (contactEmail) return contactEmail;
  if (!mustBeContact) return email;

  const source = requested !== null ? 'The billing email'
    : sources.existingCustomer?.email?.trim() ? "The Stigg customer's email"
      : "The primary contact's email";
  throw new GatewayError('BILLING_EMAIL_NOT_A_CONTACT',
    `${source} '${email}' is not the email of a Contact of account '${sources.account.name}'. ` +
    'Add a Contact with that email to the account, or use the email of an existing Contact.',
    requested !== null ? { field: 'billingEmail' } : {});
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}
