import { Money } from '../../domain/money';
import { CreditGrantType, GRANTABLE_CREDIT_GRANT_TYPES, PaymentCollectionMethod } from '../../domain/stigg-entities';
import { STIGG_MONEY_CURRENCIES } from '../../domain/stigg-currencies';
import { GatewayError } from '../../errors/gateway-error';

/** GrantCreditsInput: every field of the reference page's Create Stigg Credit Grant action. */
export interface GrantCreditsRequest {
  customerId: string;
  grantType: CreditGrantType;
  currencyId: string;
  displayName: string;
  amount: number;
  resourceId?: string | null;
  comment?: string | null;
  effectiveAt?: Date | null;
  expiresAt?: Date | null;
  priority?: number | null;
  paymentCollectionMethod?: PaymentCollectionMethod | null;
  cost?: Money | null;
  idempotencyKey?: string | null;
}

/**
 * The rules class-validator cannot express field by field: a grant made here is
 * PROMOTIONAL or PAID (RECURRING and OVERDRAFT grants are Stigg's own), payment
 * collection and cost belong to PAID grants only, a PAID grant needs its cost in a
 * currency Stigg knows, and the expiry comes after the effective date.
 */
export function validateGrantCreditsRequest(request: GrantCreditsRequest, now: Date): void {
  if (!GRANTABLE_CREDIT_GRANT_TYPES.includes(request.grantType)) {
    throw GatewayError.badInput('grantType', `grantType ${request.grantType} is made by Stigg itself; a grant made here is PROMOTIONAL or PAID`);
  }
  if (!Number.isFinite(request.amount) || request.amount <= 0) throw GatewayError.badInput('amount', 'amount must be greater than 0');
  if (request.grantType === 'PROMOTIONAL') {
    if (request.paymentCollectionMethod) {
      throw GatewayError.badInput('paymentCollectionMethod', 'paymentCollectionMethod is only for PAID grants');
    }
    if (request.cost) throw GatewayError.badInput('cost', 'cost is only for PAID grants');
  } else {
    if (request.paymentCollectionMethod === 'NONE') {
      throw GatewayError.badInput('paymentCollectionMethod', 'a PAID grant is collected with PAYMENT_METHOD_ON_FILE or INVOICE');
    }
    if (!request.cost) throw GatewayError.badInput('cost', 'a PAID grant needs its cost (what the credits cost, billed through Stigg)');
    if (!(request.cost.amount >= 0)) throw GatewayError.badInput('cost.amount', 'cost.amount must be 0 or more');
    if (!STIGG_MONEY_CURRENCIES.has(request.cost.currency.trim().toUpperCase())) {
      throw GatewayError.badInput('cost.currency', `cost.currency ${request.cost.currency} is not a currency Stigg bills in`);
    }
  }
  if (request.priority !== null && request.priority !== undefined && (!Number.isInteger(request.priority) || request.priority < 0)) {
    throw GatewayError.badInput('priority', 'priority must be 0 or more');
  }
  const effective = request.effectiveAt ?? now;
  if (request.expiresAt && request.expiresAt.getTime() <= effective.getTime()) {
    throw GatewayError.badInput('expiresAt', 'expiresAt must be after effectiveAt');
  }
}
