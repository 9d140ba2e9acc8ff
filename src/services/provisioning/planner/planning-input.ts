import { Account, Contact, Opportunity, OpportunityLineItem, Product } from '../../../domain/salesforce-records';
import { StiggCatalog } from '../../../domain/stigg-catalog';
import { Customer } from '../../../domain/stigg-entities';
import { ProvisioningRequest } from '../../../domain/provisioning-plan';

/** Everything the pure planner reasons about, read beforehand by the provisioning service. */
export interface PlanningInput {
  request: ProvisioningRequest;
  opportunity: Opportunity;
  account: Account | null;
  lineItems: OpportunityLineItem[];
  /** The line items' products. */
  products: Product[];
  catalog: StiggCatalog;
  /** The account's contacts. */
  contacts: Contact[];
  /** The email of the opportunity's primary contact role, if any. */
  primaryContactEmail: string | null;
  /** The Stigg customer if it already exists. */
  existingCustomer: Customer | null;
  defaultCurrency: string;
  now: Date;
}
