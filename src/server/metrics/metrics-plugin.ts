import { performance } from 'node:perf_hooks';
import { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLFormattedError, getOperationAST } from 'graphql';
import { GatewayMetrics } from './gateway-metrics';

/**
 * Records every GraphQL request in `gateway_requests_total` and
 * `gateway_request_duration_seconds`: the operation's name (also for documents
 * refused by validation; 'anonymous' when it has none or the document does not
 * parse) and its outcome,
 * 'ok' or the first error's code as the client sees it (after formatError).
 */
export function metricsPlugin<TContext extends BaseContext>(metrics: GatewayMetrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(requestContext) {
          const seconds = (performance.now() - started) / 1000;
          metrics.recordRequest(operationNameOf(requestContext), outcomeOf(requestContext), seconds);
        },
      };
    },
  };
}

function outcomeOf<TContext extends BaseContext>(requestContext: GraphQLRequestContextWillSendResponse<TContext>): string {
  const { body } = requestContext.response;
  const errors: readonly GraphQLFormattedError[] | undefined = body.kind === 'single'
    ? body.singleResult.errors
    : body.initialResult.errors;
  if (!errors?.length) return 'ok';
  const code = errors[0].extensions?.code;
  return typeof code === 'string' ? code : 'error';
}

function operationNameOf<TContext extends BaseContext>(requestContext: GraphQLRequestContextWillSendResponse<TContext>): string {
  if (requestContext.operationName) return requestContext.operationName;
  const { document } = requestContext;
  const operation = document ? getOperationAST(document, requestContext.request.operationName) : null;
  return operation?.name?.value ?? 'anonymous';
}
