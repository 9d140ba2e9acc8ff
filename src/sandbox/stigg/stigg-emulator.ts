import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import {
  DirectiveNode,
  DocumentNode,
  execute,
  ExecutionResult,
  FragmentDefinitionNode,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
  SelectionSetNode,
  validate,
} from 'graphql';
import { FaultInputError, StiggCounters, StiggFailure, StiggFaults } from './faults';
import { createRootValue, StiggContext } from './resolvers';
import { StiggRateLimiter, StiggRateLimitOptions } from './rate-limits';
import { stiggSchema } from './schema';
import { ReferenceConformance } from './reference-conformance';
import { stiggReferenceSchema } from './reference-schema';
import { loadStiggSeed } from './seed';
import { SandboxError, StiggStore } from './store';

export { STIGG_FAILURES } from './faults';
export type { FaultRuleInput, StiggFailure } from './faults';
export { STIGG_SCHEMA_SDL, stiggSchema } from './schema';
export type { StiggSeed } from './seed';
export type { StiggRateLimitOptions, RateLimitStats } from './rate-limits';

export interface RecordedGraphQLRequest {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
  /** root fields of the executed operation (the counters' operation names) */
  operations: string[];
  headers: IncomingHttpHeaders;
}

export interface StiggEmulatorOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (any free port) */
  port?: number;
  /** directory holding stigg.json; default the bundled src/sandbox/seed */
  seedDir?: string;
  /** called for every GraphQL request that carries a document (tests record what clients send) */
  onRequest?: (request: RecordedGraphQLRequest) => void;
  /** enforce Stigg's published rate limits (429 when exceeded); off by default (rate-limits.ts) */
  rateLimits?: StiggRateLimitOptions | null;
}

export interface StiggEmulator {
  /** http://host:port — the STIGG_BASE_URI; GraphQL at POST /graphql */
  url: string;
  /** the fixed development server key (X-API-KEY) */
  apiKey: string;
  faults: StiggFaults;
  counters: StiggCounters;
  /** opt-in rate limits: `rateLimits.configure({ windowMs })` / `configure(null)`, `rateLimits.stats()` */
  rateLimits: StiggRateLimiter;
  store: StiggStore;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The start of every refusal of a request that real Stigg would refuse (reference-conformance.ts). */
export const REFERENCE_REFUSAL = "Not valid against Stigg's public schema (reference/stigg)";

/** Starts the Stigg GraphQL emulator on host:port (port 0 = any free port). */
export async function startStiggEmulator(opts: StiggEmulatorOptions = {}): Promise<StiggEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const seed = loadStiggSeed(opts.seedDir);
  let url = '';
  const store = new StiggStore(seed, () => url);
  const faults = new StiggFaults();
  const counters = new StiggCounters();
  const rateLimits = new StiggRateLimiter(opts.rateLimits ?? null);
  const schema = stiggSchema();
  const conformance = new ReferenceConformance(stiggReferenceSchema());
  const rootValue = createRootValue();
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: `Emulator failure: ${(err as Error).message}`, extensions: { code: 'UnexpectedError' } }] });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const method = req.method ?? 'GET';
    if (path === '/graphql') {
      if (method !== 'POST') return sendJson(res, 405, { errors: [{ message: 'Use POST /graphql' }] }, { Allow: 'POST' });
      return handleGraphQL(req, res);
    }
    if (path.startsWith('/__sandbox/')) return handleSandbox(req, res, method, path);
    let m: RegExpExecArray | null;
    if ((m = /^\/checkout\/([^/]+)$/.exec(path)) && method === 'GET') return checkoutPage(res, decodeURIComponent(m[1]));
    if ((m = /^\/checkout\/([^/]+)\/complete$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.completeCheckout(decodeURIComponent(m![1]))), true);
    }
    if ((m = /^\/invoices\/([^/]+)$/.exec(path)) && method === 'GET') return invoicePage(res, decodeURIComponent(m[1]));
    if ((m = /^\/invoices\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.payInvoice(decodeURIComponent(m![1]))), true);
    }
    if (path === '/health' || path === '/') return sendJson(res, 200, { status: 'ok', service: 'stigg-sandbox' });
    return sendJson(res, 404, { error: 'not_found', message: `No route ${method} ${path}` });
  }

  async function handleSandbox(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    if (path === '/__sandbox/faults') {
      if (method === 'POST') {
        const body = await readJson(req, res);
        if (body === undefined) return;
        try {
          return sendJson(res, 201, faults.add(body as never));
        } catch (err) {
          if (err instanceof FaultInputError) return sendJson(res, 400, { error: 'bad_request', message: err.message });
          throw err;
        }
      }
      if (method === 'DELETE') {
        faults.clear();
        return sendEmpty(res, 204);
      }
      if (method === 'GET') return sendJson(res, 200, faults.list());
    }
    if (path === '/__sandbox/counters') {
      if (method === 'GET') return sendJson(res, 200, counters.snapshot());
      if (method === 'DELETE') {
        counters.reset();
        return sendEmpty(res, 204);
      }
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/__sandbox\/invoices\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.payInvoice(decodeURIComponent(m![1]))));
    }
    if ((m = /^\/__sandbox\/checkouts\/([^/]+)\/complete$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.completeCheckout(decodeURIComponent(m![1]))));
    }
    if ((m = /^\/__sandbox\/credit-grants\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => {
        const g = store.payCreditGrant(decodeURIComponent(m![1]));
        return { grantId: g.grantId, customerId: g.customerId, currencyId: g.currencyId, amount: g.amount, status: store.grantStatus(g), paymentCollection: g.paymentCollection };
      });
    }
    if ((m = /^\/__sandbox\/subscriptions\/([^/]+)\/run-schedules$/.exec(path)) && method === 'POST') {
      const body = await readJson(req, res);
      if (body === undefined) return;
      const reqUrl = new URL(req.url ?? '/', 'http://emulator');
      // default: every scheduled update, as if its time had come; `due` only those whose time has come
      const dueOnly = reqUrl.searchParams.get('due') === 'true' || (body as { due?: unknown } | null)?.due === true;
      const all = !dueOnly;
      return sandboxAction(res, () => {
        const { subscription, applied } = store.runSchedules(decodeURIComponent(m![1]), all);
        return { ...subscriptionSummary(subscription), applied };
      });
    }
    if ((m = /^\/__sandbox\/subscriptions\/([^/]+)\/end-trial$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.endTrial(decodeURIComponent(m![1]))));
    }
    if ((m = /^\/__sandbox\/customers\/([^/]+)\/payment-method$/.exec(path)) && (method === 'POST' || method === 'DELETE')) {
      return sandboxAction(res, () => {
        const c = store.setPaymentMethod(decodeURIComponent(m![1]), method === 'POST');
        return { customerId: c.customerId, hasPaymentMethod: c.paymentMethod !== null };
      });
    }
    return sendJson(res, 404, { error: 'not_found', message: `No route ${method} ${path}` });
  }

  function sandboxAction(res: ServerResponse, action: () => unknown, html = false): void {
    try {
      const result = action();
      if (html) return sendHtml(res, 200, page('Done', `<pre>${escapeHtml(JSON.stringify(result, null, 2))}</pre>`));
      return sendJson(res, 200, result);
    } catch (err) {
      const status = err instanceof SandboxError ? err.status : err instanceof GraphQLError ? 422 : 500;
      const code = err instanceof GraphQLError ? (err.extensions.code as string) : undefined;
      if (html) return sendHtml(res, status, page('Error', `<p>${escapeHtml((err as Error).message)}</p>`));
      return sendJson(res, status, { error: code ?? 'sandbox_error', message: (err as Error).message });
    }
  }

  function subscriptionSummary(s: ReturnType<StiggStore['subscription']>): Record<string, unknown> {
    return { subscriptionId: s.subscriptionId, customerId: s.customerId, planId: s.planRefId, status: s.status, paymentCollection: s.paymentCollection };
  }

  function checkoutPage(res: ServerResponse, checkoutId: string): void {
    const checkout = store.checkouts.get(checkoutId);
    if (!checkout) return sendHtml(res, 404, page('Checkout not found', `<p>No checkout ${escapeHtml(checkoutId)}</p>`));
    const body = checkout.completedSubscriptionId
      ? `<p>Completed: subscription ${escapeHtml(checkout.completedSubscriptionId)}</p>`
      : `<p>Customer <b>${escapeHtml(checkout.customerId)}</b> subscribes to <b>${escapeHtml(checkout.input.planId)}</b>.</p>
         <form method="post" action="/checkout/${encodeURIComponent(checkoutId)}/complete"><button>Pay with sandbox card 4242</button></form>`;
    sendHtml(res, 200, page('Sandbox checkout', body));
  }

  function invoicePage(res: ServerResponse, subscriptionId: string): void {
    const sub = store.subscriptions.get(subscriptionId);
    const inv = sub?.latestInvoice;
    if (!sub || !inv) return sendHtml(res, 404, page('Invoice not found', `<p>No invoice for ${escapeHtml(subscriptionId)}</p>`));
    const body = `<p>Invoice ${escapeHtml(inv.billingId)} for subscription <b>${escapeHtml(sub.subscriptionId)}</b>: ${inv.total} ${escapeHtml(inv.currency)} — ${inv.status}</p>
      ${inv.status === 'OPEN' ? `<form method="post" action="/invoices/${encodeURIComponent(subscriptionId)}/pay"><button>Pay invoice</button></form>` : ''}`;
    sendHtml(res, 200, page('Sandbox invoice', body));
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req, res);
    if (body === undefined) return;
    counters.increment('graphql');
    const { query, variables, operationName } = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };

    let document: DocumentNode | null = null;
    let parseError: GraphQLError | null = null;
    if (typeof query === 'string') {
      try {
        document = parse(query);
      } catch (err) {
        parseError = err as GraphQLError;
      }
    }
    const opName = typeof operationName === 'string' ? operationName : null;
    const operation = document ? getOperationAST(document, opName) : null;
    const operations = document && operation ? rootFieldNames(document, operation, (variables as Record<string, unknown>) ?? {}) : [];
    for (const op of operations) counters.increment(op);
    if (typeof query === 'string') {
      opts.onRequest?.({
        query,
        operationName: opName,
        variables: (variables as Record<string, unknown>) ?? null,
        operations,
        headers: req.headers,
      });
    }

    const decision = faults.decide(['graphql', ...operations]);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.failure && decision.phase === 'before') return fail(res, decision.failure);
    if (rateLimits.enabled && document && operation && !rateLimits.admit(document, operation, (variables as Record<string, unknown>) ?? null).allowed) {
      return fail(res, 'RATE_LIMITED');
    }

    const respond = (status: number, payload: unknown): void => {
      if (decision.failure) return fail(res, decision.failure); // phase "after": the work is done, the answer is lost
      sendJson(res, status, payload);
    };

    if (typeof query !== 'string' || query.trim() === '') {
      return respond(400, { errors: [{ message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST' } }] });
    }
    // Unauthenticated: HTTP 200 with errors[0].extensions.code "Unauthenticated", which the SDK
    // recognises (ErrorCode.Unauthenticated). assumption: the HTTP status.
    const key = req.headers['x-api-key'];
    if (key !== store.apiKey) {
      return respond(200, {
        errors: [{ message: 'Unauthenticated', extensions: { code: 'Unauthenticated', isValidationError: false, traceId: randomUUID() } }],
        data: null,
      });
    }
    if (parseError || !document) {
      return respond(400, { errors: [withCode(parseError ?? new GraphQLError('Syntax error'), 'GRAPHQL_PARSE_FAILED')] });
    }
    const refused = conformance.check(query, document, operation, (variables as Record<string, unknown>) ?? null);
    if (refused) {
      return respond(400, {
        errors: refused.errors.map((e) => withCode(new GraphQLError(`${REFERENCE_REFUSAL}: ${e.message}`, { nodes: e.nodes }), refused.code)),
      });
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) {
      return respond(400, { errors: validationErrors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) });
    }
    if (!operation) {
      return respond(400, { errors: [{ message: 'Could not determine the operation to execute (operationName).', extensions: { code: 'BAD_REQUEST' } }] });
    }
    if (operation.operation === 'subscription') {
      return respond(400, { errors: [{ message: 'Subscriptions are served over WebSocket only; the sandbox has none.', extensions: { code: 'BAD_REQUEST' } }] });
    }
    const context: StiggContext = { store, url };
    const result = (await execute({
      schema,
      document,
      rootValue,
      contextValue: context,
      variableValues: (variables as Record<string, unknown>) ?? undefined,
      operationName: opName ?? undefined,
    })) as ExecutionResult;
    if (!('data' in result) || result.data === undefined) {
      // variable coercion failed before execution
      return respond(400, { errors: (result.errors ?? []).map((e) => withCode(e, 'BAD_USER_INPUT')) });
    }
    const payload: Record<string, unknown> = {};
    if (result.errors?.length) payload.errors = result.errors.map(formatExecutionError);
    payload.data = result.data;
    respond(200, payload);
  }

  function fail(res: ServerResponse, failure: StiggFailure): void {
    switch (failure) {
      case 'RATE_LIMITED':
        // Stigg answers 429 without a Retry-After header (docs: rate limits); the body carries the
        // documented error plus a GraphQL-shaped error (assumption for the GraphQL endpoint).
        return sendJson(res, 429, {
          error: 'rate_limit_exceeded',
          message: 'Too many requests',
          errors: [{ message: 'Too many requests', extensions: { code: 'RateLimitExceeded' } }],
        });
      case 'SERVER_ERROR':
        return sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'UnexpectedError', traceId: randomUUID() } }], data: null });
      case 'BAD_GATEWAY':
        return sendHtml(res, 502, '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
      case 'SERVICE_UNAVAILABLE':
        return sendHtml(res, 503, '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>');
      case 'DROP_CONNECTION':
        req_destroy(res);
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  url = `http://${urlHost}:${address.port}`;

  return {
    url,
    apiKey: store.apiKey,
    faults,
    counters,
    rateLimits,
    store,
    schema,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const s of sockets) s.destroy();
      }),
  };
}

/** false when @skip / @include leave the selection out (literal or variable conditions). */
function included(node: { directives?: readonly DirectiveNode[] }, variables: Record<string, unknown>): boolean {
  for (const d of node.directives ?? []) {
    if (d.name.value !== 'skip' && d.name.value !== 'include') continue;
    const arg = d.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const value = arg.value.kind === Kind.BOOLEAN ? arg.value.value : arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] === true : true;
    if (d.name.value === 'skip' ? value : !value) return false;
  }
  return true;
}

/** The root fields an operation selects (fragments at the root included; @skip/@include honoured), each name once. */
function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (!included(s, variables)) continue;
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        if (!names.includes(s.name.value)) names.push(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}

function withCode(e: GraphQLError, code: string): Record<string, unknown> {
  const json = e.toJSON() as unknown as Record<string, unknown>;
  return { ...json, extensions: { ...(e.extensions ?? {}), code } };
}

function formatExecutionError(e: GraphQLError): Record<string, unknown> {
  const json = e.toJSON() as unknown as Record<string, unknown>;
  if (e.extensions?.code) return json;
  // an unexpected exception in a resolver
  return { ...json, extensions: { code: 'UnexpectedError', traceId: randomUUID() } };
}

function req_destroy(res: ServerResponse): void {
  res.socket?.destroy();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      sendJson(res, 413, { error: 'payload_too_large', message: `Body over ${MAX_BODY_BYTES} bytes` });
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    sendJson(res, 400, { errors: [{ message: 'Body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    return undefined;
  }
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}<p><small>Stigg sandbox — no real payment is made.</small></p></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
