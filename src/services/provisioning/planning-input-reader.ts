import { RequestLoaders } from '../loaders/request-loaders';
import { ProvisioningRequest } from '../../domain/provisioning-plan';
import { GatewayError } from '../../errors/gateway-error';
import { PlanningInput } from './planner/planning-input';

/**
 * Reads everything the pure planner needs, through the request's loaders:
 * the opportunity, its account, line items and products, the account's
 * contacts, the primary contact role, the Stigg catalog and the existing
 * Stigg customer. Independent reads run in parallel (three dependent levels).
 */
export async function readPlanningInput(
  loaders: RequestLoaders,
  request: ProvisioningRequest,
  defaultCurrency: string,
  now: Date,
): Promise<PlanningInput> {
  const opportunity = await loaders.opportunity.load(request.opportunityId);
  if (!opportunity) throw new GatewayError('NOT_FOUND', `No opportunity ${request.opportunityId} in Salesforce.`, { field: 'opportunityId' });

  const [account, lineItems, contactRoles, catalog, contacts, customerBySalesforceId] = await Promise.all([
    opportunity.accountId ? loaders.account.load(opportunity.accountId) : Promise.resolve(null),
    loaders.lineItemsByOpportunity.load(opportunity.id),
    loaders.contactRolesByOpportunity.load(opportunity.id),
    loaders.catalog(),
    opportunity.accountId ? loaders.contactsByAccount.load(opportunity.accountId) : Promise.resolve([]),
    opportunity.accountId ? loaders.customerBySalesforceId.load(opportunity.accountId) : Promise.resolve(null),
  ]);

  const [products, customerByField] = await Promise.all([
    Promise.all([...new Set(lineItems.map((l) => l.productId))].map((id) => loaders.product.load(id))),
    account?.stiggCustomerId ? loaders.customer.load(account.stiggCustomerId) : Promise.resolve(null),
  ]);

  const primary = contactRoles.find((r) => r.isPrimary && r.email) ?? null;
  return {
    request,
    opportunity,
    account,
    lineItems,
    products: products.filter((p): p is NonNullable<typeof p> => p !== null),
    catalog,
    contacts,
    primaryContactEmail: primary?.email ?? null,
    existingCustomer: customerByField ?? customerBySalesforceId,
    defaultCurrency,
    now,
  };
}
