/** Credit records as GraphQL objects (CreditGrant, CreditEntitlement, CreditBalance). */
import type {
  CreditBalanceRec,
  CreditEntitlementRec,
  CreditGrantRec,
  StiggStore,
} from '../../store';
import { Obj } from './catalog';

export function creditGrantView(store: StiggStore, g: CreditGrantRec): Obj {
  return {
    id: g.id,
    grantId: g.grantId,
    displayName: g.displayName,
    grantType: g.grantType,
    status: store.grantStatus(g),
    amount: g.amount,
    consumedAmount: g.consumedAmount,
    cost: g.cost,
    customerId: g.customerId,
    resourceId: g.resourceId,
    currencyId: g.currencyId,
    effectiveAt: g.effectiveAt,
    expireAt: g.expireAt,
    voidedAt: g.voidedAt,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
    invoiceId: g.invoice?.billingId ?? null,
    latestInvoice: g.invoice
      ? {
          billingId: g.invoice.billingId,
          status: g.invoice.status,
          createdAt: g.invoice.createdAt,
          updatedAt: g.invoice.updatedAt,
          dueDate: g.invoice.dueDate,
          paymentUrl: g.invoice.paymentUrl,
          requiresAction: false,
          currency: g.invoice.currency,
          total: g.invoice.total,
          amountDue: g.invoice.amountDue,
        }
      : null,
    paymentCollection: g.paymentCollection,
    priority: g.priority,
    comment: g.comment,
    additionalMetaData: g.additionalMetaData,
  };
}

/**
 * CreditEntitlement (docs: CreditEntitlement, "balance = usageLimit - currentUsage").
 * assumption: isGranted while credits remain (balance > 0), else InsufficientCredits.
 */
export function creditEntitlementView(e: CreditEntitlementRec, now: string): Obj {
  const granted = e.usageLimit - e.currentUsage > 0;
  return {
    __typename: 'CreditEntitlement',
    currency: {
      currencyId: e.currency.currencyId,
      displayName: e.currency.displayName,
      description: e.currency.description,
      unitSingular: e.currency.units?.singular ?? null,
      unitPlural: e.currency.units?.plural ?? null,
      additionalMetaData: null,
    },
    usageLimit: e.usageLimit,
    currentUsage: e.currentUsage,
    isGranted: granted,
    accessDeniedReason: granted ? null : 'InsufficientCredits',
    hasSoftLimit: false,
    entitlementUpdatedAt: now,
    usageUpdatedAt: null,
    validUntil: null,
  };
}

export function creditBalanceView(b: CreditBalanceRec): Obj {
  return {
    customerId: b.customerId,
    resourceId: b.resourceId,
    currency: { currencyId: b.currency.currencyId, displayName: b.currency.displayName, symbol: b.currency.symbol, units: b.currency.units },
    currencyId: b.currency.currencyId,
    currentBalance: b.currentBalance,
    totalGranted: b.totalGranted,
    totalConsumed: b.totalConsumed,
    validUntil: null,
  };
}
