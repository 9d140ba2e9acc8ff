/**
 * The attribute names the gateway's spans carry. Names from the OpenTelemetry semantic
 * conventions where one exists (semantic-conventions 1.45: graphql.*, db.*, error.type,
 * server.service.name are incubating there, so they are spelled out here); the gateway's own
 * under `gateway.`.
 */

/** The request id (`x-request-id`, sent back to the caller and to both upstreams): on every span. */
export const ATTR_REQUEST_ID = 'gateway.request_id';
/** The caller: the API key's id or the JWT's subject (never a key or a token). Operation spans only. */
export const ATTR_PRINCIPAL_ID = 'gateway.principal_id';
/** The codes of the errors a GraphQL response carries (extensions.code), in order. */
export const ATTR_ERROR_CODES = 'gateway.error_codes';
/** The upstream's own name for the call (e.g. query, customers, provisionSubscription). */
export const ATTR_UPSTREAM_OPERATION = 'gateway.upstream.operation';

export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
/** The logical name of the service called (salesforce, stigg). */
export const ATTR_SERVER_SERVICE_NAME = 'server.service.name';
export const ATTR_DB_SYSTEM_NAME = 'db.system.name';
export const ATTR_DB_OPERATION_NAME = 'db.operation.name';
/** Why a span failed: a stable code (GatewayError code, upstream error code, error name), never a message. */
export const ATTR_ERROR_TYPE = 'error.type';
