import {
  Attributes, Context, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, TextMapGetter, Tracer, createContextKey, trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { IncomingHttpHeaders } from 'node:http';
import { TracingConfig } from './tracing-config';
import { createOtlpSpanExporter } from './otlp-span-exporter';
import { samplerOf } from './tracing-sampler';
import { ATTR_ERROR_TYPE, ATTR_PRINCIPAL_ID, ATTR_REQUEST_ID } from './span-attributes';
import type { SpanScope } from './span-scope';
import { tracedUpstreamPolicy } from './traced-upstream-policy';
import { HeaderedRequest, tracedRequest } from './traced-request';
import { tracedJournal } from './traced-journal';
import { operationSpanPlugin } from './operation-span-plugin';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { UpstreamPolicy } from '../../services/resilience/upstream-policy';
import type { Journal } from '../../services/journal';

/** How long a graceful stop waits for the last spans to reach the collector (main.ts exits within 4.8 s of SIGTERM). */
export const SHUTDOWN_FLUSH_MS = 1_000;

/** The gateway request a context belongs to: set by traceOperation, copied onto every child span. */
const REQUEST_ID = createContextKey('o2c-gateway request id');

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/**
 * Tracing, when it is on: an OTLP exporter behind a batch processor, a W3C trace-context
 * propagator, and an async context (AsyncLocalStorage) that carries the current span and the
 * request id through every await of a request. None of it is registered globally (the
 * OpenTelemetry API's globals stay no-ops): each piece of the gateway that traces is handed this
 * object at start and asks it for its traced version (the policies, the Stigg documents' POST, the journal,
 * the Apollo plugin), and gets `null` when tracing is off, so with tracing off this module is not
 * even loaded (start-tracing.ts), and no span, context, async hook or allocation is made.
 */
export class GatewayTracing implements SpanScope {
  private readonly contextManager = new AsyncLocalStorageContextManager();
  private readonly propagator = new W3CTraceContextPropagator();
  private readonly tracer: Tracer;

  constructor(private readonly provider: BasicTracerProvider) {
    this.tracer = provider.getTracer('o2c-gateway');
    this.contextManager.enable();
  }

  /**
   * Runs one GraphQL operation under its span (kind SERVER): a child of the caller's span when
   * the request carries a W3C `traceparent` (and `tracestate`), else the root of a new trace.
   * The span is active while `fn` runs (the operation-span plugin names it once the operation
   * is known) and ends when `fn` settles, even after the request's own timeout.
   */
  traceOperation<T>(headers: IncomingHttpHeaders, requestId: string, principalId: string, fn: () => Promise<T>): Promise<T> {
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, headerGetter).setValue(REQUEST_ID, requestId);
    const span = this.tracer.startSpan('GraphQL Operation', {
      kind: SpanKind.SERVER,
      attributes: { [ATTR_REQUEST_ID]: requestId, [ATTR_PRINCIPAL_ID]: principalId },
    }, parent);
    return this.runIn(trace.setSpan(parent, span), span, fn);
  }

  /** The current request's operation span, or undefined outside one (for the operation-span plugin). */
  operationSpan(): Span | undefined {
    const active = this.contextManager.active();
    return active.getValue(REQUEST_ID) === undefined ? undefined : trace.getSpan(active);
  }

  /**
   * Runs `fn` under a child span of the current span, carrying the request id. Outside a traced
   * operation (start-up, probes, background work) `fn` runs with no span.
   */
  inChildSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
    const active = this.contextManager.active();
    const requestId = active.getValue(REQUEST_ID);
    if (requestId === undefined) return fn();
    const span = this.tracer.startSpan(name, { kind, attributes: { ...attributes, [ATTR_REQUEST_ID]: requestId as string } }, active);
    return this.runIn(trace.setSpan(active, span), span, fn);
  }

  /** Adds `traceparent` (and `tracestate`) for the current span to an outgoing request's headers. */
  injectInto(headers: Record<string, string> | Headers): void {
    const active = this.contextManager.active();
    if (trace.getSpan(active) === undefined) return;
    this.propagator.inject(active, headers, {
      set: (carrier, key, value) => {
        if (carrier instanceof Headers) carrier.set(key, value);
        else carrier[key] = value;
      },
    });
  }

  /** The policy with a span around each call (traced-upstream-policy). */
  tracedUpstreamPolicy(policy: UpstreamPolicy): UpstreamPolicy {
    return tracedUpstreamPolicy(policy, this);
  }

  /** A request function sending the current span's traceparent (traced-request). */
  tracedRequest<R extends { headers: Record<string, string> }, A>(inner: HeaderedRequest<R, A>): HeaderedRequest<R, A> {
    return tracedRequest(inner, this);
  }

  /** The journal with a span around each repository call (traced-journal). */
  tracedJournal(journal: Journal): Journal {
    return tracedJournal(journal, this);
  }

  /** The Apollo plugin naming the operation's span (operation-span-plugin). */
  apolloPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    return operationSpanPlugin<TContext>(this);
  }

  /** Sends what is still buffered and stops (bounded: a collector that does not answer does not hold the stop up). */
  async shutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, SHUTDOWN_FLUSH_MS); });
    try {
      await Promise.race([this.provider.shutdown().catch(() => undefined), deadline]);
    } finally {
      clearTimeout(timer);
      this.contextManager.disable();
    }
  }

  private async runIn<T>(context: Context, span: Span, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.contextManager.with(context, fn);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(err));
      throw err;
    } finally {
      span.end();
    }
  }
}

/** A stable code for the error (a GatewayError's code, jsforce's errorCode, the error's name): never its message. */
function errorTypeOf(err: unknown): string {
  const e = err as { code?: unknown; errorCode?: unknown; name?: unknown } | null;
  for (const candidate of [e?.code, e?.errorCode, e?.name]) if (typeof candidate === 'string' && candidate !== '') return candidate;
  return '_OTHER';
}

/** Tracing for a configuration that switches it on (start-tracing.ts loads this module only then). */
export function createGatewayTracing(config: Extract<TracingConfig, { enabled: true }>): GatewayTracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName }),
    sampler: samplerOf(config.sampler),
    spanProcessors: [new BatchSpanProcessor(createOtlpSpanExporter(config))],
  });
  return new GatewayTracing(provider);
}
