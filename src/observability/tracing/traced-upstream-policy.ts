import { SpanKind } from '@opentelemetry/api';
import type { UpstreamPolicy } from '../../services/resilience/upstream-policy';
import type { SpanScope } from './span-scope';
import { ATTR_SERVER_SERVICE_NAME, ATTR_UPSTREAM_OPERATION } from './span-attributes';

/**
 * The policy with a span (kind CLIENT) around each call made through `execute`: named
 * `<service> <operation>` (e.g. `salesforce query`, `stigg customers`), a child of the operation's
 * span, covering the breaker and the timeout, and every HTTP request the call sends (jsforce's
 * paging and retries, the Stigg reader's one resend), which carry it as their `traceparent`.
 * Only built when tracing is on: with tracing off the policy is used as it is.
 */
export function tracedUpstreamPolicy(policy: UpstreamPolicy, tracing: SpanScope): UpstreamPolicy {
  return {
    ...policy,
    // What the caller passes after the call itself (its request id) goes to the policy unchanged.
    execute: (operation, fn, ...rest) => tracing.inChildSpan(`${policy.service} ${operation}`, SpanKind.CLIENT,
      { [ATTR_SERVER_SERVICE_NAME]: policy.service, [ATTR_UPSTREAM_OPERATION]: operation }, () => policy.execute(operation, fn, ...rest)),
  };
}
