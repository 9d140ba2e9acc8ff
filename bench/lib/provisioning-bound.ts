import type { Deals } from './seed';

export interface ProvisioningBound {
  seconds: number;
  binding: string;
  buckets: Array<{ bucket: string; demand: number; seconds: number }>;
}

/**
 * The least time Stigg's token buckets, scaled to `windowMs`, allow for provisioning these deals:
 * max over buckets of (demand - burst) / rate.
 */
export function provisioningBound(deals: Deals, windowMs: number): ProvisioningBound {
  const perWindow = { provisionSubscription: 250, provisionCustomer: 250 };
  const entity = 30;
  const customers = new Set(deals.accountOf).size;
  const dealsPer = new Map<string, number>();
  for (const a of deals.accountOf) dealsPer.set(a, (dealsPer.get(a) ?? 0) + 1);
  const hottest = Math.max(...dealsPer.values());
  const time = (demand: number, limit: number) => Math.max(0, demand - limit) / (limit / (windowMs / 1000));
  const buckets = [
    { bucket: 'provisionSubscription (operation)', demand: deals.opportunityIds.length, seconds: time(deals.opportunityIds.length, perWindow.provisionSubscription) },
    { bucket: 'provisionCustomer (operation)', demand: customers, seconds: time(customers, perWindow.provisionCustomer) },
    // one provisionCustomer + one provisionSubscription per deal on the busiest customer
    { bucket: 'busiest customer (entity)', demand: hottest + 1, seconds: time(hottest + 1, entity) },
  ];
  const worst = buckets.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { seconds: worst.seconds, binding: worst.bucket, buckets };
}
