import { GraphQLFieldResolver, GraphQLSchema, defaultFieldResolver } from 'graphql';
import { runInRequestScope } from '../observability/request-scope';
import { GatewayContext } from '../context/gateway-context';

/**
 * Root fields whose resolvers reach the upstreams only through the request's context: its loaders
 * and its read services, views bound to the request (createGatewayContext), which carry the
 * request id explicitly. These run with no AsyncLocalStorage.
 */
export const EXPLICITLY_SCOPED_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'Query.opportunity', 'Query.opportunities', 'Query.account', 'Query.customer', 'Query.subscription',
  'Query.productMappings', 'Query.provisioningRun', 'Query.provisioningRuns',
]);

/**
 * Every other root field (the mutations, the previews, any field added later) runs inside the
 * request's implicit scope (runInRequestScope): the services they reach (the provisioning saga,
 * the Stigg SDK, the audit trail, their log lines) read the request id from it. Changes the
 * schema's root fields in place and returns the schema.
 */
export function scopeRootFields(schema: GraphQLSchema, explicit: ReadonlySet<string> = EXPLICITLY_SCOPED_ROOT_FIELDS): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      if (explicit.has(`${type.name}.${field.name}`)) continue;
      const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: GatewayContext, info) =>
        runInRequestScope({ requestId: context.requestId }, () => resolve(source, args, context, info));
    }
  }
  return schema;
}
