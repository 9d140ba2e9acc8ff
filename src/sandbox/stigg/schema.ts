import { buildSchema, GraphQLSchema } from 'graphql';

/**
 * The part of Stigg's GraphQL API the sandbox emulates.
 *
 * Written for this project from Stigg's public API reference (docs.stigg.io "GraphQL API", the
 * api-reference pages for provisionSubscriptionV2, provisionCustomer, createCreditGrant and the
 * Customer / CreditGrant / Entitlement types, and the api-docs.stigg.io type index) and from what
 * @stigg/node-server-sdk 3.95.0 selects and sends. Fields or values the reference does not
 * describe but the SDK (or the gateway) needs are marked `# assumption`.
 *
 * Only a subset of each type is modelled: filters, enums and inputs list what the emulator
 * understands. A document selecting something outside this subset fails validation (HTTP 400).
 */
export const STIGG_SCHEMA_SDL = /* GraphQL */ `
scalar DateTime
scalar JSON
scalar UUID
scalar ConnectionCursor

# ---------------------------------------------------------------- enums

enum BillingPeriod { MONTHLY ANNUALLY }
enum BillingModel { FLAT_FEE PER_UNIT USAGE_BASED CREDIT_BASED MINIMUM_SPEND }
enum BillingCadence { RECURRING ONE_OFF }
enum PricingType { FREE PAID CUSTOM }
enum TiersMode { VOLUME GRADUATED }
enum PackageStatus { DRAFT PUBLISHED ARCHIVED }
"A subset of the ISO 4217 codes the API accepts"
enum Currency {
  USD EUR GBP CAD AUD NZD JPY CHF SEK NOK DKK PLN CZK HUF ILS INR SGD HKD BRL MXN ZAR AED
}
enum PaymentCollectionMethod { CHARGE INVOICE NONE }
enum PaymentCollection { NOT_REQUIRED PROCESSING FAILED ACTION_REQUIRED }
enum PaymentMethodType { CARD BANK CASH_APP }
enum SubscriptionStatus { ACTIVE IN_TRIAL PAYMENT_PENDING NOT_STARTED CANCELED EXPIRED }
enum ProvisionSubscriptionStatus { SUCCESS PAYMENT_REQUIRED }
enum SubscriptionDecisionStrategy { REQUESTED_PLAN PREDEFINED_FREE_PLAN PREDEFINED_TRIAL_PLAN SKIPPED_SUBSCRIPTION_CREATION }
enum TrialEndBehavior { CONVERT_TO_PAID CANCEL_SUBSCRIPTION }
enum TrialPeriodUnits { DAY MONTH }
enum ScheduleStrategy { END_OF_BILLING_PERIOD END_OF_BILLING_MONTH IMMEDIATE }
enum FeatureType { BOOLEAN NUMBER ENUM }
enum MeterType { None Fluctuating Incremental }
enum EntitlementResetPeriod { HOUR DAY WEEK MONTH YEAR }
enum YearlyAccordingTo { SubscriptionStart }
enum MonthlyAccordingTo { SubscriptionStart StartOfTheMonth }
enum WeeklyAccordingTo { SubscriptionStart EveryMonday EveryTuesday EveryWednesday EveryThursday EveryFriday EverySaturday EverySunday }
enum AccessDeniedReason {
  BudgetExceeded CustomerIsArchived CustomerNotFound CustomerResourceNotFound FeatureNotFound FeatureTypeMismatch
  InsufficientCredits NoActiveSubscription NoFeatureEntitlementInSubscription RequestedUsageExceedingLimit
  RequestedValuesMismatch Revoked Unknown
}
enum WidgetType { PAYWALL CUSTOMER_PORTAL CHECKOUT }
enum CreditGrantType { PAID PROMOTIONAL }
"# assumption: the reference names the field (CreditGrant.status) but not its values"
enum CreditGrantStatus { ACTIVE SCHEDULED EXPIRED VOIDED }
"Cadence of a subscription credit entitlement (MONTH or YEAR per the reference). # assumption: the enum's name"
enum CreditCadence { MONTH YEAR }
enum CouponType { FIXED PERCENTAGE }
enum CouponStatus { ACTIVE ARCHIVED }
enum PromotionalEntitlementStatus { Active Expired Paused }
enum ExperimentGroupType { CONTROL VARIANT }
enum SubscriptionInvoiceStatus { OPEN PAID CANCELED }
enum SubscriptionInvoiceBillingReason { SUBSCRIPTION_CREATION SUBSCRIPTION_UPDATE BILLING_CYCLE MANUAL MINIMUM_INVOICE_AMOUNT_EXCEEDED OTHER }
enum SubscriptionScheduleType { Plan Downgrade BillingPeriod UnitAmount Addon PriceOverride Coupon AdditionalMetaData BillingInfoMetadata MigrateToLatest }
enum SubscriptionScheduleStatus { Scheduled PendingPayment Done Failed Canceled }
enum ChangeType { ADDED DELETED MODIFIED REORDERED }
enum SyncStatus { PENDING SUCCESS ERROR NO_SYNC_REQUIRED }
enum BillingVendorIdentifier { STRIPE ZUORA }
enum SortDirection { ASC DESC }
enum SortNulls { NULLS_FIRST NULLS_LAST }
enum SubscriptionQuerySortFields { createdAt customerId productId resourceId startDate status }
enum CustomerSortFields { createdAt updatedAt customerId refId name email }

# ---------------------------------------------------------------- common

type Money { amount: Float! currency: Currency! }
type PageInfo {
  startCursor: ConnectionCursor
  endCursor: ConnectionCursor
  hasNextPage: Boolean
  hasPreviousPage: Boolean
}
input CursorPaging { first: Int after: ConnectionCursor last: Int before: ConnectionCursor }
input StringFieldComparison {
  eq: String neq: String in: [String!] notIn: [String!]
  like: String notLike: String iLike: String notILike: String
  gt: String gte: String lt: String lte: String
  is: Boolean isNot: Boolean
}
input SubscriptionStatusFilterComparison {
  eq: SubscriptionStatus neq: SubscriptionStatus in: [SubscriptionStatus!] notIn: [SubscriptionStatus!]
  is: Boolean isNot: Boolean
}
input PricingTypeFilterComparison { eq: PricingType neq: PricingType in: [PricingType!] notIn: [PricingType!] }
input BooleanFieldComparison { is: Boolean isNot: Boolean }
input PackageStatusFilterComparison { eq: PackageStatus neq: PackageStatus in: [PackageStatus!] notIn: [PackageStatus!] }
input MoneyInputDto { amount: Float! currency: Currency }

type SdkConfiguration { sentryDsn: String isWidgetWatermarkEnabled: Boolean }

# ---------------------------------------------------------------- catalog

type Feature {
  id: UUID!
  refId: String!
  displayName: String!
  description: String
  featureType: FeatureType!
  meterType: MeterType
  featureUnits: String
  featureUnitsPlural: String
  additionalMetaData: JSON
  createdAt: DateTime
  updatedAt: DateTime
}
type FeatureEdge { cursor: ConnectionCursor! node: Feature! }
type FeatureConnection { edges: [FeatureEdge!]! pageInfo: PageInfo! totalCount: Int! }
input FeatureFilter { refId: StringFieldComparison displayName: StringFieldComparison and: [FeatureFilter!] or: [FeatureFilter!] }

type ProductSettings { downgradePlan: Plan }
type Product {
  id: UUID!
  refId: String!
  displayName: String
  description: String
  additionalMetaData: JSON
  multipleSubscriptions: Boolean!
  productSettings: ProductSettings!
  plans: [Plan!]!
}
type ProductEdge { cursor: ConnectionCursor! node: Product! }
type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
input ProductFilter { refId: StringFieldComparison multipleSubscriptions: BooleanFieldComparison and: [ProductFilter!] or: [ProductFilter!] }

type PriceTier { upTo: Float unitPrice: Money flatPrice: Money }
type CreditRate { amount: Float! currencyId: String! customCurrencyId: String }
type Price {
  id: UUID!
  billingModel: BillingModel!
  billingPeriod: BillingPeriod!
  billingCadence: BillingCadence!
  billingId: String
  billingCountryCode: String
  minUnitQuantity: Float
  maxUnitQuantity: Float
  blockSize: Float
  price: Money
  creditRate: CreditRate
  tiersMode: TiersMode
  tiers: [PriceTier!]
  "The feature a per-unit or usage-based price is for; null for the base charge"
  feature: Feature
}

type YearlyResetPeriodConfig { yearlyAccordingTo: YearlyAccordingTo }
type MonthlyResetPeriodConfig { monthlyAccordingTo: MonthlyAccordingTo }
type WeeklyResetPeriodConfig { weeklyAccordingTo: WeeklyAccordingTo }
union ResetPeriodConfiguration = YearlyResetPeriodConfig | MonthlyResetPeriodConfig | WeeklyResetPeriodConfig

type PackageEntitlement {
  id: UUID
  featureId: String!
  feature: Feature!
  usageLimit: Float
  hasUnlimitedUsage: Boolean
  hasSoftLimit: Boolean
  resetPeriod: EntitlementResetPeriod
  resetPeriodConfiguration: ResetPeriodConfiguration
  enumValues: [String!]
  hiddenFromWidgets: [WidgetType!]
  isCustom: Boolean
  isGranted: Boolean!
  displayNameOverride: String
  description: String
}

type TrialBudget { limit: Float! hasSoftLimit: Boolean }
type DefaultTrialConfig {
  duration: Float!
  units: TrialPeriodUnits!
  trialEndBehavior: TrialEndBehavior
  budget: TrialBudget
}

type PackageGroupOptions { minItems: Float freeItems: Float }
type PlanCompatiblePackageGroups {
  packageGroupId: String!
  displayName: String!
  addons: [Addon!]
  options: PackageGroupOptions
}

type BasePlan { refId: String! displayName: String! }
type Plan {
  id: UUID!
  refId: String!
  displayName: String!
  description: String
  billingId: String
  versionNumber: Int!
  isLatest: Boolean
  status: PackageStatus!
  additionalMetaData: JSON
  hiddenFromWidgets: [WidgetType!]
  pricingType: PricingType
  productId: String
  product: Product!
  basePlan: BasePlan
  entitlements: [PackageEntitlement!]
  inheritedEntitlements: [PackageEntitlement!]
  compatibleAddons: [Addon!]
  compatiblePackageGroups: [PlanCompatiblePackageGroups!]
  prices: [Price!]
  overagePrices: [Price!]
  defaultTrialConfig: DefaultTrialConfig
}
type PlanEdge { cursor: ConnectionCursor! node: Plan! }
type PlanConnection { edges: [PlanEdge!]! pageInfo: PageInfo! totalCount: Int! }
input PlanFilterProductFilter { refId: StringFieldComparison }
input PlanFilter {
  refId: StringFieldComparison
  productId: StringFieldComparison
  pricingType: PricingTypeFilterComparison
  isLatest: BooleanFieldComparison
  status: PackageStatusFilterComparison
  product: PlanFilterProductFilter
  and: [PlanFilter!]
  or: [PlanFilter!]
}

type Addon {
  id: UUID!
  refId: String!
  displayName: String!
  description: String
  billingId: String
  versionNumber: Int
  isLatest: Boolean
  status: PackageStatus!
  additionalMetaData: JSON
  hiddenFromWidgets: [WidgetType!]
  pricingType: PricingType
  maxQuantity: Float
  productId: String
  entitlements: [PackageEntitlement!]
  prices: [Price!]
  overagePrices: [Price!]
  dependencies: [Addon!]
}
type AddonEdge { cursor: ConnectionCursor! node: Addon! }
type AddonConnection { edges: [AddonEdge!]! pageInfo: PageInfo! totalCount: Int! }
input AddonFilter {
  refId: StringFieldComparison
  productId: StringFieldComparison
  pricingType: PricingTypeFilterComparison
  isLatest: BooleanFieldComparison
  status: PackageStatusFilterComparison
  and: [AddonFilter!]
  or: [AddonFilter!]
}

type CurrencyUnits { singular: String! plural: String! }
"# assumption: the GraphQL type of a custom currency (credit type) is modelled from CreditBalance.currency as the SDK selects it and from the REST CustomCurrency object"
type CustomCurrency {
  id: UUID!
  currencyId: String!
  displayName: String!
  symbol: String
  description: String
  units: CurrencyUnits
  additionalMetaData: JSON
}
type CustomCurrencyEdge { cursor: ConnectionCursor! node: CustomCurrency! }
type CustomCurrencyConnection { edges: [CustomCurrencyEdge!]! pageInfo: PageInfo! totalCount: Int! }
input CustomCurrencyFilter { currencyId: StringFieldComparison and: [CustomCurrencyFilter!] or: [CustomCurrencyFilter!] }

# ---------------------------------------------------------------- customers

type ExperimentInfo { id: String! name: String! groupType: ExperimentGroupType! groupName: String! }
type TrialedPlan { productId: String productRefId: String planId: String planRefId: String }
type EligibleForTrial { productId: String productRefId: String eligible: Boolean! }
type SyncState { vendorIdentifier: BillingVendorIdentifier! status: SyncStatus! error: String }
type Coupon {
  id: UUID!
  refId: String!
  name: String!
  description: String
  type: CouponType!
  discountValue: Float!
  percentOff: Float
  amountsOff: [Money!]
  additionalMetaData: JSON
  createdAt: DateTime!
  updatedAt: DateTime!
  billingId: String
  billingLinkUrl: String
  status: CouponStatus!
  syncStates: [SyncState!]
}
type PromotionalEntitlement {
  id: UUID!
  status: PromotionalEntitlementStatus!
  featureId: String!
  feature: Feature!
  usageLimit: Float
  hasUnlimitedUsage: Boolean!
  hasSoftLimit: Boolean
  resetPeriod: EntitlementResetPeriod
  endDate: DateTime
  isVisible: Boolean!
}
type Customer {
  id: UUID!
  customerId: String!
  refId: String!
  name: String
  email: String
  billingId: String
  billingCurrency: Currency
  billingLinkUrl: String
  additionalMetaData: JSON
  createdAt: DateTime
  updatedAt: DateTime!
  salesforceId: String
  crmId: String
  awsMarketplaceCustomerId: String
  hasPaymentMethod: Boolean!
  defaultPaymentMethodId: String
  defaultPaymentMethodType: PaymentMethodType
  defaultPaymentMethodLast4Digits: String
  defaultPaymentExpirationMonth: Int
  defaultPaymentExpirationYear: Int
  hasActiveSubscription: Boolean!
  hasActiveResource: Boolean!
  "The customer's subscriptions that have not ended (not CANCELED or EXPIRED). # assumption: which statuses are listed"
  subscriptions: [CustomerSubscription!]
  trialedPlans: [TrialedPlan!]
  eligibleForTrial: [EligibleForTrial!]
  promotionalEntitlements: [PromotionalEntitlement!]!
  coupon: Coupon
  experimentInfo: ExperimentInfo
  excludeFromExperiment: Boolean
  syncStates: [SyncState!]
}
type CustomerEdge { cursor: ConnectionCursor! node: Customer! }
type CustomerConnection { edges: [CustomerEdge!]! pageInfo: PageInfo! totalCount: Int! }
input CustomerFilterCustomerSubscriptionFilter {
  subscriptionId: StringFieldComparison
  refId: StringFieldComparison
  salesforceId: StringFieldComparison
  status: SubscriptionStatusFilterComparison
  pricingType: PricingTypeFilterComparison
  and: [CustomerFilterCustomerSubscriptionFilter!]
  or: [CustomerFilterCustomerSubscriptionFilter!]
}
input CustomerFilter {
  customerId: StringFieldComparison
  refId: StringFieldComparison
  name: StringFieldComparison
  email: StringFieldComparison
  billingId: StringFieldComparison
  salesforceId: StringFieldComparison
  crmId: StringFieldComparison
  subscriptions: CustomerFilterCustomerSubscriptionFilter
  and: [CustomerFilter!]
  or: [CustomerFilter!]
}
input CustomerSort { field: CustomerSortFields! direction: SortDirection! nulls: SortNulls }

input Address {
  addressLine1: String addressLine2: String city: String state: String country: String postalCode: String phoneNumber: String
}
input TaxExempt { type: String! value: String! }
input CustomerBillingInfo {
  billingAddress: Address
  shippingAddress: Address
  currency: Currency
  customerName: String
  integrationId: String
  invoiceCustomFields: JSON
  language: String
  metadata: JSON
  "Attaches a payment method to the customer (the sandbox accepts any value)"
  paymentMethodId: String
  taxIds: [TaxExempt!]
  timezone: String
}
input GetCustomerByRefIdInput { customerId: String! environmentId: UUID }
input ProvisionCustomerInput {
  customerId: String
  refId: String
  name: String
  email: String
  billingId: String
  billingInformation: CustomerBillingInfo
  additionalMetaData: JSON
  couponRefId: String
  crmId: String
  salesforceId: String
  awsMarketplaceCustomerId: String
  excludeFromExperiment: Boolean
  shouldSyncFree: Boolean
  createdAt: DateTime
  environmentId: UUID
  subscriptionParams: ProvisionCustomerSubscriptionInput
}
input UpdateCustomerInput {
  customerId: String
  refId: String
  name: String
  email: String
  billingId: String
  billingInformation: CustomerBillingInfo
  additionalMetaData: JSON
  couponRefId: String
  crmId: String
  salesforceId: String
  awsMarketplaceCustomerId: String
  shouldWaitSync: Boolean
  environmentId: UUID
}
type ProvisionedCustomer {
  customer: Customer!
  subscriptionDecisionStrategy: SubscriptionDecisionStrategy!
  subscription: CustomerSubscription
  entitlements: [Entitlement!]
}

# ---------------------------------------------------------------- entitlements

type UnitTransformation { divide: Float! round: String }
type EntitlementFeature {
  id: UUID
  refId: String!
  displayName: String!
  description: String
  featureType: FeatureType!
  meterType: MeterType
  featureUnits: String
  featureUnitsPlural: String
  unitTransformation: UnitTransformation
}
type EntitlementCreditRate { amount: Float! currencyId: String! }
type Entitlement {
  isGranted: Boolean!
  accessDeniedReason: AccessDeniedReason
  customerId: String
  resourceId: String
  feature: EntitlementFeature
  usageLimit: Float
  hasUnlimitedUsage: Boolean!
  hasSoftLimit: Boolean
  currentUsage: Float
  requestedUsage: Float
  enumValues: [String!]
  requestedValues: [String!]
  resetPeriod: EntitlementResetPeriod
  resetPeriodConfiguration: ResetPeriodConfiguration
  usagePeriodStart: DateTime
  usagePeriodEnd: DateTime
  usagePeriodAnchor: DateTime
  nextResetDate: Float
  creditRate: EntitlementCreditRate
  meterId: String
  displayNameOverride: String
  hiddenFromWidgets: [WidgetType!]
  entitlementUpdatedAt: DateTime
  usageUpdatedAt: DateTime
  validUntil: Float
}

# ---------------------------------------------------------------- subscriptions

type CustomerResource { resourceId: String! }
type SubscriptionPrice {
  id: UUID
  "The quantity of a per-unit price (the SDK reads it as the feature's unit quantity)"
  usageLimit: Float
  price: Price
}
type CustomerSubscriptionTotalPrice { subTotal: Money! total: Money! }
type SubscriptionAddon { id: UUID! quantity: Float! addon: Addon! }
type SubscriptionInvoice {
  billingId: String!
  status: SubscriptionInvoiceStatus!
  createdAt: DateTime!
  updatedAt: DateTime
  dueDate: DateTime
  errorMessage: String
  requiresAction: Boolean!
  paymentSecret: String
  paymentUrl: String
  pdfUrl: String
  billingReason: SubscriptionInvoiceBillingReason
  currency: String
  subTotal: Float
  subTotalExcludingTax: Float
  total: Float
  totalExcludingTax: Float
  tax: Float
  amountDue: Float
  attemptCount: Float
}
type TrialConfiguration { trialEndBehavior: TrialEndBehavior }
type SubscriptionEntitlement {
  id: UUID!
  subscriptionId: String!
  featureId: String!
  feature: Feature!
  usageLimit: Float
  hasUnlimitedUsage: Boolean
  hasSoftLimit: Boolean
  resetPeriod: EntitlementResetPeriod
  resetPeriodConfiguration: ResetPeriodConfiguration
  description: String
}
"# assumption: how a subscription exposes the credit entitlements it was provisioned with (the reference documents the input only)"
type SubscriptionCreditEntitlement {
  customCurrencyId: String!
  currency: CustomCurrency
  amount: Float!
  cadence: CreditCadence!
  price: Money
}
type TargetPackage { id: UUID! refId: String! displayName: String! }
type BillableFeatureChange { featureId: String! quantity: Float! }
type AddonChange { addonRefId: String! quantity: Float! }
type PriceOverrideChange { planRefId: String addonRefId: String featureId: String }
type PlanChangeVariables {
  planRefId: String
  changeType: ChangeType
  billingPeriod: BillingPeriod
  billableFeatures: [BillableFeatureChange!]
  addons: [AddonChange!]
  priceOverrides: [PriceOverrideChange!]
}
type DowngradeChangeVariables {
  downgradePlanRefId: String!
  billingPeriod: BillingPeriod
  billableFeatures: [BillableFeatureChange!]
  addons: [AddonChange!]
  priceOverrides: [PriceOverrideChange!]
}
type BillingPeriodChangeVariables { billingPeriod: BillingPeriod }
type UnitAmountChangeVariables { newUnitAmount: Float featureId: String }
type AddonChangeVariables { addonRefId: String newQuantity: Float }
type PlanPriceOverrideChangeVariables { planRefId: String featureId: String }
type AddonPriceOverrideChangeVariables { addonRefId: String featureId: String }
union ScheduleVariables = PlanChangeVariables | DowngradeChangeVariables | BillingPeriodChangeVariables
  | UnitAmountChangeVariables | AddonChangeVariables | PlanPriceOverrideChangeVariables | AddonPriceOverrideChangeVariables
type SubscriptionScheduledUpdate {
  subscriptionScheduleType: SubscriptionScheduleType!
  scheduleStatus: SubscriptionScheduleStatus!
  scheduledExecutionTime: DateTime!
  targetPackage: TargetPackage
  scheduleVariables: ScheduleVariables
}
type SubscriptionFutureUpdate {
  subscriptionScheduleType: SubscriptionScheduleType!
  scheduleStatus: SubscriptionScheduleStatus!
  scheduledExecutionTime: DateTime!
  targetPackage: TargetPackage
  scheduleVariables: ScheduleVariables
}

type CustomerSubscription {
  id: UUID!
  subscriptionId: String!
  refId: String!
  status: SubscriptionStatus!
  pricingType: PricingType!
  customer: Customer!
  customerId: String
  payingCustomer: Customer
  payingCustomerId: String
  resource: CustomerResource
  resourceId: String
  plan: Plan!
  addons: [SubscriptionAddon!]
  prices: [SubscriptionPrice!]
  totalPrice: CustomerSubscriptionTotalPrice
  subscriptionEntitlements: [SubscriptionEntitlement!]
  "# assumption (see SubscriptionCreditEntitlement)"
  creditEntitlements: [SubscriptionCreditEntitlement!]
  startDate: DateTime!
  endDate: DateTime
  cancellationDate: DateTime
  effectiveEndDate: DateTime
  trialEndDate: DateTime
  wasInTrial: Boolean
  trialConfiguration: TrialConfiguration
  currentBillingPeriodStart: DateTime
  currentBillingPeriodEnd: DateTime
  paymentCollection: PaymentCollection!
  paymentCollectionMethod: PaymentCollectionMethod
  latestInvoice: SubscriptionInvoice
  billingId: String
  billingLinkUrl: String
  billingSyncError: String
  salesforceId: String
  crmId: String
  additionalMetaData: JSON
  experimentInfo: ExperimentInfo
  scheduledUpdates: [SubscriptionScheduledUpdate!]
  futureUpdates: [SubscriptionFutureUpdate!]!
  isCustomPriceSubscription: Boolean
  createdAt: DateTime
}

"The list item of the subscriptions query (the fields the SDK selects)"
type SubscriptionQuery {
  subscriptionId: String!
  status: SubscriptionStatus!
  pricingType: PricingType!
  startDate: DateTime!
  trialEndDate: DateTime
  currentBillingPeriodEnd: DateTime
  customer: Customer!
  payingCustomer: Customer
  resource: CustomerResource
  plan: Plan!
  addons: [SubscriptionAddon!]
  trialConfiguration: TrialConfiguration
}
type SubscriptionQueryEdge { cursor: ConnectionCursor! node: SubscriptionQuery! }
type SubscriptionQueryConnection { edges: [SubscriptionQueryEdge!]! pageInfo: PageInfo! totalCount: Int }
input SubscriptionQueryFilter {
  customerId: StringFieldComparison
  resourceId: StringFieldComparison
  productId: StringFieldComparison
  status: SubscriptionStatusFilterComparison
  and: [SubscriptionQueryFilter!]
  or: [SubscriptionQueryFilter!]
}
input SubscriptionQuerySort { field: SubscriptionQuerySortFields! direction: SortDirection! nulls: SortNulls }
input GetSubscriptionInput { subscriptionId: String! environmentId: UUID }

input SubscriptionAddonInput { addonId: String! quantity: Int }
input BillableFeatureInput { featureId: String! quantity: Float! }
input MonthlyResetPeriodConfigInput { accordingTo: MonthlyAccordingTo! }
input WeeklyResetPeriodConfigInput { accordingTo: WeeklyAccordingTo! }
input YearlyResetPeriodConfigInput { accordingTo: YearlyAccordingTo! }
"A feature entitlement of a subscription (the SDK sends these as subscriptionEntitlements)"
input SubscriptionEntitlementInput {
  featureId: String!
  usageLimit: Float
  hasUnlimitedUsage: Boolean
  hasSoftLimit: Boolean
  resetPeriod: EntitlementResetPeriod
  monthlyResetPeriodConfiguration: MonthlyResetPeriodConfigInput
  weeklyResetPeriodConfiguration: WeeklyResetPeriodConfigInput
  yearlyResetPeriodConfiguration: YearlyResetPeriodConfigInput
  description: String
}
input SubscriptionFeatureEntitlementInput {
  featureId: String!
  usageLimit: Float
  hasUnlimitedUsage: Boolean
  hasSoftLimit: Boolean
  resetPeriod: EntitlementResetPeriod
  monthlyResetPeriodConfiguration: MonthlyResetPeriodConfigInput
  weeklyResetPeriodConfiguration: WeeklyResetPeriodConfigInput
  yearlyResetPeriodConfiguration: YearlyResetPeriodConfigInput
  description: String
}
input SubscriptionCreditEntitlementInput {
  "The custom currency (credit type) id, e.g. currency-api-credits"
  customCurrencyId: String!
  "Credits granted per cadence"
  amount: Float!
  cadence: CreditCadence!
  "# assumption: the Salesforce flow documents an optional price per credit entitlement; the GraphQL reference does not show where it goes"
  price: MoneyInputDto
}
"One entry per entitlement: exactly one of feature or credit"
input SubscriptionEntitlementInputV2 {
  feature: SubscriptionFeatureEntitlementInput
  credit: SubscriptionCreditEntitlementInput
}
input TrialOverrideConfigurationInput {
  isTrial: Boolean!
  trialEndDate: DateTime
  trialEndBehavior: TrialEndBehavior
}
input CreditRateInput { amount: Float! currencyId: String! customCurrencyId: UUID }
input PriceTierInput { upTo: Float unitPrice: MoneyInputDto flatPrice: MoneyInputDto }
"Overrides a plan (baseCharge or featureId) or add-on (addonId) price for this subscription"
input PriceOverrideInput {
  baseCharge: Boolean
  featureId: String
  addonId: String
  price: MoneyInputDto
  tiers: [PriceTierInput!]
  blockSize: Float
  creditRate: CreditRateInput
}
input BillingAddress { line1: String line2: String city: String state: String country: String postalCode: String }
input SubscriptionBillingInfo {
  billingAddress: BillingAddress
  chargeOnBehalfOfAccount: String
  couponId: String
  integrationId: String
  invoiceDaysUntilDue: Float
  isBackdated: Boolean
  isInvoicePaid: Boolean
  metadata: JSON
  taxPercentage: Float
  taxRateIds: [String!]
}
input CheckoutOptions {
  successUrl: String!
  cancelUrl: String!
  allowPromoCodes: Boolean
  allowTaxIdCollection: Boolean
  collectBillingAddress: Boolean
  collectPhoneNumber: Boolean
  referenceId: String
}
input SubscriptionCouponInput { couponId: String billingCouponId: String promotionCode: String }
input BudgetConfigurationInput { limit: Float! hasSoftLimit: Boolean! }
input SubscriptionMinimumSpendValueInput { minimum: MoneyInputDto }

input ProvisionSubscriptionInput {
  customerId: String!
  planId: String!
  "The subscription id to create (the SDK sends the caller's id as refId)"
  subscriptionId: String
  refId: String
  payingCustomerId: String
  resourceId: String
  billingPeriod: BillingPeriod
  unitQuantity: Float
  priceUnitAmount: Float
  addons: [SubscriptionAddonInput!]
  billableFeatures: [BillableFeatureInput!]
  subscriptionEntitlements: [SubscriptionEntitlementInput!]
  "Feature and credit entitlements (custom plans; credit entitlements also on paid plans)"
  entitlements: [SubscriptionEntitlementInputV2!]
  priceOverrides: [PriceOverrideInput!]
  paymentCollectionMethod: PaymentCollectionMethod
  trialOverrideConfiguration: TrialOverrideConfigurationInput
  skipTrial: Boolean
  startDate: DateTime
  salesforceId: String
  additionalMetaData: JSON
  awaitPaymentConfirmation: Boolean
  billingId: String
  billingCountryCode: String
  billingInformation: SubscriptionBillingInfo
  checkoutOptions: CheckoutOptions
  promotionCode: String
  appliedCoupon: SubscriptionCouponInput
  scheduleStrategy: ScheduleStrategy
  budget: BudgetConfigurationInput
  minimumSpend: SubscriptionMinimumSpendValueInput
  environmentId: UUID
}
input ProvisionCustomerSubscriptionInput {
  planId: String!
  subscriptionId: String
  refId: String
  resourceId: String
  billingPeriod: BillingPeriod
  unitQuantity: Float
  priceUnitAmount: Float
  addons: [SubscriptionAddonInput!]
  billableFeatures: [BillableFeatureInput!]
  subscriptionEntitlements: [SubscriptionEntitlementInput!]
  priceOverrides: [PriceOverrideInput!]
  paymentCollectionMethod: PaymentCollectionMethod
  trialOverrideConfiguration: TrialOverrideConfigurationInput
  startDate: DateTime
  salesforceId: String
  additionalMetaData: JSON
  awaitPaymentConfirmation: Boolean
  billingId: String
  billingCountryCode: String
  billingInformation: SubscriptionBillingInfo
  promotionCode: String
  appliedCoupon: SubscriptionCouponInput
  budget: BudgetConfigurationInput
  minimumSpend: SubscriptionMinimumSpendValueInput
}
type ProvisionSubscriptionResult {
  id: String!
  status: ProvisionSubscriptionStatus!
  "The billing provider's checkout page when payment details are required (PAYMENT_REQUIRED)"
  checkoutUrl: String
  checkoutBillingId: String
  subscription: CustomerSubscription
  entitlements: [Entitlement!]
  isScheduled: Boolean
}

# ---------------------------------------------------------------- credits

type CreditGrant {
  id: UUID!
  grantId: String!
  displayName: String!
  grantType: CreditGrantType!
  status: CreditGrantStatus!
  amount: Float!
  consumedAmount: Float!
  cost: Money
  customerId: String!
  resourceId: String
  currencyId: String!
  effectiveAt: DateTime!
  expireAt: DateTime
  voidedAt: DateTime
  createdAt: DateTime!
  updatedAt: DateTime!
  invoiceId: String
  paymentCollection: PaymentCollection!
  paymentCollectionMethod: PaymentCollectionMethod
  priority: Float!
  comment: String
  additionalMetaData: JSON
}
type CreditGrantEdge { cursor: ConnectionCursor! node: CreditGrant! }
type CreditGrantConnection { edges: [CreditGrantEdge!]! pageInfo: PageInfo! totalCount: Int! }
input CreditGrantInput {
  customerId: String!
  resourceId: String
  currencyId: String!
  grantType: CreditGrantType!
  displayName: String!
  amount: Float!
  cost: MoneyInputDto
  paymentCollectionMethod: PaymentCollectionMethod
  awaitPaymentConfirmation: Boolean
  effectiveAt: DateTime
  expireAt: DateTime
  priority: Float
  comment: String
  additionalMetaData: JSON
  environmentId: UUID
}
input GetCreditGrantsInput {
  customerId: String!
  resourceId: String
  currencyId: String
  paging: CursorPaging
  environmentId: UUID
}
input VoidCreditGrantInput {
  "The grant's grantId (its UUID id is accepted too)"
  id: String!
  environmentId: UUID
}
type CreditBalance {
  customerId: String!
  resourceId: String
  currency: CustomCurrency!
  currentBalance: Float!
  totalGranted: Float!
  totalConsumed: Float!
  validUntil: DateTime
}
type CreditBalanceSummary { customerId: String! balances: [CreditBalance!]! }
input CreditBalanceSummaryInput { customerId: String! resourceId: String currencyId: String environmentId: UUID }

# ---------------------------------------------------------------- roots

type Query {
  sdkConfiguration: SdkConfiguration
  getCustomerByRefId(input: GetCustomerByRefIdInput!): Customer!
  customers(filter: CustomerFilter, paging: CursorPaging, sorting: [CustomerSort!]): CustomerConnection!
  getSubscription(input: GetSubscriptionInput!): CustomerSubscription!
  subscriptions(filter: SubscriptionQueryFilter, paging: CursorPaging, sorting: [SubscriptionQuerySort!]): SubscriptionQueryConnection!
  creditGrants(input: GetCreditGrantsInput!): CreditGrantConnection!
  creditBalanceSummary(input: CreditBalanceSummaryInput!): CreditBalanceSummary!
  plans(filter: PlanFilter, paging: CursorPaging): PlanConnection!
  addons(filter: AddonFilter, paging: CursorPaging): AddonConnection!
  features(filter: FeatureFilter, paging: CursorPaging): FeatureConnection!
  products(filter: ProductFilter, paging: CursorPaging): ProductConnection!
  "# assumption: the root field of the custom currencies (credit types) list"
  customCurrencies(filter: CustomCurrencyFilter, paging: CursorPaging): CustomCurrencyConnection!
}

type Mutation {
  provisionCustomer(input: ProvisionCustomerInput!): ProvisionedCustomer!
  updateOneCustomer(input: UpdateCustomerInput!): Customer!
  provisionSubscriptionV2(input: ProvisionSubscriptionInput!): ProvisionSubscriptionResult!
  createCreditGrant(input: CreditGrantInput!): CreditGrant!
  voidCreditGrant(input: VoidCreditGrantInput!): CreditGrant!
}
`;

let cached: GraphQLSchema | null = null;

/** The emulator's schema, built once per process. */
export function stiggSchema(): GraphQLSchema {
  if (!cached) cached = buildSchema(STIGG_SCHEMA_SDL);
  return cached;
}
