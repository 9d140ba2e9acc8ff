/**
 * Salesforce's published Pub/Sub API proto (reference/salesforce/pubsub_api.proto, package
 * eventbus.v1), loaded with @grpc/proto-loader. The same file the gateway's subscriber loads.
 */
import { join } from 'node:path';
import { loadPackageDefinition, GrpcObject, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/**
 * reference/salesforce/pubsub_api.proto from src/sandbox/pubsub (and from dist/src/sandbox/pubsub,
 * where `npm run build` copies it to dist/reference/salesforce).
 */
export const PUBSUB_PROTO_PATH = join(__dirname, '../../../reference/salesforce/pubsub_api.proto');

/** Options that keep proto field names (snake_case), 64-bit numbers as strings and enums as names. */
export const PROTO_LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true } as const;

/** The `eventbus.v1.PubSub` service definition. */
export function loadPubSubService(): ServiceClientConstructor {
  const definition = loadSync(PUBSUB_PROTO_PATH, PROTO_LOADER_OPTIONS);
  const eventbus = (loadPackageDefinition(definition).eventbus as GrpcObject).v1 as GrpcObject;
  return eventbus.PubSub as ServiceClientConstructor;
}
