/**
 * The Salesforce REST API emulator: the subset of the REST API (and OAuth 2.0 endpoints) that
 * jsforce 3.10.16 uses, served over plain HTTP so that the real jsforce talks to it unchanged with
 * `instanceUrl` (and `loginUrl`) pointing here. See ./README.md for endpoints, rules and assumptions.
 *
 * This file starts and stops the server and dispatches each request: URI limits, the sandbox
 * control plane, the route table (routes/), counters and faults, auth, the daily API quota, then
 * the endpoint inside a store savepoint. Self-contained: imports nothing from the gateway.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SANDBOX_JWT_PRIVATE_KEY } from './dev-jwt-keys';
import { SfError, notFound } from './errors';
import { Counters, failureReply, Faults } from './faults';
import { json, Reply } from './http';
import { OAuthError, ORG_ID, SandboxCredentials, Sessions } from './oauth';
import { salesforceRoutes, sandboxControl } from './routes';
import { loadSeed, readSeed } from './seed';
import { Store } from './store';

export interface SalesforceEmulatorOptions {
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  /** Directory holding salesforce.json (SANDBOX_SEED); defaults to the bundled src/sandbox/seed. */
  seedDir?: string;
  /** Version advertised in credentials and versions list; every vNN.0 from 20.0 to 66.0 is served. */
  apiVersion?: string;
  /** DailyApiRequests.Max reported by /limits and Sforce-Limit-Info (default 15,000). */
  dailyApiLimit?: number;
  /** When true, requests beyond dailyApiLimit get 403 REQUEST_LIMIT_EXCEEDED (default false). */
  enforceDailyApiLimit?: boolean;
  /** Open query cursors kept per org before the oldest is dropped (default 10). */
  maxOpenCursors?: number;
}

export interface SalesforceEmulator {
  /** http://host:port — both the instance URL and the login URL. */
  url: string;
  credentials: SandboxCredentials & { loginUrl: string; instanceUrl: string };
  faults: Faults;
  counters: Counters;
  store: Store;
  sessions: Sessions;
  /** API requests counted against DailyApiRequests since start (or the last resetApiUsage). */
  apiUsage(): { used: number; max: number };
  resetApiUsage(): void;
  /** Serves another emulator's control requests under /__sandbox/ (e.g. /__sandbox/pubsub/*): a handler answers its paths, undefined for others. */
  addControl(handler: (method: string, path: string, rawBody: string) => Reply | undefined): void;
  stop(): Promise<void>;
}

const MAX_URI_BYTES = 16_384;

export async function startSalesforceEmulator(opts: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const apiVersion = opts.apiVersion ?? '62.0';
  const dailyMax = opts.dailyApiLimit ?? 15_000;

  const store = new Store();
  loadSeed(store, readSeed(opts.seedDir));
  const faults = new Faults();
  const counters = new Counters();
  let apiUsed = 0;
  let baseUrl = '';

  const credentials: SandboxCredentials = {
    clientId: 'sandbox-client-id',
    clientSecret: 'sandbox-client-secret',
    accessToken: `${ORG_ID.slice(0, 15)}!SANDBOX.development-access-token`,
    apiVersion,
    username: 'sandbox@example.com',
    password: 'sandbox-password',
    refreshToken: 'sandbox-development-refresh-token',
    authorizationCode: 'sandbox-development-authorization-code',
    jwtPrivateKey: SANDBOX_JWT_PRIVATE_KEY,
  };
  const sessions = new Sessions(credentials);
  const routes = salesforceRoutes({
    store,
    sessions,
    credentials,
    apiVersion,
    dailyMax,
    maxOpenCursors: opts.maxOpenCursors ?? 10,
    baseUrl: () => baseUrl,
    apiUsed: () => apiUsed,
  });
  const control = sandboxControl(faults, counters);
  const extraControls: Array<(method: string, path: string, rawBody: string) => Reply | undefined> = [];

  const pendingTimers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        pendingTimers.delete(t);
        resolve();
      }, ms);
      pendingTimers.add(t);
    });

  function send(res: ServerResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = {
      'Sforce-Limit-Info': `api-usage=${apiUsed}/${dailyMax}`,
      ...(reply.headers ?? {}),
    };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const isText = typeof reply.body === 'string' && headers['Content-Type'];
    const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'Content-Type': 'application/json;charset=UTF-8',
      ...headers,
      'Content-Length': String(Buffer.byteLength(payload)),
    });
    res.end(payload);
  }

  function errorReply(e: unknown): Reply {
    if (e instanceof SfError) return json(e.status, e.toBody());
    if (e instanceof OAuthError) return json(e.status, e.toBody());
    return json(500, [{ message: `Sandbox error: ${(e as Error)?.message ?? String(e)}`, errorCode: 'UNKNOWN_EXCEPTION' }]);
  }

  function bearerToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | undefined {
    const h = req.headers.authorization;
    const m = h ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h) : null;
    if (m) return m[1].trim();
    return allowQuery ? (url.searchParams.get('oauth_token') ?? undefined) : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    // Status Codes and Error Responses: 414 when the URI exceeds 16,384 bytes; 431 when URI + headers do.
    const uriBytes = Buffer.byteLength(rawUrl);
    if (uriBytes > MAX_URI_BYTES) {
      req.resume();
      return send(res, json(414, [{ message: 'The request URI exceeds the 16,384 byte limit', errorCode: 'URI_TOO_LONG' }]));
    }
    let headerBytes = 0;
    for (let i = 0; i < req.rawHeaders.length; i += 2) headerBytes += req.rawHeaders[i].length + req.rawHeaders[i + 1].length + 4;
    if (uriBytes + headerBytes > MAX_URI_BYTES) {
      req.resume();
      return send(
        res,
        json(431, [{ message: 'The combined URI and headers exceed the 16,384 byte limit', errorCode: 'REQUEST_HEADER_FIELDS_TOO_LARGE' }]),
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(rawUrl, 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname.startsWith('/__sandbox/')) {
      const path = url.pathname.replace(/\/+$/, '');
      for (const handler of extraControls) {
        const answer = handler(req.method ?? 'GET', path, rawBody);
        if (answer) return send(res, answer);
      }
      return send(res, control(req.method ?? 'GET', path, rawBody));
    }

    let matched: ReturnType<typeof routes.match>;
    try {
      const path = url.pathname.replace(/\/+$/, '') || '/';
      const segs = path.split('/').slice(1).map((s) => decodeURIComponent(s));
      matched = routes.match(method, segs, { url, rawBody, headers: req.headers });
    } catch (e) {
      return send(res, errorReply(e));
    }
    if (!matched) return send(res, json(404, notFound().toBody()));
    if ('reply' in matched) return send(res, matched.reply);
    const { endpoint, req: routeReq } = matched;
    const refused = endpoint.refuse?.(routeReq);
    if (refused) return send(res, refused);

    counters.increment(endpoint.op);
    const decision = faults.decide([endpoint.op]);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.failure && decision.phase === 'before') {
      const f = failureReply(decision.failure, endpoint.op);
      if (f === 'drop') return void req.socket.destroy();
      return send(res, f);
    }

    if (endpoint.auth !== 'none') {
      const token = bearerToken(req, url, endpoint.auth === 'identity');
      if (!sessions.lookup(token)) {
        return send(res, json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]));
      }
    }
    if (endpoint.api) {
      if (opts.enforceDailyApiLimit && apiUsed >= dailyMax) {
        return send(res, json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]));
      }
      apiUsed += 1;
    }

    let reply: Reply;
    const sp = store.savepoint();
    try {
      reply = await endpoint.run(routeReq);
      store.commit();
    } catch (e) {
      store.rollback(sp);
      store.commit();
      reply = errorReply(e);
    }
    if (decision.failure && decision.phase === 'after') {
      const f = failureReply(decision.failure, endpoint.op);
      if (f === 'drop') return void req.socket.destroy();
      return send(res, f);
    }
    send(res, reply);
  }

  const server: Server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, errorReply(e));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopped = false;
  return {
    url: baseUrl,
    credentials: { ...credentials, loginUrl: baseUrl, instanceUrl: baseUrl },
    faults,
    counters,
    store,
    sessions,
    apiUsage: () => ({ used: apiUsed, max: dailyMax }),
    resetApiUsage: () => {
      apiUsed = 0;
    },
    addControl: (handler) => {
      extraControls.push(handler);
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
