import { OpportunityResolver } from './opportunity-resolver';
import { OpportunityLineItemResolver } from './line-item-resolver';
import { ProductResolver } from './product-resolver';
import { AccountResolver } from './account-resolver';
import { CustomerResolver } from './customer-resolver';
import { SubscriptionResolver } from './subscription-resolver';
import { ProvisioningResolver } from './provisioning-resolver';
import { CreditGrantResolver } from './credit-grant-resolver';
import { SubscriptionLifecycleResolver } from './subscription-lifecycle-resolver';
import { ReconciliationResolver } from './reconciliation-resolver';
import { AutomationResolver } from './automation-resolver';

/** Every resolver class, for buildSchema. */
export const resolvers = [
  OpportunityResolver,
  OpportunityLineItemResolver,
  ProductResolver,
  AccountResolver,
  CustomerResolver,
  SubscriptionResolver,
  ProvisioningResolver,
  CreditGrantResolver,
  SubscriptionLifecycleResolver,
  AutomationResolver,
  ReconciliationResolver,
] as const;
