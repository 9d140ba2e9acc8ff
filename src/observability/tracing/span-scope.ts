import type { Attributes, Span, SpanKind } from '@opentelemetry/api';

/** What the traced wrappers need of tracing: child spans, the operation's span, and trace context for outgoing requests. */
export interface SpanScope {
  /** Runs `fn` under a child span of the current span, carrying the request id; outside a traced operation, with no span. */
  inChildSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: () => Promise<T>): Promise<T>;
  /** The current request's operation span, or undefined outside one. */
  operationSpan(): Span | undefined;
  /** Adds `traceparent` (and `tracestate`) for the current span to an outgoing request's headers. */
  injectInto(headers: Record<string, string> | Headers): void;
}
