import { Money } from '../../domain/money';
import { CreditGrantType, PaymentCollectionMethod } from '../../domain/stigg-entities';
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
 * The rules class-validator cannot express field by field: payment collection
 * and cost belong to PAID grants only, a PAID grant needs its cost, and the
 * expiry comes after the effective date.
 */
export function validateGrantCreditsRequest(request: GrantCreditsRequest, now: Date): void {
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
  }
  if (request.priority !== null && request.priority !== undefined && (!Number.isInteger(request.priority) || request.priority < 0)) {
    throw GatewayError.badInput('priority', 'priority must be 0 or more');
  }
  const effective = request.effectiveAt ?? now;
  if (request.expiresAt && request.expiresAt.getTime() <= effective.getTime()) {
    throw GatewayError.badInput('expiresAt', 'expiresAt must be after effectiveAt');
  }
}
