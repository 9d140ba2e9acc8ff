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
  creditEntitlements?: Array<{
    currencyId?: string | null;
    /** Deprecated alias of currencyId. */
    customCurrencyId?: string | null;
    amount: number;
    cadence: 'MONTH' | 'YEAR';
    price?: { amount: number; currency: string } | null;
  }> | null;
  trial?: {
    trialEndDate?: Date | null;
    trialEndBehavior?: TrialEndBehavior | null;
    /** Deprecated alias of trialEndDate. */
    endDate?: Date | null;
    /** Deprecated alias of trialEndBehavior. */
    endBehavior?: TrialEndBehavior | null;
  } | null;
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

/** An optional text input: trimmed, and null when empty. */
export const trimmed = (s: string | null | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);

/**
 * The value of a field given under its name or its deprecated alias (`field`
 * names the first, `aliasField` the second). Both with different values is
 * BAD_USER_INPUT on `field`.
 */
function eitherOf<T>(field: string, value: T | null | undefined, aliasField: string, aliasValue: T | null | undefined,
  same: (a: T, b: T) => boolean = (a, b) => a === b): T | null {
  const given = value ?? null;
  const aliased = aliasValue ?? null;
  if (given !== null && aliased !== null && !same(given, aliased)) {
    throw GatewayError.badInput(field, `${field} and its deprecated alias ${aliasField} differ; give ${field} only.`);
  }
  return given ?? aliased;
}

const sameInstant = (a: Date, b: Date): boolean => a.getTime() === b.getTime();

export function provisioningRequestFrom(args: ProvisionOpportunityArgs): ProvisioningRequest {
  const credits: CreditEntitlementRequest[] | null = args.creditEntitlements
    ? args.creditEntitlements.map((c, i) => {
      const field = `creditEntitlements[${i}].currencyId`;
      const currencyId = eitherOf(field, trimmed(c.currencyId), `creditEntitlements[${i}].customCurrencyId`, trimmed(c.customCurrencyId));
      if (currencyId === null) throw GatewayError.badInput(field, `Credit entitlement ${i + 1}: give its currencyId.`);
      return {
        customCurrencyId: currencyId,
        amount: c.amount,
        cadence: c.cadence,
        price: c.price ? { amount: c.price.amount, currency: c.price.currency.toUpperCase() } : null,
      };
    })
    : null;
  const trial = args.trial
    ? {
      endDate: eitherOf('trial.trialEndDate', args.trial.trialEndDate, 'trial.endDate', args.trial.endDate, sameInstant),
      endBehavior: eitherOf('trial.trialEndBehavior', args.trial.trialEndBehavior, 'trial.endBehavior', args.trial.endBehavior),
    }
    : null;
  return {
    kind: args.trial ? 'TRIAL' : 'SUBSCRIPTION',
    opportunityId: normalizeSalesforceId(args.opportunityId, 'opportunityId', 'Opportunity'),
    paymentCollectionMethod: args.paymentCollectionMethod ?? null,
    billingPeriod: args.billingPeriod ?? null,
    creditEntitlements: credits,
    trial,
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
