export { StiggPacer, DEFAULT_JITTER_MS, jitterHeadroom } from './stigg-pacer';
export { stiggPacerFor } from './stigg-pacer-for';
export { RateLimitStore, RATE_LIMIT_TABLE } from './rate-limit-store';
export { PACING_TABLE } from './postgres-token-buckets';
export { PacingBudget } from './pacing-budget';
export { bucketFor } from './token-bucket';
export type { StiggPacerOptions, PacerStats } from './stigg-pacer';
export type { FixedWindow } from './rate-limit-store';
export type { TokenBucketShape } from './token-bucket';
export {
  STIGG_ENTITY_LIMIT, STIGG_ENTITY_LIMITED_OPERATIONS, STIGG_LIMIT_WINDOW_MS, STIGG_OPERATION_LIMITS, stiggEntityKey,
} from './stigg-rate-limits';
