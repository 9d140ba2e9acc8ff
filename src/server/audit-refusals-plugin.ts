import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLFormattedError } from 'graphql';
import { GatewayContext } from '../context/gateway-context';
import { Logger } from '../observability/logger';

/**
 * Mutations are audited (who, what, outcome) by the `audited` middleware
 * (src/resolvers/audited.ts); a mutation refused for a missing scope never reaches its
 * resolver, so this plugin records it: one audit entry per refused mutation
 * field, outcome FORBIDDEN, with the key's id (never the key).
 */
export function auditRefusalsPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          if (requestContext.operation?.operation !== 'mutation') return;
          const { body } = requestContext.response;
          const errors: readonly GraphQLFormattedError[] = (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
          const refused = errors.filter((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.length === 1);
          if (refused.length === 0) return;
          const ctx = requestContext.contextValue;
          const fields = new Map<string, string | null>();
          for (const selection of requestContext.operation.selectionSet.selections) {
            if (selection.kind !== 'Field') continue;
            const target = selection.arguments?.flatMap((arg) => arg.value.kind === 'ObjectValue'
              ? arg.value.fields.filter((f) => /Id$/.test(f.name.value) && f.value.kind === 'StringValue').map((f) => (f.value as { value: string }).value)
              : arg.value.kind === 'StringValue' ? [arg.value.value] : [])[0] ?? null;
            fields.set(selection.alias?.value ?? selection.name.value, `${selection.name.value}\u0000${target ?? ''}`);
          }
          for (const error of refused) {
            const [operation, target] = (fields.get(String(error.path![0])) ?? `${String(error.path![0])}\u0000`).split('\u0000');
            try {
              await ctx.services.journal.audit.recordAudit({
                principal: ctx.principal.id, operation, target: target || null, outcome: 'FORBIDDEN',
                details: { scope: error.extensions?.scope ?? null, requestId: ctx.requestId },
              });
            } catch (err) {
              logger.error({ operation, err: { message: (err as Error).message } }, 'could not write the audit log');
            }
          }
        },
      };
    },
  };
}
