import { buildSchema, GraphQLSchema } from 'graphql';

/**
 * The part of Stigg's GraphQL API the sandbox serves.
 *
 * Source: the repository's reference of Stigg's public schema, `reference/stigg/*.graphql`
 * (transcribed from docs.stigg.io graphql-reference pages and Stigg's public Go client models;
 * every type there names its source). This SDL is a SUBSET of that reference: every type, field,
 * argument (with the reference's default), input field, enum value and union member declared here
 * exists there with the same type (test/sandbox/stigg-conformance.test.ts checks it). Fields the
 * emulator does not serve are left out, so a document selecting them passes Stigg's schema (the
 * emulator checks every request against the reference first) and then fails here with
 * GRAPHQL_VALIDATION_FAILED: "not served by the sandbox", never "not in Stigg".
 *
 * - Output types list the fields the emulator answers.
 * - Filters list the fields the emulator evaluates.
 * - The inputs of the mutations are complete (every field of the reference), so any input a client
 *   builds for real Stigg coerces here; a field the emulator does not act on (e.g. `budget`,
 *   `charges`, `appliedCoupon`) is accepted and ignored.
 *
 * Behaviour that the reference does not settle is marked `assumption` in store.ts / resolvers.ts
 * and in the test names; the shapes here carry no assumptions.
 */
export const STIGG_SCHEMA_SDL = /* GraphQL */ `
schema { query: Query mutation: Mutation }

scalar DateTime
scalar JSON
scalar UUID
scalar ConnectionCursor

# ---------------------------------------------------------------- roots

type Query {
  sdkConfiguration: SdkConfiguration
  getCustomerByRefId(input: GetCustomerByRefIdInput!): Customer
  customers(filter: CustomerFilter = {}, paging: CursorPaging = {first: 10}, sorting: [CustomerSort!] = [{direction: DESC, field: createdAt}]): CustomerConnection!
  getSubscription(input: GetSubscriptionInput!): CustomerSubscription!
  subscriptions(filter: SubscriptionQueryFilter = {}, paging: CursorPaging = {first: 10}, sorting: [SubscriptionQuerySort!] = [{direction: DESC, field: createdAt}]): SubscriptionQueryConnection!
  plans(filter: PlanFilter = {}, paging: CursorPaging = {first: 10}, sorting: [PlanSort!] = [{direction: DESC, field: createdAt}]): PlanConnection!
  addons(filter: AddonFilter = {}, paging: CursorPaging = {first: 10}, sorting: [AddonSort!] = [{direction: DESC, field: createdAt}]): AddonConnection!
  features(filter: FeatureFilter = {}, paging: CursorPaging = {first: 10}, sorting: [FeatureSort!] = [{direction: DESC, field: createdAt}, {direction: ASC, field: refId}]): FeatureConnection!
  products(filter: ProductFilter = {}, paging: CursorPaging = {first: 10}, sorting: [ProductSort!] = [{direction: DESC, field: createdAt}]): ProductConnection!
  customCurrencies(input: FetchCustomCurrenciesInput): [CustomCurrency!]!
  creditGrants(input: GetCreditGrantsInput!): CreditGrantConnection!
  creditBalanceSummary(input: CreditBalanceSummaryInput!): CreditBalanceSummary! @deprecated(reason: "read the credit balance from credit entitlements (entitlementV2 with currencyId)")
  entitlementV2(query: GetEntitlementV2Input!): EntitlementUnion!
}

type Mutation {
  provisionCustomer(input: ProvisionCustomerInput!): ProvisionedCustomer!
  updateOneCustomer(input: UpdateCustomerInput!): Customer!
  provisionSubscriptionV2(input: ProvisionSubscriptionInput!): ProvisionSubscriptionResult!
  createCreditGrant(input: CreditGrantInput!): CreditGrant!
  voidCreditGrant(input: VoidCreditGrantInput!): CreditGrant!
  updateOneSubscription(input: UpdateSubscriptionInput!): CustomerSubscription!
  cancelSubscription(input: SubscriptionCancellationInput!): CustomerSubscription!
  previewSubscription(input: PreviewSubscriptionInput!): SubscriptionPreviewV2!
  cancelSchedule(input: SubscriptionUpdateScheduleCancellationInput!): String!
}

# ---------------------------------------------------------------- common

type Money { amount: Float! currency: Currency! }
input MoneyInputDTO { amount: Float! currency: Currency }
enum Currency {
  AED ALL AMD ANG AUD AWG AZN BAM BBD BDT BGN BIF
  BMD BND BRL BSD BWP BYN BZD CAD CDF CHF CLP CNY
  CZK DJF DKK DOP DZD EGP ETB EUR FJD GBP GEL GIP
  GMD GNF GYD HKD HRK HTG IDR ILS INR ISK JMD JPY
  KES KGS KHR KMF KRW KYD KZT LBP LKR LRD LSL MAD
  MDL MGA MKD MMK MNT MOP MRO MVR MWK MXN MYR MZN
  NAD NGN NOK NPR NZD PGK PHP PKR PLN PYG QAR RON
  RSD RUB RWF SAR SBD SCR SEK SGD SLE SLL SOS SZL
  THB TJS TOP TRY TTD TZS UAH UGX USD UZS VND VUV
  WST XAF XCD XOF XPF YER ZAR ZMW
}

type PageInfo { endCursor: ConnectionCursor hasNextPage: Boolean hasPreviousPage: Boolean startCursor: ConnectionCursor }
input CursorPaging { after: ConnectionCursor before: ConnectionCursor first: Int last: Int }
enum SortDirection { ASC DESC }
enum SortNulls { NULLS_FIRST NULLS_LAST }

input StringFieldComparison {
  eq: String gt: String gte: String iLike: String in: [String!] is: Boolean isNot: Boolean like: String
  lt: String lte: String neq: String notILike: String notIn: [String!] notLike: String
}
input BooleanFieldComparison { is: Boolean isNot: Boolean }
input PricingTypeFilterComparison {
  eq: PricingType gt: PricingType gte: PricingType iLike: PricingType in: [PricingType!] is: Boolean isNot: Boolean
  like: PricingType lt: PricingType lte: PricingType neq: PricingType notILike: PricingType notIn: [PricingType!] notLike: PricingType
}
input PackageStatusFilterComparison {
  eq: PackageStatus gt: PackageStatus gte: PackageStatus iLike: PackageStatus in: [PackageStatus!] is: Boolean isNot: Boolean
  like: PackageStatus lt: PackageStatus lte: PackageStatus neq: PackageStatus notILike: PackageStatus notIn: [PackageStatus!] notLike: PackageStatus
}
input SubscriptionStatusFilterComparison {
  eq: SubscriptionStatus gt: SubscriptionStatus gte: SubscriptionStatus iLike: SubscriptionStatus in: [SubscriptionStatus!]
  is: Boolean isNot: Boolean like: SubscriptionStatus lt: SubscriptionStatus lte: SubscriptionStatus neq: SubscriptionStatus
  notILike: SubscriptionStatus notIn: [SubscriptionStatus!] notLike: SubscriptionStatus
}

enum BillingPeriod { ANNUALLY MONTHLY }
enum BillingModel { CREDIT_BASED FLAT_FEE MINIMUM_SPEND PER_UNIT USAGE_BASED }
enum BillingCadence { ONE_OFF RECURRING }
enum PricingType { CUSTOM FREE PAID }
enum PackageStatus { ARCHIVED DRAFT PUBLISHED }
enum TiersMode { GRADUATED VOLUME }
enum WidgetType { CHECKOUT CUSTOMER_PORTAL PAYWALL }
enum FeatureType { BOOLEAN ENUM NUMBER }
enum MeterType { Fluctuating Incremental None }
enum EntitlementResetPeriod { DAY HOUR MONTH WEEK YEAR }
enum YearlyAccordingTo { SubscriptionStart }
enum MonthlyAccordingTo { StartOfTheMonth SubscriptionStart }
enum WeeklyAccordingTo { EveryFriday EveryMonday EverySaturday EverySunday EveryThursday EveryTuesday EveryWednesday SubscriptionStart }
enum PaymentCollection { ACTION_REQUIRED FAILED NOT_REQUIRED PROCESSING }
enum PaymentCollectionMethod { CHARGE INVOICE NONE }
enum TrialPeriodUnits { DAY MONTH }
enum TrialEndBehavior { CANCEL_SUBSCRIPTION CONVERT_TO_PAID }
enum UnitTransformationRound { DOWN UP }

union ResetPeriodConfiguration = MonthlyResetPeriodConfig | WeeklyResetPeriodConfig | YearlyResetPeriodConfig
type MonthlyResetPeriodConfig { monthlyAccordingTo: MonthlyAccordingTo }
type WeeklyResetPeriodConfig { weeklyAccordingTo: WeeklyAccordingTo }
type YearlyResetPeriodConfig { yearlyAccordingTo: YearlyAccordingTo }

type SdkConfiguration { isWidgetWatermarkEnabled: Boolean sentryDsn: String }

# ---------------------------------------------------------------- catalog

type Feature {
  additionalMetaData: JSON
  createdAt: DateTime
  description: String
  displayName: String!
  featureType: FeatureType!
  featureUnits: String
  featureUnitsPlural: String
  id: UUID!
  meterType: MeterType
  refId: String!
  updatedAt: DateTime!
}
type FeatureEdge { cursor: ConnectionCursor! node: Feature! }
type FeatureConnection { edges: [FeatureEdge!]! pageInfo: PageInfo! totalCount: Int! }
input FeatureFilter { and: [FeatureFilter!] displayName: StringFieldComparison or: [FeatureFilter!] refId: StringFieldComparison }
input FeatureSort { direction: SortDirection! field: FeatureSortFields! nulls: SortNulls }
enum FeatureSortFields { createdAt displayName refId updatedAt }

type Product {
  additionalMetaData: JSON
  createdAt: DateTime!
  description: String
  displayName: String
  id: UUID!
  multipleSubscriptions: Boolean!
  plans: [Plan!]
  productSettings: ProductSettings!
  refId: String!
  updatedAt: DateTime!
}
type ProductSettings { downgradePlan: Plan }
type ProductEdge { cursor: ConnectionCursor! node: Product! }
type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
input ProductFilter { and: [ProductFilter!] multipleSubscriptions: BooleanFieldComparison or: [ProductFilter!] refId: StringFieldComparison }
input ProductSort { direction: SortDirection! field: ProductSortFields! nulls: SortNulls }
enum ProductSortFields { createdAt displayName refId updatedAt }

type Plan {
  additionalMetaData: JSON
  basePlan: Plan
  billingId: String
  compatibleAddons: [Addon!]
  compatiblePackageGroups: [PlanCompatiblePackageGroups!]
  createdAt: DateTime
  defaultTrialConfig: DefaultTrialConfig
  description: String
  displayName: String!
  entitlements: [PackageEntitlement!] @deprecated(reason: "use packageEntitlements")
  hiddenFromWidgets: [WidgetType!]
  id: UUID!
  inheritedEntitlements(includeOverridden: Boolean = false): [PackageEntitlement!] @deprecated(reason: "use inheritedPackageEntitlements")
  isLatest: Boolean
  overagePrices: [Price!]
  prices: [Price!]
  pricingType: PricingType
  product: Product!
  productId: String
  refId: String!
  status: PackageStatus!
  updatedAt: DateTime
  versionNumber: Int!
}
type DefaultTrialConfig { budget: BudgetConfiguration duration: Float! trialEndBehavior: TrialEndBehavior units: TrialPeriodUnits! }
type BudgetConfiguration { hasSoftLimit: Boolean! limit: Float! }
type PlanCompatiblePackageGroups { addons: [Addon!] displayName: String! options: PlanCompatiblePackageGroupOptions! packageGroupId: String! }
type PlanCompatiblePackageGroupOptions { freeItems: Float minItems: Float }
type PlanEdge { cursor: ConnectionCursor! node: Plan! }
type PlanConnection { edges: [PlanEdge!]! pageInfo: PageInfo! totalCount: Int! }
input PlanFilter {
  and: [PlanFilter!]
  isLatest: BooleanFieldComparison
  or: [PlanFilter!]
  pricingType: PricingTypeFilterComparison
  product: PlanFilterProductFilter
  productId: StringFieldComparison
  refId: StringFieldComparison
  status: PackageStatusFilterComparison
}
input PlanFilterProductFilter { and: [PlanFilterProductFilter!] or: [PlanFilterProductFilter!] refId: StringFieldComparison }
input PlanSort { direction: SortDirection! field: PlanSortFields! nulls: SortNulls }
enum PlanSortFields { createdAt displayName pricingType productId refId updatedAt }

type Addon {
  additionalMetaData: JSON
  billingId: String
  createdAt: DateTime
  dependencies: [Addon!]
  description: String
  displayName: String!
  entitlements: [PackageEntitlement!] @deprecated(reason: "use packageEntitlements")
  hiddenFromWidgets: [WidgetType!]
  id: UUID!
  isLatest: Boolean
  maxQuantity: Float
  overagePrices: [Price!]
  prices: [Price!]
  pricingType: PricingType
  productId: String
  refId: String!
  status: PackageStatus!
  updatedAt: DateTime
  versionNumber: Int!
}
type AddonEdge { cursor: ConnectionCursor! node: Addon! }
type AddonConnection { edges: [AddonEdge!]! pageInfo: PageInfo! totalCount: Int! }
input AddonFilter {
  and: [AddonFilter!]
  isLatest: BooleanFieldComparison
  or: [AddonFilter!]
  pricingType: PricingTypeFilterComparison
  productId: StringFieldComparison
  refId: StringFieldComparison
  status: PackageStatusFilterComparison
}
input AddonSort { direction: SortDirection! field: AddonSortFields! nulls: SortNulls }
enum AddonSortFields { createdAt displayName pricingType refId updatedAt }

type Price {
  billingCadence: BillingCadence!
  billingCountryCode: String
  billingId: String
  billingModel: BillingModel!
  billingPeriod: BillingPeriod!
  blockSize: Float
  createdAt: DateTime
  creditGrantCadence: CreditGrantCadence
  creditRate: CreditRate
  customCurrency: CustomCurrency
  feature: Feature
  id: UUID!
  maxUnitQuantity: Float
  minUnitQuantity: Float
  price: Money
  tiers: [PriceTier!]
  tiersMode: TiersMode
}
type PriceTier { flatPrice: Money unitPrice: Money upTo: Float }
type CreditRate { amount: Float! currencyId: String! customCurrencyId: String }
enum CreditGrantCadence { BEGINNING_OF_BILLING_PERIOD MONTHLY }

type PackageEntitlement {
  description: String
  displayNameOverride: String
  enumValues: [String!]
  feature: Feature!
  featureId: String!
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean
  hiddenFromWidgets: [WidgetType!]
  isCustom: Boolean
  isGranted: Boolean!
  resetPeriod: EntitlementResetPeriod
  resetPeriodConfiguration: ResetPeriodConfiguration
  usageLimit: Float
}
enum CreditCadence { MONTH YEAR }

input PriceOverrideInput {
  addonId: String
  baseCharge: Boolean
  blockSize: Float
  creditGrantCadence: CreditGrantCadence
  creditRate: CreditRateInput
  currencyId: String
  featureId: String
  price: MoneyInputDTO
  tiers: [PriceTierInput!]
}
input PriceTierInput { flatPrice: MoneyInputDTO unitPrice: MoneyInputDTO upTo: Float }
input CreditRateInput { amount: Float! costFormula: String currencyId: String! customCurrencyId: String }

type CustomCurrency {
  additionalMetaData: JSON
  archivedAt: DateTime
  createdAt: DateTime!
  currencyId: String!
  description: String
  displayName: String!
  id: UUID!
  symbol: String
  units: Units
  updatedAt: DateTime!
}
type SlimCustomCurrency { currencyId: String! displayName: String! symbol: String units: Units }
type Units { plural: String singular: String }
input FetchCustomCurrenciesInput { environmentId: UUID status: [CustomCurrencyStatus!] = [ACTIVE] }
enum CustomCurrencyStatus { ACTIVE ARCHIVED }

# ---------------------------------------------------------------- customers

type Customer {
  additionalMetaData: JSON
  awsMarketplaceCustomerId: String
  billingCurrency: Currency
  billingId: String
  billingLinkUrl: String
  coupon: Coupon
  createdAt: DateTime
  crmId: String
  customerId: String!
  defaultPaymentExpirationMonth: Int
  defaultPaymentExpirationYear: Int
  defaultPaymentMethodId: String
  defaultPaymentMethodLast4Digits: String
  defaultPaymentMethodType: PaymentMethodType
  eligibleForTrial: [EligibleForTrial!]
  email: String
  excludeFromExperiment: Boolean
  experimentInfo: ExperimentInfo
  hasActiveResource: Boolean!
  hasActiveSubscription: Boolean!
  hasPaymentMethod: Boolean!
  id: UUID!
  name: String
  promotionalEntitlements: [PromotionalEntitlement!]!
  refId: String!
  salesforceId: String
  subscriptions: [CustomerSubscription!]
  syncStates: [SyncState!]
  trialedPlans: [TrialedPlan!]
  updatedAt: DateTime!
}
enum PaymentMethodType { BANK CARD CASH_APP }
type CustomerEdge { cursor: ConnectionCursor! node: Customer! }
type CustomerConnection { edges: [CustomerEdge!]! pageInfo: PageInfo! totalCount: Int! }
input CustomerFilter {
  and: [CustomerFilter!]
  billingId: StringFieldComparison
  crmId: StringFieldComparison
  customerId: StringFieldComparison
  email: StringFieldComparison
  name: StringFieldComparison
  or: [CustomerFilter!]
  refId: StringFieldComparison
  salesforceId: StringFieldComparison
  subscriptions: CustomerFilterCustomerSubscriptionFilter
}
input CustomerFilterCustomerSubscriptionFilter {
  and: [CustomerFilterCustomerSubscriptionFilter!]
  or: [CustomerFilterCustomerSubscriptionFilter!]
  pricingType: PricingTypeFilterComparison
  refId: StringFieldComparison
  salesforceId: StringFieldComparison
  status: SubscriptionStatusFilterComparison
  subscriptionId: StringFieldComparison
}
input CustomerSort { direction: SortDirection! field: CustomerSortFields! nulls: SortNulls }
enum CustomerSortFields { createdAt customerId email name refId salesforceId updatedAt }

type Coupon {
  additionalMetaData: JSON
  amountsOff: [Money!]
  billingId: String
  billingLinkUrl: String
  createdAt: DateTime!
  description: String
  discountValue: Float!
  id: UUID!
  name: String!
  percentOff: Float
  refId: String!
  status: CouponStatus!
  syncStates: [SyncState!]
  type: CouponType!
  updatedAt: DateTime!
}
enum CouponType { FIXED PERCENTAGE }
enum CouponStatus { ACTIVE ARCHIVED }
type PromotionalEntitlement {
  endDate: DateTime
  feature: Feature!
  featureId: String!
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean
  id: UUID!
  isVisible: Boolean!
  resetPeriod: EntitlementResetPeriod
  status: PromotionalEntitlementStatus!
  usageLimit: Float
}
enum PromotionalEntitlementStatus { Active Expired Paused }
type TrialedPlan { planId: String planRefId: String productId: String productRefId: String }
type EligibleForTrial { eligible: Boolean! productId: String productRefId: String }
type SyncState { error: String status: SyncStatus! vendorIdentifier: VendorIdentifier! }
enum SyncStatus { ERROR NO_SYNC_REQUIRED PENDING SUCCESS }
enum VendorIdentifier {
  AIRWALLEX APP_STORE AUTH0 AWS_MARKETPLACE BIG_QUERY HUBSPOT OPEN_FGA PREQUEL RECEIVED SALESFORCE SNOWFLAKE STRIPE STRIPE_INVOICING ZUORA
}
type ExperimentInfo { groupName: String! groupType: ExperimentGroupType! id: String! name: String! }
enum ExperimentGroupType { CONTROL VARIANT }
type CustomerResource { resourceId: String! }

input GetCustomerByRefIdInput { customerId: String! environmentId: UUID }
input ProvisionCustomerInput {
  additionalMetaData: JSON
  awsMarketplaceCustomerId: String
  billingId: String
  billingInformation: CustomerBillingInfo
  couponRefId: String
  createdAt: DateTime
  crmId: String
  customerId: String
  email: String
  environmentId: UUID
  excludeFromExperiment: Boolean = false
  name: String
  refId: String
  salesforceId: String
  shouldSyncFree: Boolean = false
  subscriptionParams: ProvisionCustomerSubscriptionInput
}
input ProvisionCustomerSubscriptionInput {
  additionalMetaData: JSON
  addons: [SubscriptionAddonInput!]
  appliedCoupon: SubscriptionCouponInput
  awaitPaymentConfirmation: Boolean
  billableFeatures: [BillableFeatureInput!]
  billingCountryCode: String
  billingCycleAnchor: SubscriptionBillingCycleAnchor
  billingId: String
  billingInformation: SubscriptionBillingInfo
  billingPeriod: BillingPeriod
  budget: BudgetConfigurationInput
  charges: [ChargeInput!]
  entitlements: [SubscriptionEntitlementInputV2!]
  minimumSpend: SubscriptionMinimumSpendValueInput
  paymentCollectionMethod: PaymentCollectionMethod
  planId: String!
  priceOverrides: [PriceOverrideInput!]
  priceUnitAmount: Float
  promotionCode: String
  refId: String
  resourceId: String
  salesforceId: String
  startDate: DateTime
  subscriptionEntitlements: [SubscriptionEntitlementInput!]
  subscriptionId: String
  trialOverrideConfiguration: TrialOverrideConfigurationInput
  unitQuantity: Float
}
input UpdateCustomerInput {
  additionalMetaData: JSON
  awsMarketplaceCustomerId: String
  billingId: String
  billingInformation: CustomerBillingInfo
  couponRefId: String
  crmId: String
  customerId: String
  email: String
  environmentId: UUID
  name: String
  refId: String
  salesforceId: String
  shouldWaitSync: Boolean
}
input CustomerBillingInfo {
  billingAddress: Address
  currency: Currency
  customerName: String
  integrationId: String
  invoiceCustomFields: JSON
  language: String
  metadata: JSON
  paymentMethodId: String
  shippingAddress: Address
  taxIds: [TaxExempt!]
  timezone: String
}
input Address { addressLine1: String addressLine2: String city: String country: String phoneNumber: String postalCode: String state: String }
input TaxExempt { type: String! value: String! }

type ProvisionedCustomer {
  customer: Customer!
  entitlements: [Entitlement!] @deprecated(reason: "use entitlementsV2 (feature and credit entitlements)")
  subscription: CustomerSubscription
  subscriptionDecisionStrategy: SubscriptionDecisionStrategy!
}
enum SubscriptionDecisionStrategy { PREDEFINED_FREE_PLAN PREDEFINED_TRIAL_PLAN REQUESTED_PLAN SKIPPED_SUBSCRIPTION_CREATION }

# ---------------------------------------------------------------- entitlements

type Entitlement {
  accessDeniedReason: AccessDeniedReason
  creditRate: CreditRate
  currentUsage: Float
  customerId: String
  displayNameOverride: String
  entitlementUpdatedAt: DateTime
  enumValues: [String!]
  feature: EntitlementFeature
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean!
  hiddenFromWidgets: [WidgetType!]
  isGranted: Boolean!
  meterId: String
  nextResetDate: DateTime
  requestedUsage: Float
  requestedValues: [String!]
  resetPeriod: EntitlementResetPeriod
  resetPeriodConfiguration: ResetPeriodConfiguration
  resourceId: String
  usageLimit: Float
  usagePeriodAnchor: DateTime
  usagePeriodEnd: DateTime
  usagePeriodStart: DateTime
  usageUpdatedAt: DateTime
  validUntil: Float
}
type EntitlementFeature {
  additionalMetaData: JSON
  description: String
  displayName: String!
  featureType: FeatureType!
  featureUnits: String
  featureUnitsPlural: String
  id: UUID!
  meterType: MeterType
  refId: String!
  unitTransformation: UnitTransformation
}
type UnitTransformation { divide: Float! featureUnits: String featureUnitsPlural: String round: UnitTransformationRound! }
enum AccessDeniedReason {
  BudgetExceeded CustomerIsArchived CustomerNotFound CustomerResourceNotFound EntitlementNotFound FeatureNotFound
  FeatureTypeMismatch InsufficientCredits NoActiveSubscription NoFeatureEntitlementInSubscription
  RequestedUsageExceedingLimit RequestedValuesMismatch Revoked Unknown
}

input GetEntitlementV2Input {
  currencyId: String
  customerId: String!
  environmentId: String
  featureId: String
  options: EntitlementOptions
  resourceId: String
}
input EntitlementOptions { requestedUsage: Float requestedValues: [String!] shouldTrack: Boolean }
union EntitlementUnion = CreditEntitlement | FeatureEntitlement
type CreditEntitlement {
  accessDeniedReason: AccessDeniedReason
  currency: EntitlementCurrency!
  currentUsage: Float
  entitlementUpdatedAt: DateTime
  hasSoftLimit: Boolean
  isGranted: Boolean!
  usageLimit: Float
  usageUpdatedAt: DateTime
  validUntil: DateTime
}
type EntitlementCurrency {
  additionalMetaData: JSON
  currencyId: String!
  description: String
  displayName: String!
  unitPlural: String
  unitSingular: String
}
type FeatureEntitlement {
  accessDeniedReason: AccessDeniedReason
  currentUsage: Float
  entitlementUpdatedAt: DateTime
  feature: EntitlementFeature
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean!
  isGranted: Boolean!
  resetPeriod: EntitlementResetPeriod
  usageLimit: Float
}

# ---------------------------------------------------------------- subscriptions

type CustomerSubscription {
  additionalMetaData: JSON
  addons: [SubscriptionAddon!]
  billingId: String
  billingLinkUrl: String
  billingPeriod: BillingPeriod
  billingSyncError: String
  cancellationDate: DateTime
  createdAt: DateTime
  crmId: String
  currentBillingPeriodEnd: DateTime
  currentBillingPeriodStart: DateTime
  customer: Customer!
  effectiveEndDate: DateTime
  endDate: DateTime
  entitlements: [SubscriptionEntitlementUnion!]
  experimentInfo: ExperimentInfo
  futureUpdates: [SubscriptionFutureUpdate!]!
  id: UUID!
  isCustomPriceSubscription: Boolean
  latestInvoice: SubscriptionInvoice
  payingCustomer: Customer
  paymentCollection: PaymentCollection!
  paymentCollectionMethod: PaymentCollectionMethod
  plan: Plan!
  prices: [SubscriptionPrice!]
  pricingType: PricingType!
  refId: String!
  resource: CustomerResource
  salesforceId: String
  scheduledUpdates: [SubscriptionScheduledUpdate!]
  startDate: DateTime!
  status: SubscriptionStatus!
  subscriptionEntitlements: [SubscriptionEntitlement!]
  subscriptionId: String!
  totalPrice: CustomerSubscriptionTotalPrice
  trialConfiguration: TrialConfiguration
  trialEndDate: DateTime
  wasInTrial: Boolean
}
enum SubscriptionStatus { ACTIVE CANCELED EXPIRED IN_TRIAL NOT_STARTED PAYMENT_PENDING }

type SubscriptionQuery {
  additionalMetaData: JSON
  addons: [SubscriptionAddon!]
  billingId: String
  billingPeriod: BillingPeriod
  cancellationDate: DateTime
  createdAt: DateTime
  currentBillingPeriodEnd: DateTime
  currentBillingPeriodStart: DateTime
  customer: Customer!
  customerId: String
  effectiveEndDate: DateTime
  endDate: DateTime
  entitlements: [SubscriptionEntitlementUnion!]
  id: UUID!
  latestInvoice: SubscriptionInvoice
  payingCustomer: Customer
  paymentCollection: PaymentCollection!
  paymentCollectionMethod: PaymentCollectionMethod
  plan: Plan!
  prices: [SubscriptionPrice!]
  pricingType: PricingType!
  refId: String!
  resource: CustomerResource
  resourceId: String
  salesforceId: String
  scheduledUpdates: [SubscriptionScheduledUpdate!]
  startDate: DateTime!
  status: SubscriptionStatus!
  subscriptionEntitlements: [SubscriptionEntitlement!]
  subscriptionId: String!
  totalPrice: CustomerSubscriptionTotalPrice
  trialConfiguration: TrialConfiguration
  trialEndDate: DateTime
  wasInTrial: Boolean
}
type SubscriptionQueryEdge { cursor: ConnectionCursor! node: SubscriptionQuery! }
type SubscriptionQueryConnection { edges: [SubscriptionQueryEdge!]! pageInfo: PageInfo! totalCount: Int! }
input SubscriptionQueryFilter {
  and: [SubscriptionQueryFilter!]
  customer: SubscriptionQueryFilterCustomerFilter
  customerId: StringFieldComparison
  or: [SubscriptionQueryFilter!]
  plan: SubscriptionQueryFilterPlanFilter
  pricingType: PricingTypeFilterComparison
  productId: StringFieldComparison
  resourceId: StringFieldComparison
  salesforceId: StringFieldComparison
  status: SubscriptionStatusFilterComparison
  subscriptionId: StringFieldComparison
}
input SubscriptionQueryFilterCustomerFilter {
  and: [SubscriptionQueryFilterCustomerFilter!]
  customerId: StringFieldComparison
  email: StringFieldComparison
  name: StringFieldComparison
  or: [SubscriptionQueryFilterCustomerFilter!]
  salesforceId: StringFieldComparison
}
input SubscriptionQueryFilterPlanFilter {
  and: [SubscriptionQueryFilterPlanFilter!]
  or: [SubscriptionQueryFilterPlanFilter!]
  pricingType: PricingTypeFilterComparison
  productId: StringFieldComparison
  refId: StringFieldComparison
}
input SubscriptionQuerySort { direction: SortDirection! field: SubscriptionQuerySortFields! nulls: SortNulls }
enum SubscriptionQuerySortFields { cancellationDate createdAt customerId endDate productId resourceId salesforceId startDate status subscriptionId }
input GetSubscriptionInput { environmentId: UUID subscriptionId: String! }

type SubscriptionAddon { addon: Addon! id: UUID! quantity: Float! }
type SubscriptionPrice { billingModel: BillingModel creditGrantCadence: CreditGrantCadence id: UUID! price: Price usageLimit: Float }
type CustomerSubscriptionTotalPrice { addonsTotal: Money! subTotal: Money! total: Money! }
type TrialConfiguration { trialEndBehavior: TrialEndBehavior! }
type SubscriptionInvoice {
  amountDue: Float
  attemptCount: Float
  billingId: String!
  billingReason: SubscriptionInvoiceBillingReason
  createdAt: DateTime!
  currency: String
  dueDate: DateTime
  errorMessage: String
  paymentSecret: String
  paymentUrl: String
  pdfUrl: String
  requiresAction: Boolean!
  status: SubscriptionInvoiceStatus!
  subTotal: Float
  subTotalExcludingTax: Float
  tax: Float
  total: Float
  totalExcludingTax: Float
  updatedAt: DateTime!
}
enum SubscriptionInvoiceStatus { CANCELED OPEN PAID }
enum SubscriptionInvoiceBillingReason { BILLING_CYCLE MANUAL MINIMUM_INVOICE_AMOUNT_EXCEEDED OTHER SUBSCRIPTION_CREATION SUBSCRIPTION_UPDATE }

union SubscriptionEntitlementUnion = SubscriptionCreditEntitlement | SubscriptionFeatureEntitlement
type SubscriptionCreditEntitlement {
  amount: Float!
  cadence: CreditCadence!
  customCurrency: CustomCurrency!
  customCurrencyId: String!
  hasSoftLimit: Boolean
  id: UUID!
  subscriptionId: String!
}
type SubscriptionFeatureEntitlement {
  description: String
  feature: Feature!
  featureId: String!
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean
  id: UUID!
  resetPeriod: EntitlementResetPeriod
  subscriptionId: String!
  usageLimit: Float
}
type SubscriptionEntitlement {
  description: String
  feature: Feature!
  featureId: String!
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean
  id: UUID!
  resetPeriod: EntitlementResetPeriod
  resetPeriodConfiguration: ResetPeriodConfiguration
  subscriptionId: String!
  usageLimit: Float
}

type SubscriptionScheduledUpdate {
  createdAt: DateTime
  scheduleStatus: SubscriptionScheduleStatus!
  scheduleVariables: ScheduleVariables
  scheduledExecutionTime: DateTime!
  subscriptionScheduleType: SubscriptionScheduleType!
  targetPackage: PackageDTO
}
type SubscriptionFutureUpdate {
  createdAt: DateTime
  scheduleStatus: SubscriptionScheduleStatus!
  scheduleVariables: ScheduleVariables
  scheduledExecutionTime: DateTime!
  subscriptionScheduleType: SubscriptionScheduleType!
  targetPackage: PackageDTO
}
enum SubscriptionScheduleType { AdditionalMetaData Addon BillingInfoMetadata BillingPeriod Coupon Downgrade MigrateToLatest Plan PriceOverride RecurringCredits UnitAmount }
enum SubscriptionScheduleStatus { Canceled Done Failed PendingPayment Scheduled }
union ScheduleVariables = AddonChangeVariables | AddonPriceOverrideChangeVariables | BillingPeriodChangeVariables | DowngradeChangeVariables
  | PlanChangeVariables | PlanPriceOverrideChangeVariables | UnitAmountChangeVariables
type AddonChangeVariables { addonRefId: String! newQuantity: Float! }
type AddonPriceOverrideChangeVariables { addonRefId: String! featureId: String }
type BillingPeriodChangeVariables { billingPeriod: BillingPeriod }
type DowngradeChangeVariables {
  addons: [PlanChangeAddon!]
  billableFeatures: [BillableFeature!]
  billingPeriod: BillingPeriod
  downgradePlanRefId: String!
  priceOverrides: [PriceOverrideChangeVariables!]
  recurringCredits: [RecurringCredits!]
}
type PlanChangeVariables {
  addons: [PlanChangeAddon!]
  billableFeatures: [BillableFeature!]
  billingPeriod: BillingPeriod
  changeType: PlanChangeType!
  planRefId: String!
  priceOverrides: [PriceOverrideChangeVariables!]
}
type PlanPriceOverrideChangeVariables { featureId: String planRefId: String! }
type UnitAmountChangeVariables { featureId: String newUnitAmount: Float }
type PlanChangeAddon { addonRefId: String! quantity: Float! }
type BillableFeature { featureId: String! quantity: Float! }
type PriceOverrideChangeVariables { addonRefId: String featureId: String planRefId: String }
type RecurringCredits { customCurrencyId: String! quantity: Float! }
enum PlanChangeType { DOWNGRADE NONE UPGRADE }
type PackageDTO {
  description: String
  displayName: String!
  id: UUID!
  pricingType: PricingType
  productId: String
  refId: String!
  status: PackageStatus!
  type: String!
  versionNumber: Int!
}

input ProvisionSubscriptionInput {
  additionalMetaData: JSON
  addons: [SubscriptionAddonInput!]
  appliedCoupon: SubscriptionCouponInput
  awaitPaymentConfirmation: Boolean
  billableFeatures: [BillableFeatureInput!]
  billingCountryCode: String
  billingCycleAnchor: SubscriptionBillingCycleAnchor
  billingId: String
  billingInformation: SubscriptionBillingInfo
  billingPeriod: BillingPeriod
  budget: BudgetConfigurationInput
  cancellationDate: DateTime
  charges: [ChargeInput!]
  checkoutOptions: CheckoutOptions
  customerId: String!
  entitlements: [SubscriptionEntitlementInputV2!]
  minimumSpend: SubscriptionMinimumSpendValueInput
  payingCustomerId: String
  paymentCollectionMethod: PaymentCollectionMethod
  planId: String!
  priceOverrides: [PriceOverrideInput!]
  priceUnitAmount: Float
  promotionCode: String
  refId: String
  resourceId: String
  salesforceId: String
  scheduleStrategy: ScheduleStrategy
  skipTrial: Boolean
  startDate: DateTime
  subscriptionEntitlements: [SubscriptionEntitlementInput!]
  subscriptionId: String
  trialOverrideConfiguration: TrialOverrideConfigurationInput
  unitQuantity: Float
}
type ProvisionSubscriptionResult {
  checkoutBillingId: String
  checkoutUrl: String
  entitlements: [Entitlement!] @deprecated(reason: "use entitlementsV2 (feature and credit entitlements)")
  id: String!
  isScheduled: Boolean
  status: ProvisionSubscriptionStatus!
  subscription: CustomerSubscription
}
enum ProvisionSubscriptionStatus { PAYMENT_REQUIRED SUCCESS }
input SubscriptionAddonInput { addonId: String! quantity: Int }
input BillableFeatureInput { featureId: String! quantity: Float! }
input SubscriptionEntitlementInput {
  description: String
  featureId: String!
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean
  monthlyResetPeriodConfiguration: MonthlyResetPeriodConfigInput
  resetPeriod: EntitlementResetPeriod
  usageLimit: Float
  weeklyResetPeriodConfiguration: WeeklyResetPeriodConfigInput
  yearlyResetPeriodConfiguration: YearlyResetPeriodConfigInput
}
input SubscriptionEntitlementInputV2 { credit: SubscriptionCreditEntitlementInput feature: SubscriptionFeatureEntitlementInput }
input SubscriptionCreditEntitlementInput { amount: Float! cadence: CreditCadence! customCurrencyId: String! hasSoftLimit: Boolean }
input SubscriptionFeatureEntitlementInput {
  enumValues: [String!]
  featureGroupId: String
  featureId: String!
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean
  monthlyResetPeriodConfiguration: MonthlyResetPeriodConfigInput
  resetPeriod: EntitlementResetPeriod
  usageLimit: Float
  weeklyResetPeriodConfiguration: WeeklyResetPeriodConfigInput
  yearlyResetPeriodConfiguration: YearlyResetPeriodConfigInput
}
input MonthlyResetPeriodConfigInput { accordingTo: MonthlyAccordingTo! }
input WeeklyResetPeriodConfigInput { accordingTo: WeeklyAccordingTo! }
input YearlyResetPeriodConfigInput { accordingTo: YearlyAccordingTo! }
input TrialOverrideConfigurationInput { isTrial: Boolean! trialEndBehavior: TrialEndBehavior trialEndDate: DateTime }
input SubscriptionBillingInfo {
  billingAddress: BillingAddress
  chargeOnBehalfOfAccount: String
  couponId: String
  integrationId: String
  invoiceDaysUntilDue: Float
  isBackdated: Boolean
  isInvoicePaid: Boolean
  metadata: JSON
  prorationBehavior: SubscriptionProrationBehavior
  taxIds: [TaxExempt!]
  taxPercentage: Float
  taxRateIds: [String!]
}
enum SubscriptionProrationBehavior { CREATE_PRORATIONS INVOICE_IMMEDIATELY NONE }
input BillingAddress { city: String country: String line1: String line2: String postalCode: String state: String }
input CheckoutOptions {
  allowPromoCodes: Boolean
  allowTaxIdCollection: Boolean
  cancelUrl: String!
  collectBillingAddress: Boolean
  collectPhoneNumber: Boolean
  referenceId: String
  successUrl: String!
}
input SubscriptionCouponInput {
  billingCouponId: String
  configuration: SubscriptionCouponConfigurationInput
  couponId: String
  discount: SubscriptionCouponDiscountInput
  promotionCode: String
}
input SubscriptionCouponConfigurationInput { startDate: DateTime }
input SubscriptionCouponDiscountInput { amountsOff: [MoneyInputDTO!] description: String durationInMonths: Float name: String percentOff: Float }
input BudgetConfigurationInput { hasSoftLimit: Boolean! limit: Float! }
input SubscriptionMinimumSpendValueInput { minimum: MoneyInputDTO }
input ChargeInput { id: String! quantity: Float! type: ChargeType! }
enum ChargeType { CREDIT FEATURE }
enum SubscriptionBillingCycleAnchor { NOW UNCHANGED }
enum ScheduleStrategy { END_OF_BILLING_MONTH END_OF_BILLING_PERIOD IMMEDIATE }

# ---------------------------------------------------------------- a subscription's later changes

input UpdateSubscriptionInput {
  additionalMetaData: JSON
  addons: [SubscriptionAddonInput!]
  appliedCoupon: SubscriptionCouponInput
  awaitPaymentConfirmation: Boolean
  billableFeatures: [BillableFeatureInput!]
  billingCycleAnchor: SubscriptionBillingCycleAnchor
  billingInformation: SubscriptionBillingInfo
  billingPeriod: BillingPeriod
  budget: BudgetConfigurationInput
  cancellationDate: DateTime
  charges: [ChargeInput!]
  entitlements: [SubscriptionEntitlementInputV2!]
  environmentId: UUID
  minimumSpend: SubscriptionMinimumSpendValueInput
  priceOverrides: [PriceOverrideInput!]
  promotionCode: String
  refId: String
  salesforceId: String
  scheduleStrategy: ScheduleStrategy
  subscriptionEntitlements: [UpdateSubscriptionEntitlementInput!]
  subscriptionId: String
  trialEndDate: DateTime
  unitQuantity: Float
}
input UpdateSubscriptionEntitlementInput {
  featureId: String
  hasSoftLimit: Boolean
  hasUnlimitedUsage: Boolean
  id: String
  monthlyResetPeriodConfiguration: MonthlyResetPeriodConfigInput
  resetPeriod: EntitlementResetPeriod
  usageLimit: Float
  weeklyResetPeriodConfiguration: WeeklyResetPeriodConfigInput
  yearlyResetPeriodConfiguration: YearlyResetPeriodConfigInput
}
input SubscriptionCancellationInput {
  awaitSubscriptionCancellation: Boolean
  endDate: DateTime
  environmentId: UUID
  prorate: Boolean
  subscriptionCancellationAction: SubscriptionCancellationAction
  subscriptionCancellationTime: SubscriptionCancellationTime
  subscriptionRefId: String!
}
enum SubscriptionCancellationAction { DEFAULT REVOKE_ENTITLEMENTS }
enum SubscriptionCancellationTime { END_OF_BILLING_PERIOD IMMEDIATE SPECIFIC_DATE }
input PreviewSubscriptionInput {
  addons: [SubscriptionAddonInput!]
  appliedCoupon: SubscriptionCouponInput
  billableFeatures: [BillableFeatureInput!]
  billingCountryCode: String
  billingCycleAnchor: SubscriptionBillingCycleAnchor
  billingInformation: SubscriptionBillingInfo
  billingPeriod: BillingPeriod
  charges: [ChargeInput!]
  customerId: String!
  environmentId: UUID
  payingCustomerId: String
  planId: String!
  promotionCode: String
  resourceId: String
  scheduleStrategy: ScheduleStrategy
  startDate: DateTime
  trialOverrideConfiguration: TrialOverrideConfigurationInput
  unitQuantity: Float
}
type SubscriptionPreviewV2 {
  billingPeriodRange: DateRange!
  hasScheduledUpdates: Boolean
  immediateInvoice: ImmediateSubscriptionPreviewInvoice!
  isPlanDowngrade: Boolean
  recurringInvoice: SubscriptionPreviewInvoice
}
type DateRange { end: DateTime start: DateTime }
type ImmediateSubscriptionPreviewInvoice {
  credits: SubscriptionPreviewCredits
  discount: Money
  discountDetails: SubscriptionPreviewDiscount
  minimumSpendAdjustment: Money!
  proration: SubscriptionPreviewProrations
  subTotal: Money!
  tax: Money
  taxDetails: SubscriptionPreviewTaxDetails
  total: Money!
  totalExcludingTax: Money!
}
type SubscriptionPreviewInvoice {
  discount: Money
  discountDetails: SubscriptionPreviewDiscount
  minimumSpendAdjustment: Money!
  subTotal: Money!
  tax: Money
  taxDetails: SubscriptionPreviewTaxDetails
  total: Money!
  totalExcludingTax: Money!
}
type SubscriptionPreviewCredits { initial: Money! remaining: Money! used: Money! }
type SubscriptionPreviewDiscount {
  durationInMonths: Float
  durationType: DiscountDurationType!
  end: String
  name: String
  start: String!
  type: DiscountType!
  value: Float!
}
enum DiscountDurationType { FOREVER ONCE REPEATING }
enum DiscountType { FIXED PERCENTAGE }
type SubscriptionPreviewProrations { credit: Money! debit: Money! hasProrations: Boolean netAmount: Money! prorationDate: DateTime! }
type SubscriptionPreviewTaxDetails { displayName: String! inclusive: Boolean! percentage: Float! }
input SubscriptionUpdateScheduleCancellationInput { environmentId: UUID status: SubscriptionScheduleStatus = Scheduled subscriptionId: String! }

# ---------------------------------------------------------------- credits

type CreditGrant {
  additionalMetaData: JSON
  amount: Float!
  comment: String
  consumedAmount: Float!
  cost: Money!
  createdAt: DateTime!
  currencyId: String!
  customerId: String!
  displayName: String!
  effectiveAt: DateTime!
  expireAt: DateTime
  grantId: String!
  grantType: CreditGrantType!
  id: UUID!
  invoiceId: String
  latestInvoice: CreditGrantInvoice
  paymentCollection: PaymentCollection!
  priority: Float!
  resourceId: String
  status: CreditGrantStatus!
  updatedAt: DateTime!
  voidedAt: DateTime
}
enum CreditGrantType { OVERDRAFT PAID PROMOTIONAL RECURRING }
enum CreditGrantTypeInput { PAID PROMOTIONAL }
enum CreditGrantStatus { ACTIVE EXPIRED PAYMENT_PENDING SCHEDULED VOIDED }
type CreditGrantInvoice {
  amountDue: Float
  billingId: String!
  createdAt: DateTime!
  currency: String
  dueDate: DateTime
  paymentUrl: String
  requiresAction: Boolean!
  status: CreditGrantInvoiceStatus!
  total: Float
  updatedAt: DateTime!
}
enum CreditGrantInvoiceStatus { CANCELED OPEN PAID }
type CreditGrantEdge { cursor: String! node: CreditGrant! }
type CreditGrantConnection { edges: [CreditGrantEdge!]! pageInfo: PageInfo! totalCount: Int! }
input CreditGrantInput {
  additionalMetaData: JSON
  amount: Float!
  awaitPaymentConfirmation: Boolean = true
  billingInformation: CreditGrantBillingInfoInput
  comment: String
  cost: MoneyInputDTO
  currencyId: String!
  customerId: String!
  displayName: String!
  effectiveAt: DateTime
  environmentId: UUID
  expireAt: DateTime
  grantType: CreditGrantTypeInput!
  paymentCollectionMethod: PaymentCollectionMethod
  priority: Float
  resourceId: String
}
input CreditGrantBillingInfoInput { billingAddress: BillingAddress invoiceDaysUntilDue: Float isInvoicePaid: Boolean }
input GetCreditGrantsInput { currencyId: String customerId: String! environmentId: UUID paging: CursorPaging resourceId: String }
input VoidCreditGrantInput { environmentId: UUID id: String! }

type CreditBalanceSummary { balances: [CreditBalance!]! customerId: String! resourceId: String }
type CreditBalance {
  currency: SlimCustomCurrency!
  currencyId: String! @deprecated(reason: "use currency")
  currentBalance: Float!
  customerId: String!
  resourceId: String
  totalConsumed: Float!
  totalGranted: Float!
  validUntil: Float
}
input CreditBalanceSummaryInput { currencyId: String customerId: String! environmentId: UUID resourceId: String }
`;

let cached: GraphQLSchema | null = null;

/** The emulator's schema, built once per process. */
export function stiggSchema(): GraphQLSchema {
  if (!cached) cached = buildSchema(STIGG_SCHEMA_SDL);
  return cached;
}
