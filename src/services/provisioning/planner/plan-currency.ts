import { Opportunity } from '../../../domain/salesforce-records';

/** The currency of every price in the plan: the opportunity's, else the configured default (upper-cased ISO 4217). */
export function planCurrency(opportunity: Opportunity, defaultCurrency: string): string {
  const currency = (opportunity.currency ?? '').trim() || defaultCurrency.trim();
  return currency.toUpperCase();
}
