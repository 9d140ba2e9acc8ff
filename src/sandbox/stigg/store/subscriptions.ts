/** The subscriptions aggregate: lookups, ending a subscription, and the sandbox's trial end and scheduled updates. */
import type { Credits } from './credits';
import { ProvisionOutcome, ProvisionSubscriptionArgs, SandboxError, SubscriptionRec, UpdateSubscriptionArgs } from './records';
import { addPeriod, Clock, ENDED, found } from './support';

export class Subscriptions {
  /** in creation order */
  readonly records = new Map<string, SubscriptionRec>();

  constructor(
    private readonly clock: Clock,
    private readonly credits: Credits,
    /** carries out a scheduled downgrade's provisioning input */
    private readonly provisionSubscription: (input: ProvisionSubscriptionArgs) => ProvisionOutcome,
    /** carries out a scheduled updateOneSubscription input */
    private readonly updateSubscription: (input: UpdateSubscriptionArgs) => SubscriptionRec,
  ) {}

  get(subscriptionId: string): SubscriptionRec {
    return found(this.records, subscriptionId, 'SubscriptionNotFound', 'Subscription');
  }

  /** The customer's subscriptions that have not ended, oldest first. */
  liveOf(customerId: string): SubscriptionRec[] {
    return [...this.records.values()].filter((s) => s.customerId === customerId && !ENDED.includes(s.status));
  }

  /** Ends the subscription: its open invoice is canceled, its scheduled updates too, its recurring credits voided. */
  end(sub: SubscriptionRec, status: 'CANCELED' | 'EXPIRED'): void {
    const now = this.clock.now();
    sub.status = status;
    sub.cancellationDate = now;
    sub.endDate = now;
    sub.updatedAt = now;
    if (sub.latestInvoice?.status === 'OPEN') sub.latestInvoice = { ...sub.latestInvoice, status: 'CANCELED', updatedAt: now };
    for (const u of sub.scheduledUpdates) if (u.status === 'Scheduled') u.status = 'Canceled';
    this.credits.voidSubscriptionGrants(sub.subscriptionId, now);
  }

  /**
   * Sandbox control standing in for the passing of time: carries out the subscription's scheduled
   * updates (`all`: every one still scheduled, as if its time had come; else only those due). A
   * plan change (Downgrade, Plan) creates the new plan's subscription with the id that was
   * requested and the current one ends (CANCELED); a change of terms is applied to the subscription.
   */
  runSchedules(subscriptionId: string, all: boolean): { subscription: SubscriptionRec; applied: Array<{ type: string; status: string; subscriptionId: string | null }> } {
    const sub = this.records.get(subscriptionId);
    if (!sub) throw new SandboxError(404, `Subscription not found: ${subscriptionId}`);
    const now = this.clock.now();
    const applied: Array<{ type: string; status: string; subscriptionId: string | null }> = [];
    // A cancellation whose date has come (or, with `all`, any pending one) ends the subscription after its updates.
    const cancelling = !ENDED.includes(sub.status) && sub.cancellationDate !== null && (all || sub.cancellationDate <= now);
    for (const u of sub.scheduledUpdates) {
      if (u.status !== 'Scheduled' || (!all && u.executionTime > now)) continue;
      try {
        if ('update' in u) {
          u.status = 'Done';
          const updated = this.updateSubscription({ ...u.update, subscriptionId: sub.subscriptionId, scheduleStrategy: 'IMMEDIATE' });
          applied.push({ type: u.type, status: u.status, subscriptionId: updated.subscriptionId });
          continue;
        }
        const outcome = this.provisionSubscription({ ...u.input, scheduleStrategy: 'IMMEDIATE' });
        u.status = outcome.subscription ? 'Done' : 'Failed';
        applied.push({ type: u.type, status: u.status, subscriptionId: outcome.subscription?.subscriptionId ?? null });
      } catch (err) {
        u.status = 'Failed';
        applied.push({ type: u.type, status: u.status, subscriptionId: null });
        throw new SandboxError(409, `Scheduled ${u.type} of ${subscriptionId} failed: ${(err as Error).message}`);
      }
    }
    // The pending cancellation ends the subscription, unless a plan change above already ended it.
    if (cancelling && !ENDED.includes(sub.status)) {
      const endsAt = sub.cancellationDate;
      this.end(sub, 'CANCELED');
      applied.push({ type: 'Cancellation', status: 'Done', subscriptionId: sub.subscriptionId });
      sub.cancellationDate = endsAt;
      sub.endDate = endsAt;
    }
    return { subscription: sub, applied };
  }

  /** Sandbox control: the trial period is over; its end behaviour applies. */
  endTrial(subscriptionId: string): SubscriptionRec {
    const sub = this.records.get(subscriptionId);
    if (!sub) throw new SandboxError(404, `Subscription not found: ${subscriptionId}`);
    if (sub.status !== 'IN_TRIAL') throw new SandboxError(409, `Subscription ${subscriptionId} is not in trial (status ${sub.status})`);
    const now = this.clock.now();
    if (sub.trialEndBehavior === 'CANCEL_SUBSCRIPTION') {
      this.end(sub, 'EXPIRED');
    } else {
      sub.status = 'ACTIVE';
      sub.trialEndDate = now;
      sub.currentBillingPeriodStart = now;
      sub.currentBillingPeriodEnd = addPeriod(now, sub.billingPeriod ?? 'MONTHLY');
      sub.updatedAt = now;
    }
    return sub;
  }
}
