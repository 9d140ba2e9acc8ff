import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchema, AuthCheckerInterface, ResolverData } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { GatewayContext } from '../context/gateway-context';
import { GatewayError } from '../errors/gateway-error';
import { Scope } from '../config/gateway-config';
import { resolvers } from '../resolvers';

export const SCHEMA_DESCRIPTION = 'The order-to-cash gateway: Salesforce deals joined with Stigg entitlements and billing.';

/** `@Authorized('scope')`: a missing scope is FORBIDDEN on the field, naming the scope. */
class ScopeAuthChecker implements AuthCheckerInterface<GatewayContext> {
  check({ context }: ResolverData<GatewayContext>, scopes: string[]): boolean {
    const missing = scopes.filter((s) => !context.principal.scopes.has(s as Scope));
    if (missing.length > 0) {
      throw new GatewayError('FORBIDDEN', `This API key lacks the '${missing.join("', '")}' scope.`, { scope: missing[0] });
    }
    return true;
  }
}

/**
 * The gateway's schema from the type-graphql classes. It has a description so
 * that printed SDL carries the explicit `schema { query mutation }` block (the
 * contract has a type named Subscription).
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker: ScopeAuthChecker,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
  const config = schema.toConfig();
  // type-graphql makes the root types without descriptions.
  if (config.query) config.query.description = 'Reads: Salesforce records joined with their Stigg customers and subscriptions, product mappings, provisioning runs and previews.';
  if (config.mutation) config.mutation.description = 'Writes: provisioning (provision scope) and credit grants (credits scope), each audited.';
  return new GraphQLSchema({ ...config, description: SCHEMA_DESCRIPTION });
}
