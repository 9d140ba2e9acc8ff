import { Account } from '../../../domain/salesforce-records';
import { Customer } from '../../../domain/stigg-entities';

export interface CustomerIdentity {
  customerId: string;
  customerExists: boolean;
  customerName: string;
}

/**
 * The Stigg customer: the Account's Stigg customer id, else the existing Stigg
 * customer's id, else the Account id (a hook may replace it when the customer
 * is created). It exists when either of the first two is known.
 */
export function customerIdentity(account: Account, existingCustomer: Customer | null): CustomerIdentity {
  const linkedId = (account.stiggCustomerId ?? '').trim() || null;
  return {
    customerId: linkedId ?? existingCustomer?.id ?? account.id,
    customerExists: linkedId !== null || existingCustomer !== null,
    customerName: account.name,
  };
}
