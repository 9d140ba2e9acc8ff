import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/load-config';
import { loadTracingConfig, loggableEndpoint, parseKeyValueList } from '../../src/observability/tracing/tracing-config';

/** The OTEL_* variables of the OpenTelemetry SDK environment specification, as the gateway reads them (README, Tracing). */
describe('tracing configuration', () => {
  it('is off by default, with nothing set', () => {
    expect(loadTracingConfig({})).toEqual({ enabled: false });
    expect(loadConfig({}).tracing).toEqual({ enabled: false });
  });

  it('stays off with only a service name or resource attributes (set for other signals)', () => {
    expect(loadTracingConfig({ OTEL_SERVICE_NAME: 'billing', OTEL_RESOURCE_ATTRIBUTES: 'a=b' })).toEqual({ enabled: false });
  });

  it('is switched on by OTEL_EXPORTER_OTLP_ENDPOINT, appending v1/traces, with the defaults', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      enabled: true,
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      headers: {},
      timeoutMs: 10_000,
      serviceName: 'o2c-gateway',
      resourceAttributes: {},
      sampler: { name: 'parentbased_always_on', ratio: 1 },
    });
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/base/' })).toMatchObject({ url: 'https://otel.example.com/base/v1/traces' });
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, before the general endpoint', () => {
    expect(loadTracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom/path',
    })).toMatchObject({ enabled: true, url: 'http://traces:4318/custom/path' });
  });

  it('is switched on by OTEL_TRACES_EXPORTER=otlp alone, to the default local endpoint', () => {
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({ enabled: true, url: 'http://localhost:4318/v1/traces' });
  });

  it('is kept off by OTEL_SDK_DISABLED=true and by OTEL_TRACES_EXPORTER=none, whatever the endpoint', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toEqual({ enabled: false });
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toEqual({ enabled: false });
    expect(loadTracingConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toEqual({ enabled: false });
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'false' })).toMatchObject({ enabled: true });
  });

  it('reads the protocol (the signal\'s own first); grpc and unknown protocols stop the start', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadTracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })).toMatchObject({ protocol: 'http/protobuf' });
    expect(loadTracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }))
      .toMatchObject({ protocol: 'http/json' });
    expect(() => loadTracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported/);
    expect(() => loadTracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'thrift' })).toThrow(ConfigError);
  });

  it('checks every variable even while tracing is off (a typo does not wait for the day it is switched on)', () => {
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(ConfigError);
    expect(() => loadTracingConfig({ OTEL_SDK_DISABLED: 'yes please' })).toThrow(/OTEL_SDK_DISABLED/);
    expect(() => loadTracingConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER: 'zipkin' is not supported/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
  });

  it('merges the headers, the signal\'s own over the general ones, values percent-decoded', () => {
    expect(loadTracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=general, x-tenant=acme%20corp',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'api-key=traces',
    })).toMatchObject({ headers: { 'api-key': 'traces', 'x-tenant': 'acme corp' } });
  });

  it('names a malformed header entry by position, never its value', () => {
    let error: Error | undefined;
    try {
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'ok=1,secret-token-without-a-key' });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toBe('OTEL_EXPORTER_OTLP_HEADERS: entry 2 must be key=value');
    expect(error?.message).not.toContain('secret-token');
  });

  it('takes service.name from OTEL_SERVICE_NAME over OTEL_RESOURCE_ATTRIBUTES', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadTracingConfig({ ...endpoint, OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,deployment.environment.name=prod' }))
      .toMatchObject({ serviceName: 'from-attrs', resourceAttributes: { 'deployment.environment.name': 'prod' } });
    expect(loadTracingConfig({ ...endpoint, OTEL_SERVICE_NAME: 'o2c-eu', OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' }))
      .toMatchObject({ serviceName: 'o2c-eu' });
  });

  it('reads the export timeout and the sampler', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadTracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: '2000', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '3000' })).toMatchObject({ timeoutMs: 3000 });
    expect(loadTracingConfig({ ...endpoint, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }))
      .toMatchObject({ sampler: { name: 'parentbased_traceidratio', ratio: 0.25 } });
    expect(() => loadTracingConfig({ ...endpoint, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
    expect(() => loadTracingConfig({ ...endpoint, OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(/OTEL_TRACES_SAMPLER/);
    expect(() => loadTracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: '-1' })).toThrow(/OTEL_EXPORTER_OTLP_TIMEOUT/);
  });

  it('logs the endpoint without credentials or query', () => {
    expect(loggableEndpoint('https://user:pass@otel.example.com:4318/v1/traces?token=abc')).toBe('https://otel.example.com:4318/v1/traces');
  });

  it('parses key=value lists', () => {
    expect(parseKeyValueList('X', 'a=1,,b = two=2 ')).toEqual({ a: '1', b: 'two=2' });
    expect(() => parseKeyValueList('X', 'a=%E0%A4%A')).toThrow('X: entry 1 has a value that is not percent-encoded correctly');
  });
});
