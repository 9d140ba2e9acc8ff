/**
 * Shared selections of the gateway's Stigg documents. Fields come from Stigg's API reference and
 * from what @stigg/node-server-sdk selects; nothing here is an emulator-only assumption, so the
 * documents validate against the real API.
 */

export const CUSTOMER_FIELDS = /* GraphQL */ `
fragment GatewayCustomerFields on Customer {
  customerId
  name
  email
  salesforceId
  billingId
  hasPaymentMethod
  defaultPaymentMethodType
  defaultPaymentMethodLast4Digits
  additionalMetaData
  createdAt
  updatedAt
}`;

export const SUBSCRIPTION_FIELDS = /* GraphQL */ `
fragment GatewaySubscriptionFields on CustomerSubscription {
  subscriptionId
  status
  pricingType
  customer { customerId }
  resource { resourceId }
  plan { refId displayName product { refId } }
  addons { quantity addon { refId } }
  prices {
    usageLimit
    price {
      billingModel
      billingPeriod
      minUnitQuantity
      maxUnitQuantity
      price { amount currency }
      feature { refId }
    }
  }
  totalPrice { total { amount currency } }
  subscriptionEntitlements { usageLimit hasUnlimitedUsage feature { refId } }
  startDate
  endDate
  cancellationDate
  trialEndDate
  trialConfiguration { trialEndBehavior }
  paymentCollection
  paymentCollectionMethod
  latestInvoice { status paymentUrl total currency }
  salesforceId
  additionalMetaData
}`;

export const SUBSCRIPTION_LIST_FIELDS = /* GraphQL */ `
fragment GatewaySubscriptionListFields on SubscriptionQuery {
  subscriptionId
  status
  pricingType
  startDate
  trialEndDate
  currentBillingPeriodEnd
  customer { customerId }
  resource { resourceId }
  plan { refId displayName }
  addons { quantity addon { refId } }
  trialConfiguration { trialEndBehavior }
}`;

export const CREDIT_GRANT_FIELDS = /* GraphQL */ `
fragment GatewayCreditGrantFields on CreditGrant {
  grantId
  displayName
  grantType
  status
  amount
  consumedAmount
  cost { amount currency }
  customerId
  resourceId
  currencyId
  effectiveAt
  expireAt
  voidedAt
  priority
  comment
  additionalMetaData
  createdAt
}`;

export const CREDIT_BALANCE_FIELDS = /* GraphQL */ `
fragment GatewayCreditBalanceFields on CreditBalance {
  customerId
  resourceId
  currency { currencyId displayName }
  currentBalance
  totalGranted
  totalConsumed
}`;

export const PAGE_INFO_FIELDS = /* GraphQL */ `
fragment GatewayPageInfoFields on PageInfo {
  startCursor
  endCursor
  hasNextPage
  hasPreviousPage
}`;
