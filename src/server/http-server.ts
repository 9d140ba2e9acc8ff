import http, { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { GatewayContext, createGatewayContext } from '../context/gateway-context';
import { GatewayServices } from '../services/gateway-services';
import { Authenticator } from './authenticator';
import { CorsPolicy } from './cors-policy';
import { Logger } from './logger';
import { RateLimiter } from './rate-limit/rate-limiter';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { GatewayError } from '../errors/gateway-error';
import { withRequestTimeout } from './limits/request-timeout';

export const MAX_BODY_BYTES = 1_000_000;

export interface HttpServerOptions {
  apollo: ApolloServer<GatewayContext>;
  services: GatewayServices;
  authenticator: Authenticator;
  cors: CorsPolicy;
  logger: Logger;
  rateLimiter: RateLimiter;
  requestTimeoutMs: number;
  metrics: GatewayMetrics;
  /** Extra GET routes (e.g. /sandbox in sandbox mode). */
  routes?: Record<string, () => unknown>;
  readiness: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function errorBody(code: string, message: string): unknown {
  return { errors: [{ message, extensions: { code } }] };
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The gateway's HTTP integration (node:http + Apollo's executeHTTPGraphQLRequest):
 * CORS, body limit, authentication and request ids happen here, in one place;
 * resolvers never see a raw header.
 */
export function createHttpServer(opts: HttpServerOptions): http.Server {
  const { apollo, services, authenticator, cors, logger } = opts;

  return http.createServer(async (req, res) => {
    const requestId = typeof req.headers['x-request-id'] === 'string' && /^[\w.-]{1,100}$/.test(req.headers['x-request-id'])
      ? req.headers['x-request-id'] : randomUUID();
    res.setHeader('x-request-id', requestId);
    const origin = req.headers.origin;
    const allowed = cors.allows(origin);
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, allowed ? cors.preflightHeaders(origin) : {});
        res.end();
        return;
      }
      const corsHeaders = allowed ? cors.responseHeaders(origin) : {};
      if (req.method === 'GET' && url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' }, corsHeaders);
      if (req.method === 'GET' && url.pathname === '/readyz') {
        const readiness = await opts.readiness();
        return sendJson(res, readiness.ok ? 200 : 503, { status: readiness.ok ? 'ready' : 'not ready', checks: readiness.checks }, corsHeaders);
      }
      if (req.method === 'GET' && url.pathname === '/metrics') {
        const text = await opts.metrics.text();
        res.writeHead(200, { 'content-type': opts.metrics.contentType });
        res.end(text);
        return;
      }
      const route = req.method === 'GET' ? opts.routes?.[url.pathname] : undefined;
      if (route) return sendJson(res, 200, route(), corsHeaders);
      if (url.pathname !== '/graphql') return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found'), corsHeaders);
      if (req.method !== 'POST' && req.method !== 'GET') {
        return sendJson(res, 405, errorBody('METHOD_NOT_ALLOWED', 'Use POST (or GET for queries)'), { ...corsHeaders, allow: 'GET, POST, OPTIONS' });
      }

      let raw: string;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          res.setHeader('connection', 'close');
          return sendJson(res, 413, errorBody('PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`), corsHeaders);
        }
        throw err;
      }

      const principal = await authenticator.authenticate(req.headers.authorization);
      if (!principal) {
        return sendJson(res, 401, errorBody('UNAUTHENTICATED', 'A valid API key is required: Authorization: Bearer <key>.'),
          { ...corsHeaders, 'www-authenticate': 'Bearer' });
      }

      const verdict = opts.rateLimiter.take(principal.id);
      if (!verdict.allowed) {
        return sendJson(res, 429, errorBody('RATE_LIMITED', `Too many requests for this API key; retry after ${verdict.retryAfterSeconds} s.`),
          { ...corsHeaders, 'retry-after': String(verdict.retryAfterSeconds) });
      }

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown = undefined;
      const contentType = req.headers['content-type'] ?? '';
      if (req.method === 'POST') {
        if (!/^application\/(graphql-response\+)?json\b/i.test(contentType)) {
          return sendJson(res, 415, errorBody('BAD_REQUEST', 'Send the request as application/json.'), corsHeaders);
        }
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(res, 400, errorBody('BAD_REQUEST', 'The request body is not valid JSON.'), corsHeaders);
        }
      }

      let response;
      try {
        response = await withRequestTimeout(apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
          context: async () => createGatewayContext(services, principal, requestId),
        }), opts.requestTimeoutMs);
      } catch (err) {
        if (err instanceof GatewayError && err.code === 'REQUEST_TIMEOUT') {
          return sendJson(res, 504, errorBody('REQUEST_TIMEOUT', err.message), corsHeaders);
        }
        throw err;
      }
      for (const [key, value] of response.headers) res.setHeader(key, value);
      for (const [key, value] of Object.entries(corsHeaders)) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (err) {
      logger.error({ err: { message: (err as Error).message, name: (err as Error).name }, requestId }, 'request failed');
      // An allowed browser caller must be able to read this error too (else it sees only "Failed to fetch").
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'), allowed ? cors.responseHeaders(origin) : {});
      else res.end();
    }
  });
}
