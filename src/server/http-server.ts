import http, { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { GatewayContext, createGatewayContext } from '../context/gateway-context';
import { GatewayServices } from '../services/gateway-services';
import { REQUEST_ID_HEADER } from '../observability/request-scope';
import { Authenticator } from './authenticator';
import { CorsPolicy } from './cors-policy';
import { Logger } from '../observability/logger';
import { RateLimiter } from './rate-limit/rate-limiter';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { RequestMetricsState, attachMetricsState } from './metrics/metrics-plugin';
import { GatewayError } from '../errors/gateway-error';
import { ErrorCode } from '../errors/error-codes';
import { withRequestTimeout } from './limits/request-timeout';
import { ExplorerRoute } from './explorer/explorer-route';
import { requestErrorStatus } from './request-error-status';
import { handleStiggWebhook, STIGG_WEBHOOK_PATH } from './webhooks/stigg-webhook-route';
import type { GatewayTracing } from '../observability/tracing/gateway-tracing';

export interface HttpServerOptions {
  apollo: ApolloServer<GatewayContext>;
  services: GatewayServices;
  authenticator: Authenticator;
  cors: CorsPolicy;
  logger: Logger;
  rateLimiter: RateLimiter;
  requestTimeoutMs: number;
  /** Largest request body accepted (GATEWAY_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  metrics: GatewayMetrics;
  /** Extra GET routes (e.g. /sandbox in sandbox mode). */
  routes?: Record<string, () => unknown>;
  /** GraphiQL at GET /graphql for browsers, and its files (where introspection is on); absent: no explorer. */
  explorer?: ExplorerRoute;
  readiness: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  /** True once shutdown has begun: new requests are refused (503 SHUTTING_DOWN), connections are not kept alive. */
  draining?: () => boolean;
  /** OpenTelemetry, when OTEL_* switches it on: each GraphQL operation runs under its span. Absent or null: nothing traced. */
  tracing?: GatewayTracing | null;
}

const REQUEST_ID_FORMAT = /^[\w.:-]{1,100}$/;
/** Operation label for requests refused before GraphQL saw them (auth, rate limit, body, content type). */
const NO_OPERATION = 'none';
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

interface Exchange {
  requestId: string;
  started: number;
  principalId?: string;
  operation?: string;
  /** The outcome recorded in the access log: 'ok' or the error code sent. */
  outcome?: string;
}

/** Sends a JSON answer; with `hold`, the whole answer is written but the exchange ends (and a closing connection closes) only when `hold` says. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, hold?: (end: () => void) => void): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  if (!hold) {
    res.end(text);
    return;
  }
  res.write(text);
  hold(() => res.end());
}

function errorBody(code: ErrorCode | 'NOT_FOUND', message: string, extensions: Record<string, unknown> = {}): unknown {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

/** What readBody answers for a body over the limit: the rest of the body is left unread. */
const TOO_LARGE = Symbol('body too large');

/**
 * After a 413 the rest of the body is read and dropped (as nginx's lingering close) before the
 * connection is closed: a connection closed while the client is still sending is reset, and the
 * client (Node's fetch, a browser) then sees EPIPE / "Failed to fetch" instead of the 413. Up to
 * these, then the connection is closed anyway.
 */
export const DISCARD_MAX_BYTES = 16 * 1024 * 1024;
export const DISCARD_MAX_MS = 5_000;

/** The body, or TOO_LARGE as soon as it is known to be over the limit (what is unread stays unread, the stream paused). */
function readBody(req: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle(() => resolve(TOO_LARGE));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => settle(() => resolve(Buffer.concat(chunks).toString('utf8')));
    const onError = (err: Error): void => settle(() => reject(err));
    const onClose = (): void => settle(() => reject(new Error('the client closed the connection before sending the whole body')));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}

/** Reads and drops what is left of the request body (up to DISCARD_MAX_BYTES or DISCARD_MAX_MS), then calls `done`. */
function discardBody(req: IncomingMessage, done: () => void): void {
  if (req.complete || req.destroyed) {
    done();
    return;
  }
  let discarded = 0;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', finish);
    req.off('close', finish);
    req.off('error', finish);
    done();
  };
  const onData = (chunk: Buffer): void => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) finish();
  };
  const timer = setTimeout(finish, DISCARD_MAX_MS);
  req.on('data', onData);
  req.once('end', finish);
  req.once('close', finish);
  req.once('error', finish);
  req.resume();
}

/**
 * The gateway's HTTP integration (node:http + Apollo's executeHTTPGraphQLRequest):
 * request ids, CORS, authentication, the per-key rate limit, content type,
 * body limit and the request timeout happen here, in one place, before any
 * GraphQL work; resolvers never see a raw header. Every request's id reaches
 * its log lines and upstream calls explicitly (its GraphQL context carries it:
 * no AsyncLocalStorage on the read path, see observability/request-scope.ts),
 * and every request ends with one access log line.
 */
export function createHttpServer(opts: HttpServerOptions): http.Server {
  const { logger } = opts;
  return http.createServer((req, res) => {
    const inbound = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof inbound === 'string' && REQUEST_ID_FORMAT.test(inbound) ? inbound : randomUUID();
    const exchange: Exchange = { requestId, started: performance.now() };
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.setHeader('x-content-type-options', 'nosniff');
    res.once('finish', () => logExchange(logger, req, res, exchange));
    res.once('close', () => {
      if (!res.writableFinished) logExchange(logger, req, res, { ...exchange, outcome: exchange.outcome ?? 'CLIENT_CLOSED' });
    });
    handle(opts, req, res, exchange).catch((err: unknown) => {
      logger.error({ requestId, err: { message: (err as Error).message, name: (err as Error).name } }, 'request failed');
      exchange.outcome = 'INTERNAL_SERVER_ERROR';
      const origin = req.headers.origin;
      // An allowed browser caller must be able to read this error too (else it sees only "Failed to fetch").
      if (!res.headersSent) {
        sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'), opts.cors.allows(origin) ? opts.cors.responseHeaders(origin) : {});
      } else {
        res.end();
      }
    });
  });

  function logExchange(log: Logger, req: IncomingMessage, res: ServerResponse, exchange: Exchange): void {
    const path = (req.url ?? '/').split('?')[0];
    const entry = {
      method: req.method,
      path: path.length > 200 ? `${path.slice(0, 200)}…` : path,
      status: res.statusCode,
      durationMs: Math.round(performance.now() - exchange.started),
      principal: exchange.principalId,
      operation: exchange.operation,
      outcome: exchange.outcome,
      requestId: exchange.requestId,
    };
    if (PROBE_PATHS.has(path) && res.statusCode < 500) log.debug(entry, 'request finished');
    else log.info(entry, 'request finished');
  }
}

async function handle(opts: HttpServerOptions, req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
  const { apollo, services, authenticator, cors, metrics } = opts;
  const origin = req.headers.origin;
  const allowed = cors.allows(origin);
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  const draining = opts.draining?.() ?? false;
  if (draining) res.shouldKeepAlive = false;
  const refuse = (status: number, code: ErrorCode | 'NOT_FOUND', message: string, headers: Record<string, string> = {}, extensions: Record<string, unknown> = {},
    hold?: (end: () => void) => void) => {
    exchange.outcome = code;
    metrics.recordRequest(exchange.operation ?? NO_OPERATION, code, (performance.now() - exchange.started) / 1000);
    sendJson(res, status, errorBody(code, message, extensions), { ...corsHeaders, ...headers }, hold);
  };
  // Caches must not hand one origin's answer to another.
  if (cors.enabled) res.setHeader('vary', 'Origin');

  if (req.method === 'OPTIONS') {
    res.writeHead(204, allowed ? cors.preflightHeaders(origin) : {});
    res.end();
    return;
  }
  const corsHeaders = allowed ? cors.responseHeaders(origin) : {};
  if (req.method === 'GET' && url.pathname === '/healthz') return sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' }, corsHeaders);
  if (req.method === 'GET' && url.pathname === '/readyz') {
    const readiness = draining ? { ok: false, checks: { gateway: 'draining' } } : await opts.readiness();
    return sendJson(res, readiness.ok ? 200 : 503, { status: readiness.ok ? 'ready' : 'not ready', checks: readiness.checks }, corsHeaders);
  }
  if (req.method === 'GET' && url.pathname === '/metrics') {
    const text = await metrics.text();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(text);
    return;
  }
  // Stigg's webhooks authenticate with their own secret header, not an API key (404 when STIGG_WEBHOOK_SECRET is unset).
  const stiggWebhooks = services.stiggWebhooks;
  if (url.pathname === STIGG_WEBHOOK_PATH && stiggWebhooks) {
    exchange.outcome = await handleStiggWebhook(stiggWebhooks.receiver, stiggWebhooks.secret, req, res, draining);
    return;
  }
  const route = req.method === 'GET' ? opts.routes?.[url.pathname] : undefined;
  if (route) return sendJson(res, 200, route(), { ...corsHeaders, 'cache-control': 'no-store' });
  // The explorer's page and files need no key (a browser's navigation sends none): before authentication.
  if (opts.explorer?.handle(req, res, url)) {
    exchange.outcome = 'ok';
    return;
  }
  if (url.pathname !== '/graphql') {
    exchange.outcome = 'NOT_FOUND';
    return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found'), corsHeaders);
  }
  if (req.method !== 'POST' && req.method !== 'GET') {
    return refuse(405, 'METHOD_NOT_ALLOWED', 'Use POST (or GET for queries).', { allow: 'GET, POST, OPTIONS' });
  }
  if (draining) {
    return refuse(503, 'SHUTTING_DOWN', 'The gateway is shutting down; send the request again.', { 'retry-after': '1', connection: 'close' });
  }

  // Who is calling, before any work for them (the body is not even read).
  const auth = await authenticator.authenticate(req.headers.authorization);
  if (!auth.principal) {
    opts.logger.info({ requestId: exchange.requestId, reason: auth.reason }, 'authentication refused');
    return refuse(401, 'UNAUTHENTICATED', 'A valid API key is required: Authorization: Bearer <key>.', { 'www-authenticate': 'Bearer' });
  }
  const principal = auth.principal;
  exchange.principalId = principal.id;

  const verdict = await opts.rateLimiter.take(principal.id);
  if (!verdict.allowed) {
    return refuse(429, 'RATE_LIMITED', `Too many requests for this API key; retry after ${verdict.retryAfterSeconds} s.`,
      { 'retry-after': String(verdict.retryAfterSeconds) }, { retryAfterSeconds: verdict.retryAfterSeconds });
  }

  let body: unknown = undefined;
  if (req.method === 'POST') {
    const contentType = req.headers['content-type'] ?? '';
    if (!/^application\/(graphql-response\+)?json\s*(;|$)/i.test(contentType)) {
      return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request as Content-Type: application/json.');
    }
    const limit = opts.maxBodyBytes;
    const raw = await readBody(req, limit);
    if (raw === TOO_LARGE) {
      // Answered at once; the connection closes behind the answer once the rest of the body is read and dropped.
      return refuse(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`, { connection: 'close' }, { limit },
        (end) => discardBody(req, end));
    }
    try {
      body = JSON.parse(raw);
    } catch {
      return refuse(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    }
    const name = (body as { operationName?: unknown } | null)?.operationName;
    if (typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) exchange.operation = name;
  } else {
    const name = url.searchParams.get('operationName');
    if (name && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) exchange.operation = name;
  }

  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let metricsState: RequestMetricsState | null = null;
  let response;
  try {
    const graphqlRequest = {
      httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
      context: async () => {
        const context = createGatewayContext(services, principal, exchange.requestId);
        metricsState = attachMetricsState(context);
        return context;
      },
    };
    // With tracing off this is the plain call: nothing allocated or wrapped for it.
    const tracing = opts.tracing;
    response = await withRequestTimeout(tracing
      ? tracing.traceOperation(req.headers, exchange.requestId, principal.id, () => apollo.executeHTTPGraphQLRequest(graphqlRequest))
      : apollo.executeHTTPGraphQLRequest(graphqlRequest), opts.requestTimeoutMs);
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'REQUEST_TIMEOUT') {
      // The work goes on (a provisioning step already sent is journaled and resumable); its late answer is not counted twice.
      const state = metricsState as RequestMetricsState | null;
      if (state) {
        state.abandoned = true;
        exchange.operation = state.operation ?? exchange.operation;
      }
      return refuse(504, 'REQUEST_TIMEOUT', err.message, {}, err.extensions);
    }
    throw err;
  }
  for (const [key, value] of response.headers) res.setHeader(key, value);
  for (const [key, value] of Object.entries(corsHeaders)) res.setHeader(key, value);
  res.setHeader('cache-control', 'no-store');
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // 200 for a request error when the answer is application/json (GraphQL over HTTP); 400 with application/graphql-response+json.
    res.statusCode = requestErrorStatus(res.statusCode, response.headers.get('content-type'), response.body.string);
    exchange.outcome = outcomeOf(response.body.string, res.statusCode);
    res.end(response.body.string);
  } else {
    exchange.outcome = 'ok';
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** 'ok', or the first error's code, for the access log. */
function outcomeOf(text: string, status: number): string {
  // Apollo writes `errors` first, so the first code after it is the first error's.
  if (text.startsWith('{"errors":')) return /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? 'error';
  return status < 400 ? 'ok' : `HTTP_${status}`;
}
