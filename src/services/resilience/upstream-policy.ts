import { performance } from 'node:perf_hooks';
import {
  BrokenCircuitError, CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, IsolatedCircuitError, TaskCancelledError,
  TimeoutStrategy, circuitBreaker, handleWhen, timeout, wrap,
} from 'cockatiel';
import { GatewayError } from '../../errors/gateway-error';
import { ImmediateTripBreaker } from './immediate-trip-breaker';
import { UpstreamFailureKind, classifyUpstreamFailure } from './upstream-failure';
import { CircuitStateName, UpstreamMetrics, UpstreamOutcome } from './upstream-metrics';
import { UPSTREAM_DISPLAY_NAMES, UpstreamService } from './upstream-service';
import { currentRequestId } from '../../observability/request-scope';

/** One finished upstream call, for logs: which request made it, and how it ended. */
export interface UpstreamCallRecord {
  service: UpstreamService;
  operation: string;
  outcome: UpstreamOutcome;
  durationMs: number;
  /** The gateway request that made the call (undefined outside a request). */
  requestId: string | undefined;
  /** The error's stable code when it failed (a GatewayError's code, or the error's name). */
  errorCode?: string;
}

export interface UpstreamPolicyOptions {
  service: UpstreamService;
  /** Longest a single call may take; it then fails as UPSTREAM_UNAVAILABLE and counts against the breaker. */
  timeoutMs: number;
  breaker: {
    /** How long the circuit stays open before one trial call is let through. */
    halfOpenAfterMs: number;
    /** Upstream-unavailable failures in a row that open the circuit. */
    consecutiveFailures: number;
  };
  metrics?: UpstreamMetrics;
  onStateChange?: (state: CircuitStateName, service: UpstreamService) => void;
}

/** Why the circuit was opened by hand (`open`). */
export type UpstreamOpenReason = 'quota-exhausted' | 'unavailable';

export interface UpstreamPolicy {
  readonly service: UpstreamService;
  /**
   * Runs one upstream call under the timeout and the breaker. `fn` gets an
   * AbortSignal that fires on timeout: pass it to the client where it takes one.
   * Errors from `fn` come out unchanged; the policy adds its own two:
   * UPSTREAM_UNAVAILABLE on timeout, and UPSTREAM_UNAVAILABLE /
   * UPSTREAM_RATE_LIMITED (when a quota error opened it) while the circuit is open.
   */
  execute<T>(operation: string, fn: (signal: AbortSignal) => Promise<T>, requestId?: string): Promise<T>;
  /** True while calls fail fast (open); false when closed or half-open (a trial call is let through). */
  isOpen(): boolean;
  /** The breaker's state, for /readyz and logs. */
  state(): CircuitStateName;
  /**
   * Opens the circuit by hand, as a failing call would (it half-opens after
   * `halfOpenAfterMs` like any other opening). Resolves once it is open.
   */
  open(reason: UpstreamOpenReason): Promise<void>;
  /** Calls `listener` after every call made through `execute` (ok, failed or short-circuited). */
  onCall(listener: (call: UpstreamCallRecord) => void): void;
  /**
   * Records a call the gateway refused before `execute` (the Salesforce quota
   * guard) as `short_circuited`, without touching the breaker: the upstream was
   * never called, and a refusal seen by a half-open breaker would close it.
   */
  recordRefused(operation: string, error: unknown, requestId?: string): void;
}

/** The synthetic failure `open()` feeds the breaker. */
class OpenedByHand extends Error {
  constructor(readonly reason: UpstreamOpenReason) {
    super(`circuit opened by hand: ${reason}`);
  }
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

const OUTCOMES: Record<UpstreamFailureKind, UpstreamOutcome> = {
  'quota-exhausted': 'rate_limited',
  'rate-limited': 'rate_limited',
  unavailable: 'unavailable',
  rejected: 'rejected',
};

function failureKindOf(error: unknown): UpstreamFailureKind {
  return error instanceof OpenedByHand
    ? (error.reason === 'quota-exhausted' ? 'quota-exhausted' : 'unavailable')
    : classifyUpstreamFailure(error);
}

/**
 * One upstream's resilience policy (cockatiel): a circuit breaker around an
 * aggressive timeout, and no retry: jsforce retries its GET, PUT, HEAD, OPTIONS
 * and DELETE requests (never POST or PATCH) and the Stigg SDK retries its calls,
 * so a retry here would multiply theirs; the writes neither client retries are
 * sent once on purpose (docs/design.md, "Talking to the upstreams").
 *
 * The breaker counts upstream-unavailable failures (5xx, timeouts, connection
 * errors, 429s the client gave up on); business rejections (4xx) neither count
 * nor reset the count. Salesforce's 403 REQUEST_LIMIT_EXCEEDED opens it at once:
 * the org is out of API requests and every further call would be refused too.
 */
export function createUpstreamPolicy(options: UpstreamPolicyOptions): UpstreamPolicy {
  const { service, timeoutMs, metrics } = options;
  const name = UPSTREAM_DISPLAY_NAMES[service];
  let openedBy: UpstreamFailureKind = 'unavailable';

  // Declared before it is built: the breaker reads the policy's lastFailure.
  let breakerPolicy: CircuitBreakerPolicy;
  const breaker = new ImmediateTripBreaker(
    new ConsecutiveBreaker(options.breaker.consecutiveFailures),
    () => breakerPolicy.lastFailure,
    (error) => error instanceof OpenedByHand || failureKindOf(error) === 'quota-exhausted',
  );
  breakerPolicy = circuitBreaker(handleWhen((error) => failureKindOf(error) !== 'rejected'), {
    halfOpenAfter: options.breaker.halfOpenAfterMs,
    breaker,
  });
  // The call's signal aborts when the timer fires; aborting it on return as well (cockatiel's default:
  // a DOMException and an abort event per call) would free nothing, the call being over.
  const timeoutPolicy = timeout(timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const policy = wrap(breakerPolicy, timeoutPolicy);

  breakerPolicy.onBreak((reason) => {
    openedBy = 'error' in reason ? failureKindOf(reason.error) : 'unavailable';
  });
  breakerPolicy.onStateChange((state) => {
    metrics?.setCircuitState(service, STATE_NAMES[state]);
    options.onStateChange?.(STATE_NAMES[state], service);
  });
  metrics?.setCircuitState(service, 'closed');
  const listeners: Array<(call: UpstreamCallRecord) => void> = [];
  const report = (operation: string, outcome: UpstreamOutcome, started: number, requestId: string | undefined, error?: unknown): void => {
    const seconds = (performance.now() - started) / 1000;
    metrics?.recordUpstreamCall(service, operation, outcome, seconds);
    if (listeners.length === 0) return;
    const errorCode = error === undefined ? undefined : errorCodeOf(error);
    const call: UpstreamCallRecord = {
      service, operation, outcome, durationMs: Math.round(seconds * 1000), requestId, ...(errorCode ? { errorCode } : {}),
    };
    for (const listener of listeners) {
      try { listener(call); } catch { /* a listener never fails the call */ }
    }
  };

  const failFast = (operation: string): GatewayError => {
    if (openedBy === 'quota-exhausted') {
      return new GatewayError('UPSTREAM_RATE_LIMITED',
        `${name} is not being called: the org has used its API request limit (REQUEST_LIMIT_EXCEEDED); retry later.`,
        { service, operation, upstreamCode: 'REQUEST_LIMIT_EXCEEDED', circuit: 'open' });
    }
    if (openedBy === 'rate-limited') {
      return new GatewayError('UPSTREAM_RATE_LIMITED',
        `${name} is not being called after it kept answering Too Many Requests (circuit open); retry later.`,
        { service, operation, circuit: 'open' });
    }
    return new GatewayError('UPSTREAM_UNAVAILABLE',
      `${name} is not being called after repeated failures (circuit open); retry later.`,
      { service, operation, circuit: 'open' });
  };

  const timedOut = (operation: string): GatewayError => new GatewayError('UPSTREAM_UNAVAILABLE',
    `${name} did not answer within ${timeoutMs} ms (${operation} timed out).`, { service, operation, timeoutMs });

  return {
    service,

    // The request a call belongs to: given by the caller (reads carry their request's scope), else the implicit scope (request-scope.ts).
    async execute<T>(operation: string, fn: (signal: AbortSignal) => Promise<T>, requestId: string | undefined = currentRequestId()): Promise<T> {
      const started = performance.now();
      const record = (outcome: UpstreamOutcome, error?: unknown) => report(operation, outcome, started, requestId, error);
      try {
        // A signal of its own per call: cockatiel's default parent signal is one shared object, and
        // every concurrent timeout would add a listener to it (MaxListenersExceededWarning past 10).
        const result = await policy.execute(({ signal }) => fn(signal), new AbortController().signal);
        record('ok');
        return result;
      } catch (error) {
        if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
          const refused = failFast(operation);
          record('short_circuited', refused);
          throw refused;
        }
        if (error instanceof TaskCancelledError) {
          const late = timedOut(operation);
          record('timeout', late);
          throw late;
        }
        record(OUTCOMES[classifyUpstreamFailure(error)], error);
        throw error;
      }
    },

    isOpen: () => breakerPolicy.state === CircuitState.Open || breakerPolicy.state === CircuitState.Isolated,

    state: () => STATE_NAMES[breakerPolicy.state],

    onCall(listener: (call: UpstreamCallRecord) => void): void {
      listeners.push(listener);
    },

    recordRefused(operation: string, error: unknown, requestId: string | undefined = currentRequestId()): void {
      report(operation, 'short_circuited', performance.now(), requestId, error);
    },

    async open(reason: UpstreamOpenReason): Promise<void> {
      await breakerPolicy.execute(() => { throw new OpenedByHand(reason); }).catch(() => undefined);
      // Already open for another reason: an exhausted quota is the one to report.
      if (reason === 'quota-exhausted') openedBy = 'quota-exhausted';
    },
  };
}

/** The policy for one request's calls: each is logged with its id (reads carry their scope explicitly: request-scope.ts). */
export function policyForRequest(policy: UpstreamPolicy, requestId: string): UpstreamPolicy {
  return { ...policy, execute: (operation, fn) => policy.execute(operation, fn, requestId) };
}

function errorCodeOf(error: unknown): string | undefined {
  if (error instanceof GatewayError) return error.code;
  const e = error as { errorCode?: unknown; code?: unknown; name?: unknown } | null;
  for (const candidate of [e?.errorCode, e?.code, e?.name]) if (typeof candidate === 'string') return candidate;
  return undefined;
}
