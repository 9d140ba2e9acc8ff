import { ProvisioningRequest, CreditEntitlementRequest } from '../../domain/provisioning-plan';
import { BillingPeriod } from '../../domain/stigg-catalog';
import { PaymentCollectionMethod, TrialEndBehavior } from '../../domain/stigg-entities';
import { normalizeSalesforceId } from '../salesforce/ids';
import { GatewayError } from '../../errors/gateway-error';

/** ProvisionOpportunityInput as the API receives it. */
export interface ProvisionOpportunityArgs {
  opportunityId: string;
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  billingPeriod?: BillingPeriod | null;
  creditEntitlements?: Array<{ customCurrencyId: string; amount: number; cadence: 'MONTH' | 'YEAR'; price?: { amount: number; currency: string } | null }> | null;
  trial?: { endDate?: Date | null; endBehavior?: TrialEndBehavior | null } | null;
  billingEmail?: string | null;
  idempotencyKey?: string | null;
}

/** StartTrialInput as the API receives it. */
export interface StartTrialArgs {
  opportunityId: string;
  trialEndDate?: Date | null;
  trialEndBehavior?: TrialEndBehavior | null;
  billingPeriod?: BillingPeriod | null;
  billingEmail?: string | null;
  idempotencyKey?: string | null;
}

const trimmed = (s: string | null | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);

export function provisioningRequestFrom(args: ProvisionOpportunityArgs): ProvisioningRequest {
  const credits: CreditEntitlementRequest[] | null = args.creditEntitlements
    ? args.creditEntitlements.map((c) => ({
      customCurrencyId: c.customCurrencyId.trim(),
      amount: c.amount,
      cadence: c.cadence,
      price: c.price ? { amount: c.price.amount, currency: c.price.currency.toUpperCase() } : null,
    }))
    : null;
  return {
    kind: args.trial ? 'TRIAL' : 'SUBSCRIPTION',
    opportunityId: normalizeSalesforceId(args.opportunityId, 'opportunityId', 'Opportunity'),
    paymentCollectionMethod: args.paymentCollectionMethod ?? null,
    billingPeriod: args.billingPeriod ?? null,
    creditEntitlements: credits,
    trial: args.trial ? { endDate: args.trial.endDate ?? null, endBehavior: args.trial.endBehavior ?? null } : null,
    billingEmail: trimmed(args.billingEmail),
    idempotencyKey: trimmed(args.idempotencyKey),
  };
}

export function trialRequestFrom(args: StartTrialArgs): ProvisioningRequest {
  return {
    kind: 'TRIAL',
    opportunityId: normalizeSalesforceId(args.opportunityId, 'opportunityId', 'Opportunity'),
    paymentCollectionMethod: null,
    billingPeriod: args.billingPeriod ?? null,
    creditEntitlements: null,
    trial: { endDate: args.trialEndDate ?? null, endBehavior: args.trialEndBehavior ?? null },
    billingEmail: trimmed(args.billingEmail),
    idempotencyKey: trimmed(args.idempotencyKey),
  };
}

/** What "the same input" means: the request without its idempotency key. */
export function requestIdentity(request: ProvisioningRequest): Omit<ProvisioningRequest, 'idempotencyKey'> {
  const { idempotencyKey: _ignored, ...rest } = request;
  return rest;
}

/**
 * The planner names a bad trial end date `trialEndDate` (startTrial's field)
 * for every TRIAL request, and provisionOpportunity makes one from `trial`:
 * its errors are renamed to the field that input has, `trial.endDate`.
 */
export function asProvisionOpportunityError(err: unknown): never {
  if (err instanceof GatewayError && err.code === 'BAD_USER_INPUT' && err.extensions.field === 'trialEndDate') {
    throw new GatewayError('BAD_USER_INPUT', err.message, { ...err.extensions, field: 'trial.endDate' });
  }
  throw err;
}
