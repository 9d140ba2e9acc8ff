import { readFile } from 'node:fs/promises';
import { Connection } from 'jsforce';
import { SignJWT, importPKCS8 } from 'jose';
import { SalesforceAuth } from '../../config/gateway-config';
import { AsyncLocalStorage } from 'node:async_hooks';
import { REQUEST_ID_HEADER, currentRequestId } from '../../observability/request-scope';
import type { GatewayTracing } from '../../observability/tracing/gateway-tracing';

/**
 * jsforce refreshes the session on every 401 and replays the request, without
 * end: a session refused again right after its refresh (a revoked connected
 * app, a user without API access, an IP restriction) would loop for ever.
 * Each call made through `withRefreshBudget` may refresh once; a second
 * refresh in the same call fails, and the call with it (INVALID_SESSION_ID).
 * Outside such a call, a refresh within MIN_REFRESH_INTERVAL_MS of the last
 * one fails the same way.
 */
export const MIN_REFRESH_INTERVAL_MS = 2_000;

const refreshBudget = new AsyncLocalStorage<{ refreshes: number }>();
/**
 * Connections opened that can refresh their session (OAuth2 client credentials, JWT bearer). A
 * ready session (SALESFORCE_ACCESS_TOKEN) never refreshes: with no such connection there is no
 * budget to keep, and calls run without the AsyncLocalStorage (whose promise hooks every promise
 * of the process pays for on Node 20: bench/findings.md).
 */
let refreshingConnections = 0;

/** Runs one upstream call (with jsforce's own paging and replays) allowing it one session refresh. */
export function withRefreshBudget<T>(fn: () => Promise<T>): Promise<T> {
  return refreshingConnections > 0 ? refreshBudget.run({ refreshes: 0 }, fn) : fn();
}

/**
 * Opens a jsforce connection for one of the three ways the configuration allows:
 * a ready session, OAuth2 client credentials, or the JWT bearer flow.
 *
 * When a session expires (401) jsforce calls `refreshFn` (concurrent requests
 * share one refresh) and replays the request; we log in again the same way,
 * once per call (see withRefreshBudget), not in a loop.
 *
 * Every request carries the gateway request's id in `x-request-id` and, with tracing on, the
 * current span's `traceparent`.
 */
export async function openSalesforceConnection(
  auth: SalesforceAuth, apiVersion: string, options: { now?: () => number; tracing?: GatewayTracing | null } = {},
): Promise<Connection> {
  const now = options.now ?? Date.now;
  const tracing = options.tracing ?? null;
  if (auth.kind === 'session') {
    return withRequestIds(new Connection({ instanceUrl: auth.instanceUrl, accessToken: auth.accessToken, version: apiVersion, httpProxy: undefined }), tracing);
  }
  refreshingConnections += 1;
  const login = async (): Promise<{ accessToken: string; instanceUrl: string }> => tokenFor(auth);
  const first = await login();
  let lastRefreshAt = Number.NEGATIVE_INFINITY; // the first login is not a refresh
  return withRequestIds(new Connection({
    instanceUrl: first.instanceUrl,
    accessToken: first.accessToken,
    version: apiVersion,
    refreshFn: (conn, callback) => {
      const budget = refreshBudget.getStore();
      const spent = budget ? budget.refreshes >= 1 : now() - lastRefreshAt < MIN_REFRESH_INTERVAL_MS;
      if (spent) {
        callback(Object.assign(new Error('INVALID_SESSION_ID: the session was refreshed for this call already and is refused again'),
          { errorCode: 'INVALID_SESSION_ID' }));
        return;
      }
      if (budget) budget.refreshes += 1;
      login().then(
        (session) => {
          lastRefreshAt = now();
          // A new login may land on another instance (org migration): follow it.
          (conn as Connection).instanceUrl = session.instanceUrl;
          callback(null, session.accessToken, { access_token: session.accessToken, instance_url: session.instanceUrl } as never);
        },
        (err: Error) => callback(err),
      );
    },
  }), tracing);
}

interface TransportLike {
  httpRequest(req: { headers?: Record<string, string> } & Record<string, unknown>, options?: unknown): unknown;
}

/**
 * Adds `x-request-id: <the current gateway request>` to every HTTP request the connection sends,
 * and with tracing on the current span's `traceparent` (the Salesforce call's span).
 */
function withRequestIds(conn: Connection, tracing: GatewayTracing | null): Connection {
  const transport = (conn as unknown as { _transport: TransportLike })._transport;
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, opts) => {
    const requestId = currentRequestId();
    return send(requestId ? { ...req, headers: { ...req.headers, [REQUEST_ID_HEADER]: requestId } } : req, opts);
  };
  if (tracing) {
    const sendWithRequestId = transport.httpRequest;
    transport.httpRequest = (req, opts) => {
      const headers = { ...req.headers };
      tracing.injectInto(headers);
      return sendWithRequestId({ ...req, headers }, opts);
    };
  }
  return conn;
}

async function tokenFor(auth: Exclude<SalesforceAuth, { kind: 'session' }>): Promise<{ accessToken: string; instanceUrl: string }> {
  const form = new URLSearchParams();
  if (auth.kind === 'clientCredentials') {
    form.set('grant_type', 'client_credentials');
    form.set('client_id', auth.clientId);
    form.set('client_secret', auth.clientSecret);
  } else {
    const key = await importPKCS8(await readFile(auth.privateKeyFile, 'utf8'), 'RS256');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(auth.clientId)
      .setSubject(auth.username)
      .setAudience(auth.audience)
      .setExpirationTime('3m')
      .sign(key);
    form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    form.set('assertion', assertion);
  }
  const response = await fetch(`${auth.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form,
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; instance_url?: string; error?: string };
  if (!response.ok || !body.access_token || !body.instance_url) {
    // The error code only: the body may echo request parameters.
    throw new Error(`Salesforce login failed (${response.status} ${body.error ?? 'no token'})`);
  }
  return { accessToken: body.access_token, instanceUrl: body.instance_url };
}
