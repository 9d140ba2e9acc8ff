import type { SpanScope } from './span-scope';

/** A request function whose requests carry `headers` as a plain object (the Stigg documents' POST). */
export type HeaderedRequest<R extends { headers: Record<string, string> }, A> = (url: string, request: R) => Promise<A>;

/** The same request function, adding the current span's `traceparent` (and `tracestate`) to each request; only built when tracing is on. */
export function tracedRequest<R extends { headers: Record<string, string> }, A>(inner: HeaderedRequest<R, A>, tracing: SpanScope): HeaderedRequest<R, A> {
  return (url, request) => {
    const headers = { ...request.headers };
    tracing.injectInto(headers);
    return inner(url, { ...request, headers });
  };
}
