import { ProvisioningRequest } from '../../../domain/provisioning-plan';
import { BillingPeriod } from '../../../domain/stigg-catalog';
import { PaymentCollectionMethod } from '../../../domain/stigg-entities';

export interface PaymentTerms {
  /** The requested method; absent means NONE. */
  method: PaymentCollectionMethod;
  /** True when Stigg collects payment (PAYMENT_METHOD_ON_FILE or INVOICE): only then are prices sent. */
  collectsPayment: boolean;
  /** Paid subscriptions need one (default MONTHLY); with NONE the request's or null. */
  billingPeriod: BillingPeriod | null;
}

export function resolvePaymentTerms(request: ProvisioningRequest): PaymentTerms {
  const method = request.paymentCollectionMethod ?? 'NONE';
  const collectsPayment = method !== 'NONE';
  const billingPeriod = request.billingPeriod ?? (collectsPayment ? 'MONTHLY' : null);
  return { method, collectsPayment, billingPeriod };
}
