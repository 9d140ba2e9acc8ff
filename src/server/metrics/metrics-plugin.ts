import { performance } from 'node:perf_hooks';
import { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLFormattedError, getOperationAST } from 'graphql';
import { GatewayMetrics } from './gateway-metrics';

const STATE = Symbol('gateway.requestMetricsState');

/** What the HTTP layer and this plugin share about one request. */
export interface RequestMetricsState {
  /** The operation's name once Apollo has resolved it. */
  operation?: string;
  /** Set when the HTTP layer answered already (504 REQUEST_TIMEOUT, counted there): the late GraphQL answer is not counted again. */
  abandoned: boolean;
}

/**
 * Attaches the shared state to a request's context. Apollo shallow-copies the
 * context object, so the state is a (symbol-keyed) object both copies point to.
 */
export function attachMetricsState(context: object): RequestMetricsState {
  const state: RequestMetricsState = { abandoned: false };
  Object.defineProperty(context, STATE, { value: state, enumerable: true });
  return state;
}

function stateOf(context: unknown): RequestMetricsState | undefined {
  return (context as { [STATE]?: RequestMetricsState } | null)?.[STATE];
}

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
        async didResolveOperation(requestContext) {
          const state = stateOf(requestContext.contextValue);
          if (state) state.operation = operationNameOf(requestContext as GraphQLRequestContextWillSendResponse<TContext>);
        },
        async willSendResponse(requestContext) {
          if (stateOf(requestContext.contextValue)?.abandoned) return;
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
