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

/**
 * What the gateway reads of a subscription. Stigg answers it as `CustomerSubscription`
 * (getSubscription, provisionSubscriptionV2) and as `SubscriptionQuery` (the `subscriptions`
 * list): the same fields, two fragments. A subscription's credit entitlements are the
 * `SubscriptionCreditEntitlement` members of `entitlements`; its customer comes with it.
 */
const SUBSCRIPTION_SELECTION = `
  subscriptionId
  status
  pricingType
  billingPeriod
  customer { ...GatewayCustomerFields }
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
      customCurrency { currencyId }
    }
  }
  totalPrice { total { amount currency } }
  entitlements {
    __typename
    ... on SubscriptionFeatureEntitlement { usageLimit hasUnlimitedUsage feature { refId } }
    ... on SubscriptionCreditEntitlement { customCurrencyId amount cadence }
  }
  startDate
  endDate
  cancellationDate
  trialEndDate
  currentBillingPeriodEnd
  trialConfiguration { trialEndBehavior }
  paymentCollection
  paymentCollectionMethod
  latestInvoice { status paymentUrl total currency }
  salesforceId
  additionalMetaData
  scheduledUpdates { subscriptionScheduleType scheduleStatus scheduledExecutionTime targetPackage { refId } }`;

/** A CustomerSubscription (getSubscription, provisionSubscriptionV2), with the customer fragment it uses. */
export const SUBSCRIPTION_FIELDS = /* GraphQL */ `
fragment GatewaySubscriptionFields on CustomerSubscription {${SUBSCRIPTION_SELECTION}
}
${CUSTOMER_FIELDS}`;

/** A SubscriptionQuery (the `subscriptions` list), with the customer fragment it uses. */
export const SUBSCRIPTION_QUERY_FIELDS = /* GraphQL */ `
fragment GatewaySubscriptionQueryFields on SubscriptionQuery {${SUBSCRIPTION_SELECTION}
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
  paymentCollection
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
