import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request an upstream call or a log line belongs to, carried implicitly
 * through every await (AsyncLocalStorage): the HTTP server opens the scope,
 * and the logger, the resilience policies and the Salesforce connection read
 * it, so the request id reaches upstream calls without threading it through
 * every service signature.
 */
export interface RequestScope {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it awaits or schedules) inside the request's scope. */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The current request's id, or undefined outside a request (startup, shutdown, background work). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The header the request id travels in, inbound, outbound and to the upstreams. */
export const REQUEST_ID_HEADER = 'x-request-id';
