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
  SelectionSetNode,
} from 'graphql';
import { sendFailure, StiggCounters, StiggFaults } from './faults';
import { readJson, sendJson } from './http';
import { createRootValue, StiggContext } from './resolvers';
import { StiggRateLimiter, StiggRateLimitOptions } from './rate-limits';
import { stiggSchema } from './schema';
import { ReferenceConformance } from './reference-conformance';
import { DocumentCache } from './document-cache';
import { stiggReferenceSchema } from './reference-schema';
import { loadStiggSeed } from './seed';
import { stiggSandboxEndpoints } from './sandbox-control';
import { StiggStore } from './store';
import { SandboxClock } from './webhooks/sandbox-clock';
import { StiggWebhooks } from './webhooks/stigg-webhooks';

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
  /** Webhooks to registered endpoints, the sandbox clock, failed payments (webhooks/stigg-webhooks.ts). */
  webhooks: StiggWebhooks;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

/** The start of every refusal of a request that real Stigg would refuse (reference-conformance.ts). */
export const REFERENCE_REFUSAL = "Not valid against Stigg's public schema (reference/stigg)";

/** Starts the Stigg GraphQL emulator on host:port (port 0 = any free port). */
export async function startStiggEmulator(opts: StiggEmulatorOptions = {}): Promise<StiggEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const seed = loadStiggSeed(opts.seedDir);
  let url = '';
  const clock = new SandboxClock();
  const store = new StiggStore(seed, () => url, () => clock.now());
  const webhooks = new StiggWebhooks(store, clock);
  const faults = new StiggFaults();
  const counters = new StiggCounters();
  const rateLimits = new StiggRateLimiter(opts.rateLimits ?? null);
  const schema = stiggSchema();
  const conformance = new ReferenceConformance(stiggReferenceSchema());
  const documents = new DocumentCache(schema);
  const rootValue = createRootValue();
  const sockets = new Set<Socket>();
  const { handleSandbox, handlePages } = stiggSandboxEndpoints(store, faults, counters);

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

  /** Every request, then the webhooks of whatever it changed. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } finally {
      webhooks.observe();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const method = req.method ?? 'GET';
    if (path === '/graphql') {
      if (method !== 'POST') return sendJson(res, 405, { errors: [{ message: 'Use POST /graphql' }] }, { Allow: 'POST' });
      return handleGraphQL(req, res);
    }
    if (path.startsWith('/__sandbox/')) {
      if (await webhooks.handle(req, res, method, path)) return;
      return handleSandbox(req, res, method, path);
    }
    if (handlePages(res, method, path)) return;
    if (path === '/health' || path === '/') return sendJson(res, 200, { status: 'ok', service: 'stigg-sandbox' });
    return sendJson(res, 404, { error: 'not_found', message: `No route ${method} ${path}` });
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req, res);
    if (body === undefined) return;
    counters.increment('graphql');
    const { query, variables, operationName } = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };

    const prepared = typeof query === 'string' ? documents.prepare(query) : null;
    const document: DocumentNode | null = prepared?.document ?? null;
    const parseError: GraphQLError | null = prepared?.parseError ?? null;
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
    if (decision.failure && decision.phase === 'before') return sendFailure(res, decision.failure);
    if (rateLimits.enabled && document && operation && !rateLimits.admit(document, operation, (variables as Record<string, unknown>) ?? null).allowed) {
      return sendFailure(res, 'RATE_LIMITED');
    }

    const respond = (status: number, payload: unknown): void => {
      if (decision.failure) return sendFailure(res, decision.failure); // phase "after": the work is done, the answer is lost
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
    const validationErrors = prepared?.validationErrors ?? [];
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
    webhooks,
    schema,
    stop: () =>
      new Promise<void>((resolve) => {
        webhooks.deliveries.clear();
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
