import { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import { GraphQLFormattedError } from 'graphql';
import type { SpanScope } from './span-scope';
import { ATTR_ERROR_CODES, ATTR_ERROR_TYPE, ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE } from './span-attributes';

/**
 * Names the operation's span (opened by the HTTP edge, GatewayTracing.traceOperation) as the
 * semantic conventions for GraphQL say: `<type> <name>` (`query Portal`), `<type>` for an
 * anonymous operation, `GraphQL Operation` while a document does not parse or validate; sets
 * `graphql.operation.type` and `graphql.operation.name`. A response with errors marks the span
 * as failed with their codes (extensions.code, as the caller sees them); messages, documents
 * and variables are never put on a span. Installed only when tracing is on.
 */
export function operationSpanPlugin<TContext extends BaseContext>(tracing: SpanScope): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const span = tracing.operationSpan();
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          const type = operation.operation;
          span.updateName(operationName ? `${type} ${operationName}` : type);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
          if (operationName) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, operationName);
        },
        async willSendResponse({ response }) {
          const { body } = response;
          const errors: readonly GraphQLFormattedError[] = (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
          if (errors.length === 0) return;
          const codes = errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
          span.setAttribute(ATTR_ERROR_CODES, codes);
          span.setAttribute(ATTR_ERROR_TYPE, codes[0]);
          span.setStatus({ code: SpanStatusCode.ERROR });
        },
      };
    },
  };
}
