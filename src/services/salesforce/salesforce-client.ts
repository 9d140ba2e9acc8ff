import { Connection } from 'jsforce';
import { toSalesforceError } from './salesforce-error';
import { GatewayError } from '../../errors/gateway-error';
import { withRefreshBudget } from './salesforce-connection';
import { UpstreamPolicy } from '../resilience/upstream-policy';
import { QuotaGuard } from '../resilience/salesforce-quota-guard';
import { REQUEST_ID_HEADER, RequestScope } from '../../observability/request-scope';

/**
 * The gateway's only door to Salesforce: SOQL reads (every page, through
 * jsforce's own paging), record updates, and a cached describe. Errors come
 * out as GatewayErrors. jsforce retries GET, PUT, HEAD, OPTIONS and DELETE on
 * 420/429/5xx and socket errors, never POST or PATCH: the queries and the describe
 * are retried by jsforce, the record update (write-back) is sent once. Nothing
 * here retries.
 */
export class SalesforceClient {
  private readonly describeCache = new Map<string, Promise<Set<string>>>();
  /** Set on a request's view (forRequest): its calls carry the request's id. */
  private scope: RequestScope | null = null;

  constructor(
    private readonly conn: Connection,
    private readonly policy: UpstreamPolicy | null = null,
    private readonly quota: QuotaGuard | null = null,
  ) {}

  /**
   * This client for one request: its queries send the request's id (`x-request-id`) and its calls
   * are logged with it, carried explicitly (no AsyncLocalStorage on the read path: request-scope.ts).
   * A view: the connection, the describe cache and the policy are the shared ones.
   */
  forRequest(scope: RequestScope): SalesforceClient {
    const view = Object.create(this) as SalesforceClient;
    view.scope = scope;
    return view;
  }

  /**
   * One call under the quota guard (reads are shed when the org is near its
   * daily API limit; provisioning writes are essential) and the breaker/timeout.
   */
  private async call<T>(operation: string, essential: boolean, fn: () => Promise<T>): Promise<T> {
    try {
      this.quota?.check(operation, { essential });
    } catch (err) {
      this.policy?.recordRefused(operation, err, this.scope?.requestId);
      throw err;
    }
    const run = async (): Promise<T> => {
      try {
        return await withRefreshBudget(fn);
      } catch (err) {
        throw toClientError(err, operation);
      } finally {
        const usage = this.conn.limitInfo?.apiUsage;
        if (usage) this.quota?.observe({ used: usage.used, limit: usage.limit });
      }
    };
    return this.policy ? this.policy.execute(operation, run, this.scope?.requestId) : run();
  }

  get instanceUrl(): string {
    return this.conn.instanceUrl;
  }

  get apiVersion(): string {
    return this.conn.version;
  }

  /** Bytes a query URI takes before the SOQL text: `<instance>/services/data/vNN.0/query?q=`. */
  get queryUriBaseBytes(): number {
    return Buffer.byteLength(`${this.conn.instanceUrl}/services/data/v${this.conn.version}/query?q=`);
  }

  async query<T extends Record<string, unknown>>(soql: string, operation = 'query', essential = false): Promise<T[]> {
    return this.call(operation, essential, async () => {
      // jsforce sends these headers with every page of the query (queryMore too).
      const headers = this.scope ? { [REQUEST_ID_HEADER]: this.scope.requestId } : undefined;
      const result = await this.conn.query<T>(soql, { autoFetch: true, maxFetch: 1_000_000, headers } as never);
      return result.records as T[];
    });
  }

  async update(sobject: string, record: { Id: string } & Record<string, unknown>): Promise<void> {
    await this.call(`update${sobject}`, true, async () => {
      const result = await this.conn.sobject(sobject).update(record as never);
      const saved = result as unknown as { success: boolean; errors?: Array<{ errorCode?: string; statusCode?: string }> };
      if (!saved.success) {
        const code = saved.errors?.[0]?.errorCode ?? saved.errors?.[0]?.statusCode ?? 'UNKNOWN';
        throw Object.assign(new Error(code), { errorCode: code });
      }
    });
  }

  /** Field names of an object, described once per process. */
  async fieldNames(sobject: string): Promise<Set<string>> {
    let cached = this.describeCache.get(sobject);
    if (!cached) {
      cached = this.call('describe', false, () => this.conn.sobject(sobject).describe()).then(
        (d) => new Set(d.fields.map((f) => f.name.toLowerCase())),
        (err) => {
          this.describeCache.delete(sobject);
          throw err;
        },
      );
      this.describeCache.set(sobject, cached);
    }
    return cached;
  }

  /**
   * The session as the Pub/Sub API wants it in its metadata: the access token, the instance URL and the
   * org id (from userinfo, which refreshes an expired session first as any call does).
   */
  async sessionIdentity(): Promise<{ accessToken: string; instanceUrl: string; organizationId: string }> {
    const info = await this.call('userinfo', true, () => this.conn.request<{ organization_id?: string }>('/services/oauth2/userinfo'));
    if (!info.organization_id || !this.conn.accessToken) throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Salesforce did not say which org the session belongs to.', { service: 'salesforce', operation: 'userinfo' });
    return { accessToken: this.conn.accessToken, instanceUrl: this.conn.instanceUrl, organizationId: info.organization_id };
  }

  /** API usage from the last response's Sforce-Limit-Info header, when known. */
  get apiUsage(): { used: number; limit: number } | null {
    const info = this.conn.limitInfo?.apiUsage;
    return info ? { used: info.used, limit: info.limit } : null;
  }
}

/**
 * jsforce wraps a failed session refresh in a plain Error ("Unable to refresh
 * session due to: ..."), losing the code: it means the session expired and
 * could not be renewed (salesforce-connection.ts refreshes once, not in a loop).
 */
function toClientError(err: unknown, operation: string): GatewayError {
  const message = (err as { message?: unknown } | null)?.message;
  if (!(err instanceof GatewayError) && typeof message === 'string' && message.startsWith('Unable to refresh session')) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'The Salesforce session expired and could not be refreshed (INVALID_SESSION_ID).',
      { service: 'salesforce', operation, upstreamCode: 'INVALID_SESSION_ID' });
  }
  return toSalesforceError(err, operation);
}
