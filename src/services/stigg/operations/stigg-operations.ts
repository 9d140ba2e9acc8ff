import { keepAliveStiggPost, StiggAnswerCutOff, StiggHttpAnswer, StiggHttpPost } from './stigg-http-post';

/**
 * Sends the gateway's own documented Stigg GraphQL operations (the ones @stigg/node-server-sdk
 * lacks) to `${baseUri}/graphql` with the same `X-API-KEY` the SDK uses. Each document is sent
 * once, never retried: a replayed write would be a second write (the saga and grantCredits look
 * up what an uncertain outcome left before writing again).
 */

export interface StiggOperationsOptions {
  apiKey: string;
  /** e.g. https://api.stigg.io (no trailing /graphql) */
  baseUri: string;
  /** How documents are sent; default keepAliveStiggPost() */
  post?: StiggHttpPost;
  /** per request; default 30 000 ms */
  timeoutMs?: number;
}

/** One entry of a GraphQL response's `errors`. */
export interface StiggGraphQLErrorInfo {
  message: string;
  /** Stigg's error code (`extensions.code`, e.g. `CustomerNotFound`), when present */
  code: string | null;
  path: ReadonlyArray<string | number> | null;
  /** `extensions.identifier`: the entity the error is about, when Stigg says */
  identifier: string | null;
  traceId: string | null;
}

export class StiggOperationError extends Error {
  /**
   * @param status HTTP status; 0 when no response arrived (network failure, timeout)
   * @param code Stigg's `extensions.code` (e.g. `CustomerNotFound`, `Unauthenticated`,
   *   `RateLimitExceeded`), or `NETWORK_ERROR`, `TIMEOUT`, `HTTP_<status>`, `INVALID_RESPONSE`
   *   (a TIMEOUT or NETWORK_ERROR write may still have been committed: look before writing again)
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: StiggGraphQLErrorInfo[] = [],
  ) {
    super(message);
    this.name = 'StiggOperationError';
  }
}

export interface PartialResult<T> {
  data: T | null;
  errors: StiggGraphQLErrorInfo[];
}

export class StiggOperations {
  private readonly endpoint: string;
  private readonly post: StiggHttpPost;
  private readonly timeoutMs: number;
  /** Set on a request's view (forRequest): its documents carry the request's id. */
  private requestId: string | null = null;

  constructor(private readonly options: StiggOperationsOptions) {
    if (!options.apiKey) throw new Error('StiggOperations: apiKey is required');
    if (!options.baseUri) throw new Error('StiggOperations: baseUri is required');
    this.endpoint = `${options.baseUri.replace(/\/+$/, '')}/graphql`;
    this.post = options.post ?? keepAliveStiggPost();
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** These operations for one request: every document sends its id (`x-request-id`), carried explicitly (request-scope.ts). */
  forRequest(scope: { requestId: string }): StiggOperations {
    const view = Object.create(this) as StiggOperations;
    view.requestId = scope.requestId;
    return view;
  }

  /** Runs a document; any GraphQL error (or HTTP/network failure) raises a StiggOperationError. */
  async execute<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { data, errors } = await this.executePartial<T>(document, variables);
    if (errors.length > 0) {
      const first = errors[0];
      const code = first.code ?? 'GRAPHQL_ERROR';
      throw new StiggOperationError(200, code, first.message, errors);
    }
    if (data === null) throw new StiggOperationError(200, 'INVALID_RESPONSE', 'Stigg answered without data');
    return data;
  }

  /**
   * Runs a document and returns the data with the GraphQL errors beside it (an aliased batch
   * where some fields failed). HTTP and network failures still raise.
   */
  async executePartial<T>(document: string, variables: Record<string, unknown> = {}): Promise<PartialResult<T>> {
    // The timeout covers the answer and its body, and its timer is cleared as soon as both are in
    // (AbortSignal.timeout kept a timer and a signal alive for timeoutMs after every request).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException(`Stigg did not answer within ${this.timeoutMs} ms`, 'TimeoutError')), this.timeoutMs);
    let response: StiggHttpAnswer;
    try {
      response = await this.post(this.endpoint, {
        headers: this.requestId
          ? { 'Content-Type': 'application/json', Accept: 'application/json', 'X-API-KEY': this.options.apiKey, 'x-request-id': this.requestId }
          : { 'Content-Type': 'application/json', Accept: 'application/json', 'X-API-KEY': this.options.apiKey },
        body: JSON.stringify({ query: document, variables }),
        signal: abort.signal,
      });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new StiggOperationError(0, 'TIMEOUT', `Stigg did not answer within ${this.timeoutMs} ms`);
      }
      if (e instanceof StiggAnswerCutOff) throw new StiggOperationError(e.status, 'NETWORK_ERROR', `Stigg response was cut off: ${e.message}`);
      throw new StiggOperationError(0, 'NETWORK_ERROR', `Stigg request failed: ${e.message}`);
    } finally {
      clearTimeout(timer);
    }
    const { text } = response;
    const ok = response.status >= 200 && response.status < 300;
    let body: { data?: unknown; errors?: unknown; message?: unknown } | null = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const errors = Array.isArray(body?.errors) ? (body!.errors as unknown[]).map(toErrorInfo) : [];

    if (!ok) {
      const code = errors[0]?.code ?? (response.status === 401 ? 'Unauthenticated' : `HTTP_${response.status}`);
      const message =
        errors[0]?.message ?? (typeof body?.message === 'string' ? body.message : `Stigg answered HTTP ${response.status}`);
      throw new StiggOperationError(response.status, code, message, errors);
    }
    if (body === null || typeof body !== 'object') {
      throw new StiggOperationError(response.status, 'INVALID_RESPONSE', 'Stigg answered with a body that is not JSON');
    }
    if (errors.some((e) => e.code === 'Unauthenticated')) {
      throw new StiggOperationError(response.status, 'Unauthenticated', 'Stigg refused the API key', errors);
    }
    return { data: (body.data ?? null) as T | null, errors };
  }
}

function toErrorInfo(raw: unknown): StiggGraphQLErrorInfo {
  const e = (raw ?? {}) as { message?: unknown; path?: unknown; extensions?: Record<string, unknown> };
  const ext = e.extensions ?? {};
  return {
    message: typeof e.message === 'string' ? e.message : 'Unknown Stigg error',
    code: typeof ext.code === 'string' ? ext.code : null,
    path: Array.isArray(e.path) ? (e.path as Array<string | number>) : null,
    identifier: typeof ext.identifier === 'string' ? ext.identifier : null,
    traceId: typeof ext.traceId === 'string' ? ext.traceId : null,
  };
}
