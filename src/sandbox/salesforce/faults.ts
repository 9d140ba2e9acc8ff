/**
 * Salesforce's operations and failures for the shared fault engine (src/sandbox/faults), and how each
 * failure is answered (src/sandbox/README.md: "Fault injection and counters"; ./README.md: failures).
 */
import { FaultEngine, OperationCounters } from '../faults';
import type { FaultDecision as EngineDecision, FaultRule as EngineRule, FaultRuleInput as EngineRuleInput } from '../faults';
import { json, Reply } from './http';

export const OPERATIONS = [
  'token',
  'identity',
  'versions',
  'resources',
  'query',
  'queryMore',
  'queryAll',
  'retrieve',
  'create',
  'update',
  'upsert',
  'delete',
  'collectionCreate',
  'collectionUpdate',
  'collectionUpsert',
  'collectionDelete',
  'collectionRetrieve',
  'describe',
  'describeGlobal',
  'limits',
] as const;

export type Operation = (typeof OPERATIONS)[number];

export const FAILURES = ['REQUEST_LIMIT_EXCEEDED', 'SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION', 'INVALID_SESSION_ID'] as const;
export type Failure = (typeof FAILURES)[number];

export type FaultRuleInput = EngineRuleInput<Failure, Operation>;
export type FaultRule = EngineRule<Failure, Operation>;
export type FaultDecision = EngineDecision<Failure>;

/** Rules name one of OPERATIONS (or `*`); any other name is refused. */
export class Faults extends FaultEngine<Failure, Operation> {
  constructor() {
    super({ failures: FAILURES, operations: OPERATIONS });
  }
}

/** Every operation is listed in a snapshot, 0 when never called. */
export class Counters extends OperationCounters<Operation> {
  constructor() {
    super(OPERATIONS);
  }
}

/** The answer of a failure: the OAuth error shape on the token endpoint, the REST error shape elsewhere; 'drop' closes the socket. */
export function failureReply(failure: Failure, op: Operation): Reply | 'drop' {
  if (failure === 'DROP_CONNECTION') return 'drop';
  if (op === 'token') {
    const map: Record<Exclude<Failure, 'DROP_CONNECTION'>, [number, string, string]> = {
      REQUEST_LIMIT_EXCEEDED: [403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'],
      SERVER_ERROR: [500, 'server_error', 'An unexpected error occurred'],
      SERVICE_UNAVAILABLE: [503, 'temporarily_unavailable', 'Service Unavailable'],
      INVALID_SESSION_ID: [400, 'invalid_grant', 'expired access/refresh token'],
    };
    const [status, error, description] = map[failure];
    return json(status, { error, error_description: description });
  }
  switch (failure) {
    case 'REQUEST_LIMIT_EXCEEDED':
      return json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    case 'SERVER_ERROR':
      return json(500, [
        {
          message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
          errorCode: 'UNKNOWN_EXCEPTION',
        },
      ]);
    case 'SERVICE_UNAVAILABLE':
      return json(503, [{ message: 'Service Unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
    default:
      return json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  }
}
