/**
 * What changed in the emulator since it last looked: each subscription's state, each credit grant
 * and each customer's credit balance per currency, compared with the last snapshot, become the webhook events Stigg
 * would send for them. Looking after every request (and every sandbox action) sends each change
 * once, whichever request made it, even when requests overlap.
 */
import type { StiggStore } from '../store';
import type { SubscriptionRec } from '../store/records';
import { creditBalanceEvent, creditGrantEvent, subscriptionEvent, WebhookBody } from './event-payloads';

interface SubscriptionState {
  status: string;
  fingerprint: string;
}

interface GrantState {
  status: string;
  fingerprint: string;
  depleted: boolean;
}

interface BalanceState {
  currentBalance: number;
  totalGranted: number;
}

/** The fields whose change is a subscription.updated. */
function fingerprintOf(s: SubscriptionRec): string {
  return JSON.stringify([
    s.status, s.planRefId, s.billingPeriod, s.unitQuantity, s.addons.map((a) => [a.addonRefId, a.quantity]), s.billableFeatures,
    s.creditEntitlements.map((c) => [c.currencyId, c.amount, c.cadence]), s.priceOverrides, s.trialEndDate, s.cancellationDate, s.endDate,
    s.paymentCollection, s.salesforceId, s.scheduledUpdates.map((u) => [u.type, u.status, u.executionTime]),
  ]);
}

export class StateChanges {
  private subscriptions = new Map<string, SubscriptionState>();
  private balances = new Map<string, BalanceState>();
  private grants = new Map<string, GrantState>();

  /**
   * @param lowBalanceThreshold remaining balance, in percent of the total granted, at or below which a balance is low
   * @param eventTime an event's `timestamp`
   */
  constructor(private readonly store: StiggStore, private readonly lowBalanceThreshold: () => number, private readonly eventTime: () => string) {
    this.subscriptions = this.subscriptionStates();
    this.balances = this.balanceStates();
    this.grants = this.grantStates();
  }

  /** The events for every change since the last call, in the order they happened to be found (subscriptions first). */
  collect(): WebhookBody[] {
    const now = this.eventTime();
    const events: WebhookBody[] = [];
    const subscriptions = this.subscriptionStates();
    for (const [id, after] of subscriptions) {
      const before = this.subscriptions.get(id);
      if (before?.fingerprint === after.fingerprint) continue;
      const sub = this.store.subscriptions.get(id)!;
      events.push(subscriptionEvent(this.store, subscriptionEventType(before?.status ?? null, after.status), sub, now));
    }
    this.subscriptions = subscriptions;

    const grants = this.grantStates();
    for (const [id, after] of grants) {
      const before = this.grants.get(id);
      if (before?.fingerprint === after.fingerprint) continue;
      const grant = this.store.creditGrants.get(id)!;
      if (!before) events.push(creditGrantEvent('credits.granted', grant, now));
      else if (after.status === 'EXPIRED' && before.status !== 'EXPIRED') events.push(creditGrantEvent('credits.expired', grant, now));
      else if (after.depleted && !before.depleted) events.push(creditGrantEvent('credits.grant.depleted', grant, now));
      else events.push(creditGrantEvent('credits.grant.updated', grant, now));
    }
    this.grants = grants;

    const balances = this.balanceStates();
    const threshold = this.lowBalanceThreshold();
    for (const [key, after] of balances) {
      const before = this.balances.get(key) ?? { currentBalance: 0, totalGranted: 0 };
      const [customerId, currencyId] = key.split('\u0000');
      const balance = () => this.store.creditBalances(customerId, { currencyId })[0];
      if (before.currentBalance > 0 && after.currentBalance <= 0 && after.totalGranted > 0) {
        events.push(creditBalanceEvent(this.store, 'credit_balance.depleted', balance(), threshold, now));
      } else if (after.currentBalance > 0 && percent(after) <= threshold && (before.currentBalance <= 0 || percent(before) > threshold)) {
        events.push(creditBalanceEvent(this.store, 'credit_balance.low', balance(), threshold, now));
      }
    }
    this.balances = balances;
    return events;
  }

  private subscriptionStates(): Map<string, SubscriptionState> {
    const states = new Map<string, SubscriptionState>();
    for (const s of this.store.subscriptions.values()) states.set(s.subscriptionId, { status: s.status, fingerprint: fingerprintOf(s) });
    return states;
  }

  /** Each customer's own balances (resourceId null), per currency: one pass over the grants (as Credits.balances counts them). */
  private balanceStates(): Map<string, BalanceState> {
    const states = new Map<string, BalanceState>();
    for (const g of this.store.creditGrants.values()) {
      if ((g.resourceId ?? null) !== null || this.store.grantStatus(g) !== 'ACTIVE') continue;
      const key = `${g.customerId}\u0000${g.currencyId}`;
      const state = states.get(key) ?? { currentBalance: 0, totalGranted: 0 };
      state.currentBalance += g.amount - g.consumedAmount;
      state.totalGranted += g.amount;
      states.set(key, state);
    }
    return states;
  }

  private grantStates(): Map<string, GrantState> {
    const states = new Map<string, GrantState>();
    for (const g of this.store.creditGrants.values()) {
      const status = this.store.grantStatus(g);
      states.set(g.grantId, {
        status,
        depleted: g.consumedAmount >= g.amount,
        fingerprint: JSON.stringify([status, g.amount, g.consumedAmount, g.effectiveAt, g.expireAt, g.voidedAt, g.priority, g.displayName]),
      });
    }
    return states;
  }

  /** Forgets what changed so far: the next look compares with the state now (an endpoint was just registered). */
  reset(): void {
    this.subscriptions = this.subscriptionStates();
    this.balances = this.balanceStates();
    this.grants = this.grantStates();
  }
}

function percent(b: BalanceState): number {
  return b.totalGranted > 0 ? (b.currentBalance / b.totalGranted) * 100 : 0;
}

/** The event a change of status is: a new subscription, an end, a trial's outcome, or an update. */
function subscriptionEventType(before: string | null, after: string): WebhookBody['type'] {
  if (before === null) return 'subscription.created';
  if (before === after) return 'subscription.updated';
  if (before === 'IN_TRIAL' && after === 'ACTIVE') return 'subscription.trial_converted';
  if (before === 'IN_TRIAL' && after === 'EXPIRED') return 'subscription.trial_expired';
  if (after === 'CANCELED') return 'subscription.canceled';
  if (after === 'EXPIRED') return 'subscription.expired';
  return 'subscription.updated';
}
