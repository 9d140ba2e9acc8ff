/**
 * The Pub/Sub emulator's operations, counters and failures for the shared fault engine
 * (src/sandbox/faults; src/sandbox/README.md "Fault injection and counters"), and how a failure
 * ends a call.
 */
import { status as Status } from '@grpc/grpc-js';
import { FaultEngine, OperationCounters } from '../faults';
import { ERROR_CODES, pubSubError, PubSubServiceError } from './errors';

/** The RPCs a fault rule may name. */
export const OPERATIONS = ['Subscribe', 'GetTopic', 'GetSchema'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** What the counters count: calls per RPC (unimplemented ones too), FetchRequests, events sent, keepalives sent. */
export const COUNTERS = [...OPERATIONS, 'Publish', 'PublishStream', 'ManagedSubscribe', 'fetchRequests', 'eventsSent', 'keepalives'] as const;
export type Counter = (typeof COUNTERS)[number];

/**
 * UNAVAILABLE: status UNAVAILABLE with sfdc.platform.eventbus.grpc.service.unavailable;
 * UNAUTHENTICATED: status UNAUTHENTICATED with sfdc.platform.eventbus.grpc.service.auth.error (a
 * session that expired); RST_STREAM: status UNAVAILABLE "RST_STREAM closed stream" with no error code
 * (the guide's "temporary network connectivity" case).
 */
export const FAILURES = ['UNAVAILABLE', 'UNAUTHENTICATED', 'RST_STREAM'] as const;
export type Failure = (typeof FAILURES)[number];

export class PubSubFaults extends FaultEngine<Failure, Operation> {
  constructor() {
    super({ failures: FAILURES, operations: OPERATIONS });
  }
}

export class PubSubCounters extends OperationCounters<Counter> {
  constructor() {
    super(COUNTERS);
  }
}

export function failureError(failure: Failure, rpcId: string): PubSubServiceError {
  switch (failure) {
    case 'UNAVAILABLE':
      return pubSubError(Status.UNAVAILABLE, ERROR_CODES.serviceUnavailable, 'The Pub/Sub API service is unavailable.', rpcId);
    case 'UNAUTHENTICATED':
      return pubSubError(Status.UNAUTHENTICATED, ERROR_CODES.authError, 'An authentication exception occurred.', rpcId);
    default:
      return pubSubError(Status.UNAVAILABLE, null, 'RST_STREAM closed stream.', rpcId);
  }
}
