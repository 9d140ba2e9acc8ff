import { Opportunity } from '../../../domain/salesforce-records';
import { STIGG_MONEY_CURRENCIES } from '../../../domain/stigg-currencies';
import { GatewayError } from '../../../errors/gateway-error';

/** The currency of every price in the plan: the opportunity's, else the configured default (upper-cased ISO 4217). */
export function planCurrency(opportunity: Opportunity, defaultCurrency: string): string {
  const currency = (opportunity.currency ?? '').trim() || defaultCurrency.trim();
  return currency.toUpperCase();
}

/**
 * When Stigg collects payment, the plan's prices go to Stigg in this currency: one that Stigg's
 * Currency enum lacks (e.g. HUF) would be refused there, so it is BAD_USER_INPUT here, before
 * anything is written.
 */
export function assertStiggKnowsCurrency(currency: string, collectsPayment: boolean, opportunity: Opportunity): void {
  if (!collectsPayment || STIGG_MONEY_CURRENCIES.has(currency)) return;
  throw GatewayError.badInput('opportunityId',
    `Opportunity ${opportunity.id} is in ${currency}, a currency Stigg does not bill in; ` +
    'change the opportunity\'s currency, or provision it with paymentCollectionMethod NONE.');
}
