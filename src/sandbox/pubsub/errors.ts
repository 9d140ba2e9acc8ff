/**
 * Errors as the Pub/Sub API returns them (Pub/Sub API Developer Guide, "Handle Errors"): a gRPC
 * status code, a description ending in "rpcId: <id>", and trailers carrying the custom error code
 * (`error-code`) and the RPC id (`rpc-id`; the trailer's name: assumption).
 */
import { Metadata, status as Status } from '@grpc/grpc-js';

/** Error codes the guide lists, and the ones it does not (marked). */
export const ERROR_CODES = {
  authError: 'sfdc.platform.eventbus.grpc.service.auth.error',
  serviceUnavailable: 'sfdc.platform.eventbus.grpc.service.unavailable',
  /** "the specified Replay ID value is invalid", e.g. outside the retention period */
  replayIdCorrupted: 'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
  /** a CUSTOM subscription without a well-formed replay id (the condition: assumption) */
  replayIdValidationFailed: 'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.validation.failed',
  /** num_requested not a positive number (the condition: assumption) */
  requestedEventsInvalid: 'sfdc.platform.eventbus.grpc.subscription.fetch.requested.events.invalid',
  /** (assumption: not in the guide's table) */
  topicNotFound: 'sfdc.platform.eventbus.grpc.topic.notfound',
  /** (assumption: not in the guide's table) */
  schemaNotFound: 'sfdc.platform.eventbus.grpc.schema.notfound',
  /** (assumption: not in the guide's table) a FetchRequest naming another topic than the stream's */
  topicChanged: 'sfdc.platform.eventbus.grpc.subscription.topic.changed',
} as const;

export interface PubSubServiceError extends Error {
  code: Status;
  details: string;
  metadata: Metadata;
}

export function pubSubError(code: Status, errorCode: string | null, message: string, rpcId: string): PubSubServiceError {
  const metadata = new Metadata();
  if (errorCode) metadata.set('error-code', errorCode);
  metadata.set('rpc-id', rpcId);
  const details = `${message} rpcId: ${rpcId}`;
  return Object.assign(new Error(details), { code, details, metadata });
}
