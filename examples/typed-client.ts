// Compiles only if the generated operation types still fit what a client expects:
// a breaking change in schema.graphql (a removed field, a changed type) fails this file.
import type { PortalOpportunitiesQuery, OpportunitySubscriptionCardQuery, ProductMappingsQuery } from './generated/graphql';

export function wonDealNames(data: PortalOpportunitiesQuery): string[] {
  return data.opportunities.edges.filter((e) => e.node.isWon).map((e) => e.node.name);
}

export function creditsLeft(data: OpportunitySubscriptionCardQuery): number {
  const balances = data.opportunity?.account?.customer?.creditBalances ?? [];
  return balances.reduce((sum, b) => sum + b.currentBalance, 0);
}

export function brokenMappings(data: ProductMappingsQuery): string[] {
  return data.productMappings.filter((m) => m.status !== 'VALID').map((m) => `${m.productName}: ${m.problem ?? m.status}`);
}

import type { ProvisionOpportunityMutation, GrantCreditsMutationVariables } from './generated/graphql';

/** A FAILED run is data, not an error: a client reads the failing step from it. */
export function failedStep(data: ProvisionOpportunityMutation): string | null {
  const run = data.provisionOpportunity;
  return run.status === 'FAILED' ? (run.error?.step ?? null) : null;
}

export const promotionalTopUp: GrantCreditsMutationVariables = {
  input: { customerId: 'customer-initech', grantType: 'PROMOTIONAL', currencyId: 'cred-type-test', displayName: 'Welcome credits', amount: 500, idempotencyKey: 'welcome-initech' },
};
