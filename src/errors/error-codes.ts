/**
 * Every stable error code the gateway returns in `extensions.code`.
 * The README's error table is written from this list; keep the two in step.
 */
export const ErrorCodes = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  OPPORTUNITY_NOT_WON: 'OPPORTUNITY_NOT_WON',
  PLAN_MISSING: 'PLAN_MISSING',
  MULTIPLE_PLANS: 'MULTIPLE_PLANS',
  PRODUCT_MAPPING_INVALID: 'PRODUCT_MAPPING_INVALID',
  BILLING_EMAIL_REQUIRED: 'BILLING_EMAIL_REQUIRED',
  BILLING_EMAIL_NOT_A_CONTACT: 'BILLING_EMAIL_NOT_A_CONTACT',
  ALREADY_PROVISIONED: 'ALREADY_PROVISIONED',
  PROVISIONING_IN_PROGRESS: 'PROVISIONING_IN_PROGRESS',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_RATE_LIMITED: 'UPSTREAM_RATE_LIMITED',
  UPSTREAM_REJECTED: 'UPSTREAM_REJECTED',
  PAYMENT_REQUIRED: 'PAYMENT_REQUIRED',
  HOOK_FAILED: 'HOOK_FAILED',
  /** An amendment names no subscription: neither the input's subscriptionId nor the opportunity's Stigg subscription id. */
  SUBSCRIPTION_REQUIRED: 'SUBSCRIPTION_REQUIRED',
  /** The amendment opportunity's account is not the subscription's customer. */
  AMENDMENT_ACCOUNT_MISMATCH: 'AMENDMENT_ACCOUNT_MISMATCH',
  /** The subscription is already canceled or expired: nothing to amend or cancel. */
  SUBSCRIPTION_ALREADY_CANCELED: 'SUBSCRIPTION_ALREADY_CANCELED',
  /** The subscription has no scheduled change or cancellation to withdraw. */
  NOTHING_SCHEDULED: 'NOTHING_SCHEDULED',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  DOCUMENT_NOT_TRUSTED: 'DOCUMENT_NOT_TRUSTED',
  /** HTTP 400: the body is not JSON, or not a GraphQL request (Apollo's own code, kept). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** HTTP 415: a POST whose Content-Type is not application/json. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** HTTP 405: /graphql takes POST (and GET for queries). */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** GraphQL syntax error (Apollo's code, kept). */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The document does not match the schema, or introspection is off (Apollo's code, kept). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** The request names an operation the document does not hold (Apollo's code, kept). */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** Automatic persisted queries are not served: send the document (Apollo's code, kept). */
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** HTTP 503: the gateway is shutting down (SIGTERM); send the request again, to another replica. */
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
