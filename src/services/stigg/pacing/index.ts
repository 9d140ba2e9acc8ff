export { TokenBucket } from './token-bucket';
export { StiggPacer } from './stigg-pacer';
export { stiggPacerFor } from './stigg-pacer-for';
export type { StiggPacerOptions, PacerStats } from './stigg-pacer';
export {
  STIGG_ENTITY_LIMIT, STIGG_ENTITY_LIMITED_OPERATIONS, STIGG_LIMIT_WINDOW_MS, STIGG_OPERATION_LIMITS, stiggEntityKey,
} from './stigg-rate-limits';
