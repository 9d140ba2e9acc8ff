/** The customers aggregate: provisionCustomer, updateOneCustomer, and the sandbox's payment method control. */
import { randomUUID } from 'node:crypto';
import { stiggError } from '../errors';
import type { CustomerRec, ProvisionCustomerArgs, ProvisionOutcome, ProvisionSubscriptionArgs, UpdateCustomerArgs } from './records';
import { Clock, found, sandboxCard, shortId } from './support';

export class Customers {
  readonly records = new Map<string, CustomerRec>();

  constructor(
    private readonly clock: Clock,
    /** provisions the subscription of provisionCustomer's subscriptionParams */
    private readonly provisionSubscription: (input: ProvisionSubscriptionArgs) => ProvisionOutcome,
  ) {}

  get(customerId: string): CustomerRec {
    return found(this.records, customerId, 'CustomerNotFound', 'Customer');
  }

  provision(input: ProvisionCustomerArgs): { customer: CustomerRec; outcome: ProvisionOutcome | null } {
    const customerId = input.customerId ?? input.refId ?? `customer-${shortId()}`;
    // assumption: provisionCustomer creates; an existing id is refused like any duplicate entity
    if (this.records.has(customerId)) {
      throw stiggError('DuplicatedEntityNotAllowed', `Customer with id ${customerId} already exists`, customerId);
    }
    const now = this.clock.now();
    const customer: CustomerRec = {
      id: randomUUID(),
      customerId,
      name: input.name ?? null,
      email: input.email ?? null,
      billingId: input.billingId ?? null,
      salesforceId: input.salesforceId ?? null,
      crmId: input.crmId ?? null,
      awsMarketplaceCustomerId: input.awsMarketplaceCustomerId ?? null,
      additionalMetaData: input.additionalMetaData ?? null,
      paymentMethod: input.billingInformation?.paymentMethodId ? sandboxCard() : null,
      trialedPlans: [],
      createdAt: now,
      updatedAt: now,
    };
    this.records.set(customerId, customer);
    if (!input.subscriptionParams) return { customer, outcome: null };
    try {
      const outcome = this.provisionSubscription({ ...input.subscriptionParams, customerId });
      return { customer, outcome };
    } catch (err) {
      // one operation: a refused subscription leaves no customer behind
      this.records.delete(customerId);
      throw err;
    }
  }

  update(input: UpdateCustomerArgs): CustomerRec {
    const id = input.customerId ?? input.refId;
    if (!id) throw stiggError('InvalidArgumentError', 'customerId is required');
    const c = this.get(id);
    // fields left out are unchanged; an explicit null clears a nullable field
    if (input.name !== undefined) c.name = input.name;
    if (input.email !== undefined) c.email = input.email;
    if (input.billingId !== undefined) c.billingId = input.billingId;
    if (input.salesforceId !== undefined) c.salesforceId = input.salesforceId;
    if (input.crmId !== undefined) c.crmId = input.crmId;
    if (input.awsMarketplaceCustomerId !== undefined) c.awsMarketplaceCustomerId = input.awsMarketplaceCustomerId;
    if (input.additionalMetaData !== undefined) c.additionalMetaData = input.additionalMetaData;
    if (input.billingInformation?.paymentMethodId) c.paymentMethod = sandboxCard();
    c.updatedAt = this.clock.now();
    return c;
  }

  /** Sandbox control: give a customer (or take away) a payment method on file. */
  setPaymentMethod(customerId: string, attached: boolean): CustomerRec {
    const c = this.get(customerId);
    c.paymentMethod = attached ? sandboxCard() : null;
    c.updatedAt = this.clock.now();
    return c;
  }
}
