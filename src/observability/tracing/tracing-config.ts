import { ConfigError } from '../../config/config-error';

type Env = Record<string, string | undefined>;

/** The OTLP encodings the gateway can send: JSON, or protobuf, both over HTTP (port 4318 of a collector). */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

/**
 * OpenTelemetry tracing, from the standard `OTEL_*` variables (the SDK environment
 * specification). Off unless an OTLP endpoint is named (`OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or `OTEL_TRACES_EXPORTER=otlp` asks for the
 * default one; `OTEL_SDK_DISABLED=true` and `OTEL_TRACES_EXPORTER=none` keep it off.
 */
export type TracingConfig =
  | { enabled: false }
  | {
    enabled: true;
    /** Where spans are POSTed: the traces endpoint as given, or `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`. */
    url: string;
    protocol: OtlpProtocol;
    /** Sent with every export (e.g. a collector's API key): never logged. */
    headers: Record<string, string>;
    /** Longest one export may take. */
    timeoutMs: number;
    serviceName: string;
    /** OTEL_RESOURCE_ATTRIBUTES (service.name comes from serviceName). */
    resourceAttributes: Record<string, string>;
    sampler: TracingSampler;
  };

/** OTEL_TRACES_SAMPLER and its argument; the default follows a caller's decision and samples every new trace. */
export interface TracingSampler {
  name: 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';
  /** The ratio of the traceidratio samplers (OTEL_TRACES_SAMPLER_ARG, default 1). */
  ratio: number;
}

/** service.name when OTEL_SERVICE_NAME (and service.name in OTEL_RESOURCE_ATTRIBUTES) is not set: the logger's `service`. */
export const DEFAULT_SERVICE_NAME = 'o2c-gateway';
/** The SDK specification's default OTLP/HTTP endpoint. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
const DEFAULT_TIMEOUT_MS = 10_000;
const SAMPLERS: ReadonlyArray<TracingSampler['name']> = [
  'always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio',
];

function text(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function httpUrl(name: string, raw: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be an http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(name, 'must be an http(s) URL');
  return parsed;
}

/**
 * `key1=value1,key2=value2` (the W3C Baggage format the specification uses), values
 * percent-decoded. A malformed entry stops the start; the message names the variable and
 * the entry's position, never a value.
 */
export function parseKeyValueList(name: string, raw: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === null) return out;
  raw.split(',').forEach((entry, index) => {
    if (entry.trim() === '') return;
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (key === '') throw new ConfigError(name, `entry ${index + 1} must be key=value`);
    let value: string;
    try {
      value = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(name, `entry ${index + 1} has a value that is not percent-encoded correctly`);
    }
    out[key] = value;
  });
  return out;
}

function flag(env: Env, name: string): boolean {
  const raw = text(env, name);
  if (raw === null) return false;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new ConfigError(name, 'must be true or false');
}

function protocolOf(env: Env): OtlpProtocol {
  const name = text(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== null ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const raw = text(env, name);
  // The specification's default is http/protobuf; the gateway's, JSON (any collector's OTLP/HTTP receiver takes both).
  if (raw === null) return 'http/json';
  if (raw === 'http/json' || raw === 'http/protobuf') return raw;
  if (raw === 'grpc') {
    throw new ConfigError(name, 'grpc is not supported: use http/protobuf or http/json (a collector\'s OTLP/HTTP receiver, port 4318)');
  }
  throw new ConfigError(name, 'must be http/json or http/protobuf');
}

function timeoutOf(env: Env): number {
  const name = text(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT') !== null ? 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT' : 'OTEL_EXPORTER_OTLP_TIMEOUT';
  const raw = text(env, name);
  if (raw === null) return DEFAULT_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(name, 'must be a positive whole number of milliseconds');
  return value;
}

function samplerOf(env: Env): TracingSampler {
  const raw = (text(env, 'OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on').toLowerCase();
  if (!SAMPLERS.includes(raw as TracingSampler['name'])) {
    throw new ConfigError('OTEL_TRACES_SAMPLER', `must be one of ${SAMPLERS.join(', ')}`);
  }
  const name = raw as TracingSampler['name'];
  const arg = text(env, 'OTEL_TRACES_SAMPLER_ARG');
  let ratio = 1;
  if (arg !== null && name.endsWith('traceidratio')) {
    ratio = Number(arg);
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', 'must be a number from 0 to 1');
  }
  return { name, ratio };
}

/** The traces URL: the signal's own endpoint as given, else the general endpoint with `v1/traces` appended. */
function tracesUrl(env: Env): string {
  const specific = text(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (specific !== null) return httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific).href;
  const base = httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', text(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? DEFAULT_OTLP_ENDPOINT);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/v1/traces`;
  return base.href;
}

/** Reads the tracing configuration; every variable is checked even when tracing stays off, so a typo never waits for the day it is switched on. */
export function loadTracingConfig(env: Env): TracingConfig {
  const disabled = flag(env, 'OTEL_SDK_DISABLED');
  const exporters = (text(env, 'OTEL_TRACES_EXPORTER') ?? '').toLowerCase().split(',').map((e) => e.trim()).filter(Boolean);
  for (const exporter of exporters) {
    if (exporter !== 'otlp' && exporter !== 'none') {
      throw new ConfigError('OTEL_TRACES_EXPORTER', `'${exporter}' is not supported: otlp or none`);
    }
  }
  const url = tracesUrl(env);
  const protocol = protocolOf(env);
  const headers = {
    ...parseKeyValueList('OTEL_EXPORTER_OTLP_HEADERS', text(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
    ...parseKeyValueList('OTEL_EXPORTER_OTLP_TRACES_HEADERS', text(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS')),
  };
  const timeoutMs = timeoutOf(env);
  const resourceAttributes = parseKeyValueList('OTEL_RESOURCE_ATTRIBUTES', text(env, 'OTEL_RESOURCE_ATTRIBUTES'));
  const serviceName = text(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? DEFAULT_SERVICE_NAME;
  const sampler = samplerOf(env);

  const endpointNamed = text(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== null || text(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') !== null;
  const switchedOn = exporters.includes('otlp') || (endpointNamed && exporters.length === 0);
  if (disabled || exporters.includes('none') || !switchedOn) return { enabled: false };
  return { enabled: true, url, protocol, headers, timeoutMs, serviceName, resourceAttributes, sampler };
}

/** The endpoint as it may appear in a log line: no user, password or query (any may carry a credential). */
export function loggableEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
