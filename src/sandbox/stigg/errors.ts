import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';

/**
 * Stigg's error codes as they appear in `errors[].extensions.code` (the values of the API's
 * ErrorCode enum, e.g. `CustomerNotFound`; the SDK compares `extensions.code` with them).
 * Only the codes the emulator raises are listed.
 */
export type StiggErrorCode =
  | 'Unauthenticated'
  | 'CustomerNotFound'
  | 'SubscriptionNotFound'
  | 'PlanNotFound'
  | 'AddonNotFound'
  | 'FeatureNotFound'
  | 'CustomCurrencyNotFound'
  | 'CreditGrantNotFound'
  | 'CreditGrantAlreadyVoided'
  | 'DuplicatedEntityNotAllowed'
  | 'IncompatibleSubscriptionAddon'
  | 'AddonQuantityExceedsLimitError'
  | 'BillingPeriodMissingError'
  | 'PriceNotFound'
  | 'CustomerHasNoEmailAddress'
  | 'PaymentMethodNotFoundError'
  | 'ExpireAtMustBeLaterThanEffectiveAtError'
  | 'InvalidQuantity'
  | 'InvalidArgumentError'
  | 'SubscriptionAlreadyCanceledOrExpired'
  | 'InvalidCancellationDate'
  | 'RateLimitExceeded'
  | 'UnexpectedError';

/** A business error, raised from a resolver: HTTP 200 with `errors[0].extensions.code`. */
export function stiggError(code: StiggErrorCode, message: string, identifier?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      // assumption: the entity the error is about; Stigg documents only code and traceId
      ...(identifier !== undefined ? { identifier } : {}),
      isValidationError: code !== 'UnexpectedError',
      traceId: randomUUID(),
    },
  });
}
