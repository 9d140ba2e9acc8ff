import type { SpanScope } from './span-scope';

/** `fetch` that adds the current span's `traceparent` (and `tracestate`) to each request; only built when tracing is on. */
export function tracedFetch(inner: typeof fetch, tracing: SpanScope): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    tracing.injectInto(headers);
    return inner(input, { ...init, headers });
  };
}
