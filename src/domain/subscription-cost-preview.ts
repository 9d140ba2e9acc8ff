import { Money } from './money';

/** What Stigg says a subscription would cost (previewSubscription): now, prorated, and each period after. */
export interface SubscriptionCostPreview {
  /** Charged now: the proration of a change within the current period (0 when nothing is due now). */
  immediateTotal: Money;
  /** The next full period's invoice, when Stigg gives one. */
  recurringTotal: Money | null;
  billingPeriodStart: Date | null;
  billingPeriodEnd: Date | null;
  /** Stigg sees the change as a downgrade (it then applies it at the end of the period). */
  isPlanDowngrade: boolean;
}
