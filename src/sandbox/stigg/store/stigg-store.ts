import type { StiggSeed } from '../seed';
import { Catalog } from './catalog';
import { CheckoutsAndInvoices } from './checkouts-invoices';
import { Credits } from './credits';
import { Customers } from './customers';
import { addonsTotal, subscriptionEntitlements, subscriptionPrices, totalPrice } from './pricing';
import { provisionSubscription } from './provisioning/provision-subscription';
import type {
  CheckoutRec,
  CreateCreditGrantArgs,
  CustomerRec,
  CreditGrantRec,
  PlanRec,
  ProvisionCustomerArgs,
  ProvisionSubscriptionArgs,
  SubscriptionRec,
  UpdateCustomerArgs,
  UpdateSubscriptionArgs,
} from './records';
import { loadSeed } from './seed-loader';
import { Subscriptions } from './subscriptions';
import { CancelSubscriptionArgs, PreviewSubscriptionArgs, SubscriptionChanges } from './subscription-changes';
import { Clock } from './support';

/*
 * The Stigg emulator's in-memory data and business rules: a thin façade over one aggregate per
 * file (catalog, customers, subscriptions with provisioning/, checkouts and invoices, credits), so
 * the resolvers, the sandbox endpoints and the tests have one object. Everything is synchronous: a
 * GraphQL operation runs to completion before the next one starts, which keeps the rules simple
 * and makes a committed write visible to the very next request.
 */
export class StiggStore {
  readonly apiKey: string;
  readonly catalog = new Catalog();
  readonly customerAggregate: Customers;
  readonly subscriptionAggregate: Subscriptions;
  readonly subscriptionChanges: SubscriptionChanges;
  readonly credits: Credits;
  readonly checkoutsAndInvoices: CheckoutsAndInvoices;

  readonly products = this.catalog.products;
  readonly features = this.catalog.features;
  readonly currencies = this.catalog.currencies;
  readonly plans = this.catalog.plans;
  readonly addons = this.catalog.addons;
  readonly customers: Map<string, CustomerRec>;
  /** in creation order */
  readonly subscriptions: Map<string, SubscriptionRec>;
  /** by grantId, in creation order */
  readonly creditGrants: Map<string, CreditGrantRec>;
  readonly checkouts: Map<string, CheckoutRec>;

  private readonly clock: Clock;

  /** @param baseUrl the emulator's own URL (checkout and invoice links point at it) */
  constructor(seed: StiggSeed, baseUrl: () => string, clock: () => Date = () => new Date()) {
    this.apiKey = seed.apiKey ?? 'server-sandbox-stigg-0000000000000000';
    this.clock = { now: () => clock().toISOString() };
    const provision = (input: ProvisionSubscriptionArgs) => this.provisionSubscription(input);
    this.customerAggregate = new Customers(this.clock, provision);
    this.credits = new Credits(this.clock, this.catalog, this.customerAggregate);
    this.subscriptionAggregate = new Subscriptions(this.clock, this.credits, provision, (input) => this.subscriptionChanges.update(input));
    this.subscriptionChanges = new SubscriptionChanges(this.clock, this.catalog, this.customerAggregate, this.subscriptionAggregate, this.credits);
    this.checkoutsAndInvoices = new CheckoutsAndInvoices(this.clock, baseUrl, this.customerAggregate, this.subscriptionAggregate, this.credits, provision);
    this.customers = this.customerAggregate.records;
    this.subscriptions = this.subscriptionAggregate.records;
    this.creditGrants = this.credits.grants;
    this.checkouts = this.checkoutsAndInvoices.checkouts;
    loadSeed(seed, this.catalog, this.customers);
  }

  now(): string {
    return this.clock.now();
  }

  // ------------------------------------------------------------------ lookups (Stigg's not-found errors)

  customer = (customerId: string) => this.customerAggregate.get(customerId);
  subscription = (subscriptionId: string) => this.subscriptionAggregate.get(subscriptionId);
  plan = (planId: string) => this.catalog.plan(planId);
  feature = (featureId: string) => this.catalog.feature(featureId);
  addon = (addonId: string) => this.catalog.addon(addonId);
  currency = (currencyId: string) => this.catalog.currency(currencyId);
  /** The customer's subscriptions that have not ended, oldest first. */
  liveSubscriptionsOf = (customerId: string) => this.subscriptionAggregate.liveOf(customerId);

  // ------------------------------------------------------------------ customers

  provisionCustomer = (input: ProvisionCustomerArgs) => this.customerAggregate.provision(input);
  updateCustomer = (input: UpdateCustomerArgs) => this.customerAggregate.update(input);
  setPaymentMethod = (customerId: string, attached: boolean) => this.customerAggregate.setPaymentMethod(customerId, attached);

  // ------------------------------------------------------------------ subscriptions

  provisionSubscription(input: ProvisionSubscriptionArgs) {
    return provisionSubscription(
      {
        clock: this.clock,
        catalog: this.catalog,
        customers: this.customerAggregate,
        subscriptions: this.subscriptionAggregate,
        checkoutsAndInvoices: this.checkoutsAndInvoices,
        credits: this.credits,
      },
      input,
    );
  }
  updateSubscription = (input: UpdateSubscriptionArgs) => this.subscriptionChanges.update(input);
  cancelSubscription = (input: CancelSubscriptionArgs) => this.subscriptionChanges.cancel(input);
  previewSubscription = (input: PreviewSubscriptionArgs) => this.subscriptionChanges.preview(input);
  cancelSchedule = (input: { subscriptionId: string; status?: string | null }) => this.subscriptionChanges.cancelSchedule(input);
  runSchedules = (subscriptionId: string, all: boolean) => this.subscriptionAggregate.runSchedules(subscriptionId, all);
  endTrial = (subscriptionId: string) => this.subscriptionAggregate.endTrial(subscriptionId);
  payInvoice = (subscriptionId: string) => this.checkoutsAndInvoices.payInvoice(subscriptionId);
  completeCheckout = (checkoutId: string) => this.checkoutsAndInvoices.completeCheckout(checkoutId);

  // ------------------------------------------------------------------ pricing views

  planCurrency = (plan: PlanRec) => this.catalog.planCurrency(plan);
  subscriptionPrices = (sub: SubscriptionRec) => subscriptionPrices(this.catalog, sub);
  totalPrice = (sub: SubscriptionRec) => totalPrice(this.catalog, sub);
  addonsTotal = (sub: SubscriptionRec) => addonsTotal(this.catalog, sub);
  subscriptionEntitlements = (sub: SubscriptionRec) => subscriptionEntitlements(this.catalog, sub);

  // ------------------------------------------------------------------ credits

  createCreditGrant = (input: CreateCreditGrantArgs) => this.credits.createGrant(input);
  payCreditGrant = (grantId: string) => this.credits.payGrant(grantId);
  voidCreditGrant = (id: string) => this.credits.voidGrant(id);
  grantStatus = (g: CreditGrantRec) => this.credits.grantStatus(g);
  grantsOf = (customerId: string, opts: { resourceId?: string | null; currencyId?: string | null }) => this.credits.grantsOf(customerId, opts);
  creditBalances = (customerId: string, opts: { resourceId?: string | null; currencyId?: string | null }) => this.credits.balances(customerId, opts);
  creditEntitlement = (customerId: string, currencyId: string, resourceId: string | null) => this.credits.entitlement(customerId, currencyId, resourceId);
}
