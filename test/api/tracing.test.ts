/**
 * OpenTelemetry, end to end: the gateway configured by OTEL_* variables exports its spans over
 * OTLP/HTTP to an in-process receiver (a plain node:http server accepting POST /v1/traces, as
 * a collector's OTLP/HTTP receiver does). A caller's W3C traceparent is continued, the
 * operation's span has children for the Salesforce, Stigg and journal calls, every span carries
 * the request id, and both emulators receive a traceparent of the same trace. With no OTEL_*
 * variable nothing is traced and no traceparent is sent.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingProxy, startRecordingProxy, startUpstreamStack } from '../helpers/upstream-stack';
import { RecordedGraphQLRequest, StiggEmulator, startStiggEmulator } from '../../src/sandbox/stigg/stigg-emulator';
import { SalesforceEmulator, startSalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { OPP } from '../helpers/provisioning-helpers';

interface OtlpAttribute { key: string; value: { stringValue?: string; arrayValue?: { values: Array<{ stringValue?: string }> } } }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  attributes: OtlpAttribute[]; status?: { code?: number };
}
interface ReceivedExport { contentType: string; headers: http.IncomingHttpHeaders; body: Buffer }

/** OTLP span kinds (opentelemetry-proto trace.proto). */
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

interface OtlpReceiver { url: string; exports: ReceivedExport[]; close(): Promise<void> }

/** An OTLP/HTTP receiver on a free loopback port: keeps every POST /v1/traces and answers 200 as a collector does. */
async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const contentType = String(req.headers['content-type'] ?? '');
      exports.push({ contentType, headers: req.headers, body: Buffer.concat(chunks) });
      if (contentType.startsWith('application/json')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        // An empty ExportTraceServiceResponse.
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function jsonSpans(receiver: OtlpReceiver): Array<OtlpSpan & { resource: Record<string, string> }> {
  return receiver.exports.filter((e) => e.contentType.startsWith('application/json')).flatMap((e) => {
    const payload = JSON.parse(e.body.toString('utf8')) as {
      resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
    };
    return payload.resourceSpans.flatMap((rs) => {
      const resource = Object.fromEntries(rs.resource.attributes.map((a) => [a.key, a.value.stringValue ?? '']));
      return rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => ({ ...span, resource })));
    });
  });
}

function attr(span: OtlpSpan, key: string): string | undefined {
  return span.attributes.find((a) => a.key === key)?.value.stringValue;
}

/** A caller's W3C trace context: version 00, sampled. */
function callerTrace(): { traceId: string; spanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;
const READ_LINKS = 'query Links($id: ID!) { opportunity(id: $id) { id name stiggSubscriptionId subscription { id status } } }';
const PROVISION = 'mutation Provision($input: ProvisionOpportunityInput!) { provisionOpportunity(input: $input) { status subscriptionId } }';

const ROOT = join(__dirname, '../..');
const REGISTER = join(ROOT, 'test/helpers/ts-register-cached.js');
const KEY = 'tracing-test-key-all-scopes-0001';

interface TracedGateway { url: string; stdout: string[]; stop(): Promise<void> }

/**
 * `npm start` against the emulators of this process (src/main.ts as a child process, configured by
 * variables only, as in production): the OTLP exporter loads node:http with a dynamic import(),
 * which jest's module sandbox refuses, so the traced gateway runs as its own process. `stop` is
 * SIGTERM: the graceful shutdown that sends the last spans.
 */
async function startTracedGateway(env: Record<string, string>, upstreams: { salesforceUrl: string; accessToken: string; stigg: StiggEmulator }): Promise<TracedGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'o2c-tracing-'));
  const child = spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'src/main.ts')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', JOURNAL_PATH: join(dir, 'journal.db'),
      SALESFORCE_INSTANCE_URL: upstreams.salesforceUrl, SALESFORCE_ACCESS_TOKEN: upstreams.accessToken,
      STIGG_API_KEY: upstreams.stigg.apiKey, STIGG_BASE_URI: upstreams.stigg.url,
      GATEWAY_API_KEYS: `${KEY}:read,provision,credits,admin`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within 60 s: ${stderr}`)), 60_000);
    let pending = '';
    child.stdout!.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const listening = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"gateway listening"/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}): ${stderr}`));
    });
  });
  return {
    url,
    stdout,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function graphql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ errors?: unknown; data?: any }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { errors?: unknown; data?: any };
}

interface Upstreams { salesforce: SalesforceEmulator; proxy: RecordingProxy; stigg: StiggEmulator; stiggRequests: RecordedGraphQLRequest[]; stop(): Promise<void> }

/** Both emulators on free loopback ports, Salesforce behind a recording proxy, Stigg recording what it receives. */
async function startUpstreams(): Promise<Upstreams> {
  const stiggRequests: RecordedGraphQLRequest[] = [];
  const salesforce = await startSalesforceEmulator({ port: 0 });
  const proxy = await startRecordingProxy(salesforce.url);
  const stigg = await startStiggEmulator({ port: 0, onRequest: (request) => stiggRequests.push(request) });
  return {
    salesforce, proxy, stigg, stiggRequests,
    async stop() {
      await proxy.close();
      await Promise.all([salesforce.stop(), stigg.stop()]);
    },
  };
}

describe('tracing on (OTLP/HTTP JSON)', () => {
  let receiver: OtlpReceiver;
  let upstreams: Upstreams;
  let gateway: TracedGateway;
  const caller = callerTrace();
  const spans: Array<OtlpSpan & { resource: Record<string, string> }> = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    upstreams = await startUpstreams();
    gateway = await startTracedGateway({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'o2c-gateway-under-test',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=collector-secret-0001',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
    }, { salesforceUrl: upstreams.proxy.url, accessToken: upstreams.salesforce.credentials.accessToken, stigg: upstreams.stigg });
    const provisioned = await graphql(gateway.url, PROVISION, { input: { opportunityId: OPP.acme } },
      { traceparent: caller.traceparent, 'x-request-id': 'trace-test-provision' });
    expect(provisioned.errors).toBeUndefined();
    const read = await graphql(gateway.url, READ_LINKS, { id: OPP.acme }, { 'x-request-id': 'trace-test-read' });
    expect(read.errors).toBeUndefined();
    // A graceful stop (SIGTERM) sends what the batch processor still holds.
    await gateway.stop();
    spans.push(...jsonSpans(receiver));
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await upstreams?.stop();
    await receiver?.close();
  });

  const ofTrace = (traceId: string) => spans.filter((s) => s.traceId === traceId);
  const operationSpan = () => ofTrace(caller.traceId).find((s) => s.kind === SPAN_KIND_SERVER)!;

  it('continues the caller\'s trace: one operation span, a child of the caller\'s span, named by the operation', () => {
    const servers = ofTrace(caller.traceId).filter((s) => s.kind === SPAN_KIND_SERVER);
    expect(servers).toHaveLength(1);
    const [operation] = servers;
    expect(operation.parentSpanId).toBe(caller.spanId);
    expect(operation.name).toBe('mutation Provision');
    expect(attr(operation, 'graphql.operation.type')).toBe('mutation');
    expect(attr(operation, 'graphql.operation.name')).toBe('Provision');
    const principal = attr(operation, 'gateway.principal_id');
    expect(principal).toEqual(expect.any(String));
    expect(principal).not.toContain(KEY);
  });

  it('has a child span per Salesforce, Stigg and journal call, under the operation span', () => {
    const operation = operationSpan();
    const children = ofTrace(caller.traceId).filter((s) => s.kind === SPAN_KIND_CLIENT);
    for (const child of children) expect(child.parentSpanId).toBe(operation.spanId);
    const salesforce = children.filter((s) => attr(s, 'server.service.name') === 'salesforce');
    const stigg = children.filter((s) => attr(s, 'server.service.name') === 'stigg');
    const journal = children.filter((s) => attr(s, 'db.system.name') === 'sqlite');
    expect(salesforce.map((s) => s.name)).toEqual(expect.arrayContaining(['salesforce query']));
    expect(stigg.map((s) => s.name)).toEqual(expect.arrayContaining(['stigg provisionSubscription']));
    expect(journal.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^journal runs\./)]));
    expect(salesforce.length + stigg.length + journal.length).toBe(children.length);
  });

  it('puts the request id on every span of the trace', () => {
    const trace = ofTrace(caller.traceId);
    expect(trace.length).toBeGreaterThan(3);
    for (const span of trace) expect({ span: span.name, requestId: attr(span, 'gateway.request_id') }).toEqual({ span: span.name, requestId: 'trace-test-provision' });
  });

  it('sends the trace to Salesforce: each request carries a traceparent of the caller\'s trace, parented by its Salesforce span', () => {
    const salesforceSpanIds = new Set(ofTrace(caller.traceId).filter((s) => attr(s, 'server.service.name') === 'salesforce').map((s) => s.spanId));
    const sent = upstreams.proxy.requests.filter((r) => r.headers['x-request-id'] === 'trace-test-provision');
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      const [, traceId, parentId] = TRACEPARENT.exec(String(request.headers.traceparent)) ?? [];
      expect({ path: request.path, traceId }).toEqual({ path: request.path, traceId: caller.traceId });
      expect(salesforceSpanIds.has(parentId)).toBe(true);
    }
  });

  it('sends the trace to Stigg with the gateway\'s own documents, parented by their Stigg spans', () => {
    const stiggSpanIds = new Set(ofTrace(caller.traceId).filter((s) => attr(s, 'server.service.name') === 'stigg').map((s) => s.spanId));
    // The SDK's own requests (provisionCustomer here) take no extra headers: neither the request id nor a traceparent (README, Tracing).
    const sent = upstreams.stiggRequests.filter((r) => r.headers['x-request-id'] === 'trace-test-provision');
    expect(sent.map((r) => r.operations).flat()).toEqual(expect.arrayContaining(['provisionSubscriptionV2']));
    for (const request of sent) {
      const [, traceId, parentId] = TRACEPARENT.exec(String(request.headers.traceparent)) ?? [];
      expect({ operations: request.operations, traceId }).toEqual({ operations: request.operations, traceId: caller.traceId });
      expect(stiggSpanIds.has(parentId)).toBe(true);
    }
  });

  it('starts a new trace for a request without traceparent, its operation span the root', () => {
    const read = spans.filter((s) => attr(s, 'gateway.request_id') === 'trace-test-read');
    const [operation] = read.filter((s) => s.kind === SPAN_KIND_SERVER);
    expect(operation.name).toBe('query Links');
    expect(operation.parentSpanId ?? '').toBe('');
    expect(operation.traceId).not.toBe(caller.traceId);
    expect(new Set(read.map((s) => s.traceId))).toEqual(new Set([operation.traceId]));
    expect(read.filter((s) => attr(s, 'server.service.name') === 'salesforce').length).toBeGreaterThan(0);
    expect(read.filter((s) => attr(s, 'server.service.name') === 'stigg').length).toBeGreaterThan(0);
  });

  it('exports with the configured resource and headers, and never logs the headers', () => {
    expect(spans[0].resource['service.name']).toBe('o2c-gateway-under-test');
    expect(spans[0].resource['deployment.environment.name']).toBe('test');
    for (const e of receiver.exports) expect(e.headers['x-collector-key']).toBe('collector-secret-0001');
    expect(gateway.stdout.join('\n')).not.toContain('collector-secret-0001');
    expect(gateway.stdout.some((line) => line.includes('tracing on'))).toBe(true);
  });
});

describe('tracing on (OTLP/HTTP protobuf)', () => {
  it('exports the spans as protobuf to the traces endpoint', async () => {
    const receiver = await startOtlpReceiver();
    const upstreams = await startUpstreams();
    const caller = callerTrace();
    try {
      const gateway = await startTracedGateway(
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
        { salesforceUrl: upstreams.proxy.url, accessToken: upstreams.salesforce.credentials.accessToken, stigg: upstreams.stigg });
      const read = await graphql(gateway.url, READ_LINKS, { id: OPP.acme }, { traceparent: caller.traceparent });
      expect(read.errors).toBeUndefined();
      await gateway.stop();
      expect(receiver.exports.length).toBeGreaterThan(0);
      for (const e of receiver.exports) expect(e.contentType).toBe('application/x-protobuf');
      // Protobuf carries ids as raw bytes and names as UTF-8: the caller's trace and span ids and the operation's name are in the body.
      const body = Buffer.concat(receiver.exports.map((e) => e.body));
      expect(body.includes(Buffer.from(caller.traceId, 'hex'))).toBe(true);
      expect(body.includes(Buffer.from(caller.spanId, 'hex'))).toBe(true);
      expect(body.includes(Buffer.from('query Links'))).toBe(true);
    } finally {
      await upstreams.stop();
      await receiver.close();
    }
  }, 120_000);
});

describe('tracing off (no OTEL_* variable)', () => {
  it('sends no traceparent to either upstream', async () => {
    let proxy: RecordingProxy | undefined;
    const stiggRequests: RecordedGraphQLRequest[] = [];
    const stack = await startUpstreamStack({
      salesforceUrl: async (target) => { proxy = await startRecordingProxy(target); return proxy.url; },
      stigg: { onRequest: (request) => stiggRequests.push(request) },
    });
    try {
      const caller = callerTrace();
      const read = await stack.graphql(READ_LINKS, { id: OPP.acme }, { headers: { traceparent: caller.traceparent } });
      expect(read.body.errors).toBeUndefined();
      expect(proxy!.requests.length).toBeGreaterThan(0);
      expect(stiggRequests.length).toBeGreaterThan(0);
      expect(proxy!.requests.filter((r) => r.headers.traceparent !== undefined)).toEqual([]);
      expect(stiggRequests.filter((r) => r.headers.traceparent !== undefined)).toEqual([]);
      expect(stack.logs.some((line) => line.includes('tracing on'))).toBe(false);
    } finally {
      await stack.stop();
      await proxy?.close();
    }
  }, 60_000);
});
