/**
 * The credits aggregate: credit grants (promotional, paid, and the recurring grants of a
 * subscription's credit entitlements), their status, balances and credit entitlements (entitlementV2).
 */
import { randomUUID } from 'node:crypto';
import { stiggError } from '../errors';
import type { Catalog } from './catalog';
import type { Customers } from './customers';
import { subscriptionPrices } from './pricing';
import {
  CreateCreditGrantArgs,
  CreditBalanceRec,
  CreditEntitlementRec,
  CreditGrantRec,
  CreditGrantStatus,
  InvoiceRec,
  Money,
  PaymentCollection,
  PaymentCollectionMethod,
  SandboxError,
  SubscriptionRec,
} from './records';
import { newInvoice } from './checkouts-invoices';
import { addPeriod, Clock, round2, shortId, toIso } from './support';

export class Credits {
  /** by grantId, in creation order */
  readonly grants = new Map<string, CreditGrantRec>();

  constructor(
    private readonly clock: Clock,
    private readonly catalog: Catalog,
    private readonly customers: Customers,
  ) {}

  /**
   * Stigg docs (Recurring credits; CreditGrantType RECURRING): a subscription's credit
   * entitlements are issued as RECURRING grants, which count in the balance like any grant.
   * assumption (timing): one grant per credit entitlement when the subscription starts (or its
   * invoice is paid), for the amount of one cadence period, effective at once and expiring at the
   * end of the period; later periods are not issued by the sandbox. Cost: the credits charge of
   * the currency (override applied) × amount, else 0. Priority 50 (docs: CreditGrantInput.priority,
   * "the same default used for recurring credits granted by a plan or price").
   */
  issueRecurringGrants(sub: SubscriptionRec): void {
    const now = this.clock.now();
    const plan = this.catalog.plans.get(sub.planRefId)!;
    const prices = subscriptionPrices(this.catalog, sub);
    for (const c of sub.creditEntitlements) {
      const charge = prices.find((p) => p.price.customCurrencyId === c.currencyId);
      const grantId = `grant-${shortId()}`;
      this.grants.set(grantId, {
        id: randomUUID(),
        grantId,
        customerId: sub.customerId,
        resourceId: sub.resourceId,
        currencyId: c.currencyId,
        grantType: 'RECURRING',
        displayName: `${plan.displayName} credits`,
        amount: c.amount,
        consumedAmount: 0,
        cost: charge ? { amount: round2(charge.price.amount * c.amount), currency: charge.price.currency } : { amount: 0, currency: this.catalog.planCurrency(plan) },
        paymentCollectionMethod: null,
        paymentCollection: 'NOT_REQUIRED',
        paymentPending: false,
        invoice: null,
        effectiveAt: now,
        expireAt: addPeriod(now, c.cadence),
        voidedAt: null,
        priority: 50,
        comment: null,
        additionalMetaData: { subscriptionId: sub.subscriptionId },
        createdAt: now,
        updatedAt: now,
        subscriptionId: sub.subscriptionId,
      });
    }
  }

  createGrant(input: CreateCreditGrantArgs): CreditGrantRec {
    const customer = this.customers.get(input.customerId);
    const currency = this.catalog.currency(input.currencyId);
    if (!(input.amount > 0)) throw stiggError('InvalidArgumentError', 'amount must be positive');
    const now = this.clock.now();
    const effectiveAt = input.effectiveAt ? toIso(input.effectiveAt, 'effectiveAt') : now;
    const expireAt = input.expireAt ? toIso(input.expireAt, 'expireAt') : null;
    if (expireAt && expireAt <= effectiveAt) {
      throw stiggError('ExpireAtMustBeLaterThanEffectiveAtError', 'expireAt must be later than effectiveAt');
    }
    const grantId = `grant-${shortId()}`;
    let method: PaymentCollectionMethod | null = null;
    let paymentCollection: PaymentCollection = 'NOT_REQUIRED';
    let paymentPending = false;
    let invoice: InvoiceRec | null = null;
    let cost: Money = { amount: 0, currency: 'USD' };
    if (input.grantType === 'PAID') {
      // assumption: a paid grant states its cost (the docs: "cost basis — price per credit for
      // paid grants"; the Salesforce action asks for a cost currency for PAID grants)
      if (!input.cost) throw stiggError('InvalidArgumentError', 'cost is required for PAID credit grants');
      cost = { amount: input.cost.amount, currency: input.cost.currency ?? 'USD' };
      method = input.paymentCollectionMethod ?? 'CHARGE';
      if (method === 'CHARGE' && !customer.paymentMethod) {
        // assumption: charging needs a payment method on file
        throw stiggError('PaymentMethodNotFoundError', `Customer ${customer.customerId} has no payment method to charge`, customer.customerId);
      }
      // CHARGE: the sandbox charge succeeds at once, so the grant is ACTIVE whether or not the call
      // awaits the payment confirmation (awaitPaymentConfirmation, default true: "wait for payment
      // confirmation before returning"). assumption: with false, real Stigg may answer before the
      // charge settles; the sandbox has nothing to wait for.
      if (method === 'INVOICE') {
        if (!customer.email) {
          throw stiggError('CustomerHasNoEmailAddress', `Customer ${customer.customerId} has no email address for invoices`, customer.customerId);
        }
        // INVOICE: the grant is PAYMENT_PENDING (CreditGrantStatus) with an open invoice and is in
        // no balance until the invoice is paid (POST /__sandbox/credit-grants/:grantId/pay).
        // assumption: the call returns at once whatever awaitPaymentConfirmation says (an invoice is
        // paid out of band), and paymentCollection reads ACTION_REQUIRED while it is open.
        paymentPending = true;
        paymentCollection = 'ACTION_REQUIRED';
        invoice = newInvoice(cost, 'OPEN', now, null);
      }
    }
    const grant: CreditGrantRec = {
      id: randomUUID(),
      grantId,
      customerId: customer.customerId,
      resourceId: input.resourceId ?? null,
      currencyId: currency.currencyId,
      grantType: input.grantType,
      displayName: input.displayName,
      amount: input.amount,
      consumedAmount: 0,
      cost,
      paymentCollectionMethod: method,
      paymentCollection,
      paymentPending,
      invoice,
      effectiveAt,
      expireAt,
      voidedAt: null,
      // docs (CreditGrantInput.priority): 0-100, lower is consumed first, default 50
      priority: input.priority ?? 50,
      comment: input.comment ?? null,
      additionalMetaData: input.additionalMetaData ?? null,
      createdAt: now,
      updatedAt: now,
      subscriptionId: null,
    };
    this.grants.set(grantId, grant);
    return grant;
  }

  /** Sandbox control standing in for the billing provider: the invoice of a PAID grant is paid; the grant enters the balance. */
  payGrant(grantId: string): CreditGrantRec {
    const grant = this.grants.get(grantId) ?? [...this.grants.values()].find((g) => g.id === grantId);
    if (!grant) throw new SandboxError(404, `Credit grant not found: ${grantId}`);
    if (!grant.paymentPending || grant.voidedAt) {
      throw new SandboxError(409, `Credit grant ${grant.grantId} has no open invoice (status ${this.grantStatus(grant)})`);
    }
    const now = this.clock.now();
    grant.paymentPending = false;
    grant.paymentCollection = 'NOT_REQUIRED';
    if (grant.invoice) grant.invoice = { ...grant.invoice, status: 'PAID', amountDue: 0, updatedAt: now };
    grant.updatedAt = now;
    return grant;
  }

  voidGrant(id: string): CreditGrantRec {
    const grant = this.grants.get(id) ?? [...this.grants.values()].find((g) => g.id === id);
    if (!grant) throw stiggError('CreditGrantNotFound', `Credit grant not found: ${id}`, id);
    if (grant.voidedAt) throw stiggError('CreditGrantAlreadyVoided', `Credit grant ${grant.grantId} is already voided`, grant.grantId);
    const now = this.clock.now();
    grant.voidedAt = now;
    grant.updatedAt = now;
    if (grant.invoice?.status === 'OPEN') grant.invoice = { ...grant.invoice, status: 'CANCELED', updatedAt: now };
    return grant;
  }

  grantStatus(g: CreditGrantRec): CreditGrantStatus {
    const now = this.clock.now();
    if (g.voidedAt) return 'VOIDED';
    if (g.paymentPending) return 'PAYMENT_PENDING';
    if (g.effectiveAt > now) return 'SCHEDULED';
    if (g.expireAt && g.expireAt <= now) return 'EXPIRED';
    return 'ACTIVE';
  }

  grantsOf(customerId: string, opts: { resourceId?: string | null; currencyId?: string | null }): CreditGrantRec[] {
    this.customers.get(customerId);
    if (opts.currencyId) this.catalog.currency(opts.currencyId);
    return [...this.grants.values()].filter(
      (g) =>
        g.customerId === customerId &&
        (opts.resourceId === undefined || opts.resourceId === null || g.resourceId === opts.resourceId) &&
        (!opts.currencyId || g.currencyId === opts.currencyId),
    );
  }

  /**
   * Balances per currency for the customer (resourceId null) or one of its resources. Only
   * active grants count (effective, not expired, not voided, paid): voiding a grant removes its
   * remaining amount. assumption: totalGranted and totalConsumed sum the same active grants.
   */
  balances(customerId: string, opts: { resourceId?: string | null; currencyId?: string | null }): CreditBalanceRec[] {
    this.customers.get(customerId);
    if (opts.currencyId) this.catalog.currency(opts.currencyId);
    const resourceId = opts.resourceId ?? null;
    const byCurrency = new Map<string, CreditBalanceRec>();
    const ensure = (currencyId: string): CreditBalanceRec => {
      let b = byCurrency.get(currencyId);
      if (!b) {
        b = { customerId, resourceId, currency: this.catalog.currencies.get(currencyId)!, currentBalance: 0, totalGranted: 0, totalConsumed: 0 };
        byCurrency.set(currencyId, b);
      }
      return b;
    };
    if (opts.currencyId) ensure(opts.currencyId);
    for (const g of this.grants.values()) {
      if (g.customerId !== customerId || (g.resourceId ?? null) !== resourceId) continue;
      if (opts.currencyId && g.currencyId !== opts.currencyId) continue;
      const b = ensure(g.currencyId);
      if (this.grantStatus(g) !== 'ACTIVE') continue;
      b.currentBalance += g.amount - g.consumedAmount;
      b.totalGranted += g.amount;
      b.totalConsumed += g.consumedAmount;
    }
    return [...byCurrency.values()];
  }

  /**
   * The customer's credit entitlement in a currency (Stigg docs: CreditEntitlement, "balance =
   * usageLimit - currentUsage"): usageLimit sums the credits granted and in force (ACTIVE grants),
   * currentUsage what they consumed; per customer (resourceId null) or resource, like balances.
   */
  entitlement(customerId: string, currencyId: string, resourceId: string | null): CreditEntitlementRec {
    this.customers.get(customerId);
    const currency = this.catalog.currency(currencyId);
    let usageLimit = 0;
    let currentUsage = 0;
    for (const g of this.grants.values()) {
      if (g.customerId !== customerId || (g.resourceId ?? null) !== resourceId || g.currencyId !== currency.currencyId) continue;
      if (this.grantStatus(g) !== 'ACTIVE') continue;
      usageLimit += g.amount;
      currentUsage += g.consumedAmount;
    }
    return { customerId, resourceId, currency, usageLimit, currentUsage };
  }

  /** assumption: credits issued for a subscription's credit entitlements end with it */
  voidSubscriptionGrants(subscriptionId: string, now: string): void {
    for (const g of this.grants.values()) {
      if (g.subscriptionId === subscriptionId && !g.voidedAt) {
        g.voidedAt = now;
        g.updatedAt = now;
      }
    }
  }
}
