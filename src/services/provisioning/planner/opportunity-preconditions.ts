import { Account, Opportunity } from '../../../domain/salesforce-records';
import { GatewayError } from '../../../errors/gateway-error';

/**
 * The opportunity may be provisioned: it is Closed/Won (for trials too: the
 * Stigg flow triggers on Closed/Won), else OPPORTUNITY_NOT_WON; and it has an
 * account, else BAD_USER_INPUT on `opportunityId`. Returns the account.
 */
export function assertOpportunityProvisionable(opportunity: Opportunity, account: Account | null): Account {
  if (!opportunity.isWon) {
    throw new GatewayError('OPPORTUNITY_NOT_WON',
      `Opportunity '${opportunity.name}' is in stage '${opportunity.stageName}'; ` +
      'only a Closed/Won opportunity is provisioned. Close the opportunity as won first.',
      { stageName: opportunity.stageName });
  }
  if (!account) {
    const why = opportunity.accountId
      ? `its account ${opportunity.accountId} could not be read`
      : 'it has no account';
    throw GatewayError.badInput('opportunityId',
      `Opportunity '${opportunity.name}' cannot be provisioned: ${why}. Set the opportunity's account.`);
  }
  return account;
}
