/** The emulator's answers and the route table's vocabulary (method + path pattern -> endpoint). */
import { IncomingMessage } from 'node:http';
import { SfError } from './errors';
import type { Operation } from './faults';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

export function methodNotAllowed(allowed: string): Reply {
  return json(405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method not allowed. Allowed are ${allowed}` }]);
}

export function parseJsonBody(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new SfError(400, 'JSON_PARSER_ERROR', `Unexpected character: was expecting a JSON value (${(e as Error).message})`);
  }
}

/** One request as a route handler sees it. */
export interface RouteRequest {
  method: string;
  url: URL;
  /** the path's named segments (`:name`), URI-decoded */
  params: Record<string, string>;
  /** the segments a trailing `*` matched */
  rest: string[];
  rawBody: string;
  headers: IncomingMessage['headers'];
}

/** An operation: counted, subject to faults, authorised, then run. */
export interface Endpoint {
  op: Operation;
  /** bearer: Authorization header; identity: header or ?oauth_token=; none: no auth */
  auth: 'bearer' | 'none' | 'identity';
  /** counted against DailyApiRequests (every /services/data/vNN.0 call) */
  api: boolean;
  /** an answer given before the operation is reached (not counted, no faults), e.g. another user's identity URL */
  refuse?: (req: RouteRequest) => Reply | undefined;
  run: (req: RouteRequest) => Reply | Promise<Reply>;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDef {
  /**
   * Path pattern: literal segments, `:name` (one segment, into params), a final `*` (any number of
   * further segments, into rest). Segments are compared after URI-decoding; trailing slashes are ignored.
   */
  path: string;
  /** the endpoint per method; `ANY` answers every method */
  methods: Partial<Record<Method | 'ANY', Endpoint>>;
  /** the path matched but no method did: 405 listing these methods; without it the table keeps looking (then 404) */
  allowed?: string;
  /** extra condition on the params (e.g. a served API version) */
  where?: (params: Record<string, string>) => boolean;
}

export type RouteMatch = { endpoint: Endpoint; req: RouteRequest } | { reply: Reply } | null;

export class RouteTable {
  private readonly routes: Array<RouteDef & { segments: string[] }>;

  constructor(routes: RouteDef[]) {
    this.routes = routes.map((r) => ({ ...r, segments: r.path.split('/').slice(1) }));
  }

  /** The first route whose path matches: its endpoint for the method, or its 405; null when none matches. */
  match(method: string, segs: string[], base: Omit<RouteRequest, 'params' | 'rest' | 'method'>): RouteMatch {
    for (const route of this.routes) {
      const m = matchPath(route.segments, segs);
      if (!m || (route.where && !route.where(m.params))) continue;
      const endpoint = route.methods[method as Method] ?? route.methods.ANY;
      if (endpoint) return { endpoint, req: { ...base, method, params: m.params, rest: m.rest } };
      if (route.allowed) return { reply: methodNotAllowed(route.allowed) };
    }
    return null;
  }
}

function matchPath(pattern: string[], segs: string[]): { params: Record<string, string>; rest: string[] } | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === '*' && i === pattern.length - 1) return { params, rest: segs.slice(i) };
    if (i >= segs.length) return null;
    if (p.startsWith(':')) params[p.slice(1)] = segs[i];
    else if (p !== segs[i]) return null;
  }
  return segs.length === pattern.length ? { params, rest: [] } : null;
}
