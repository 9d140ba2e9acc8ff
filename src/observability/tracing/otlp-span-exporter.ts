import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer, TraceExporterMetricsHelper } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { TracingConfig } from './tracing-config';

type EnabledTracing = Extract<TracingConfig, { enabled: true }>;

/**
 * The OTLP/HTTP span exporter for the configured protocol. `http/json` is
 * @opentelemetry/exporter-trace-otlp-http itself. `http/protobuf` is the same HTTP transport
 * with the protobuf serializer, both from that exporter's own (exactly pinned) dependencies
 * otlp-exporter-base and otlp-transformer: what @opentelemetry/exporter-trace-otlp-proto
 * assembles, without a second exporter package. Both POST to `config.url` with `config.headers`.
 */
export function createOtlpSpanExporter(config: EnabledTracing): SpanExporter {
  const options = { url: config.url, headers: { ...config.headers }, timeoutMillis: config.timeoutMs };
  if (config.protocol === 'http/json') return new OTLPTraceExporter(options);
  const delegate = createOtlpHttpExportDelegate(
    convertLegacyHttpOptions(options, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
    ProtobufTraceSerializer, 'otlp_http_span_exporter', TraceExporterMetricsHelper, undefined,
  );
  return new OTLPExporterBase<ReadableSpan[]>(delegate);
}
