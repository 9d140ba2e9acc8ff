import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request an upstream call or a log line belongs to.
 *
 * Reads carry it explicitly: the request's context holds its scope, and the services its
 * resolvers and loaders reach are views bound to it (`forRequest(scope)`), so the request id
 * reaches the upstream headers and the call logs with no AsyncLocalStorage on the read path.
 *
 * Other work (mutations: the provisioning saga, credits, the subscription lifecycle, the audit
 * trail) runs inside `runInRequestScope`, which carries the scope implicitly through every await
 * (AsyncLocalStorage); the logger, the resilience policies and both upstream clients read it
 * there. On Node 20 an AsyncLocalStorage in use installs promise hooks for the whole process,
 * so every promise of every request pays for them: the storage is switched off again as soon as
 * no scoped work runs (bench/findings.md).
 */
export interface RequestScope {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();
/** Calls of runInRequestScope whose work has not settled; at 0 the storage (and its promise hooks) is off. */
let running = 0;

const release = (): void => {
  running -= 1;
  if (running === 0) storage.disable();
};

/**
 * Runs `fn` (and everything it awaits or schedules) inside the request's scope. The scope ends
 * when `fn`'s promise settles: work it leaves running without awaiting may lose it.
 */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  running += 1;
  let result: T;
  try {
    result = storage.run(scope, fn);
  } catch (err) {
    release();
    throw err;
  }
  if (result instanceof Promise) result.then(release, release);
  else release();
  return result;
}

/** The current request's id inside `runInRequestScope`, or undefined (reads carry theirs explicitly; startup, shutdown, background work). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The header the request id travels in, inbound, outbound and to the upstreams. */
export const REQUEST_ID_HEADER = 'x-request-id';
