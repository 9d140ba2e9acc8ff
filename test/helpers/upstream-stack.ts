import 'reflect-metadata';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { GatewayConfig } from '../../src/config/gateway-config';
import { startGateway, upstreamsFromConfig, RunningGateway } from '../../src/gateway';
import { SalesforceEmulator, SalesforceEmulatorOptions, startSalesforceEmulator } from '../../src/sandbox/salesforce/salesforce-emulator';
import { StiggEmulator, StiggEmulatorOptions, startStiggEmulator } from '../../src/sandbox/stigg/stigg-emulator';
import { createLogger } from '../../src/observability/logger';
import { GraphqlResult } from './test-stack';

export interface UpstreamStack {
  url: string;
  config: GatewayConfig;
  /** The variables the gateway was configured with (secrets included, for the secret-grep test). */
  env: Record<string, string>;
  salesforce: SalesforceEmulator;
  stigg: StiggEmulator;
  gateway: RunningGateway;
  logs: string[];
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, opts?: { token?: string; headers?: Record<string, string> }): Promise<GraphqlResult<T>>;
  stop(): Promise<void>;
}

export interface UpstreamStackOptions {
  /** Configuration variables on top of the upstream ones (GATEWAY_API_KEYS defaults to one key of every scope). */
  env?: Record<string, string>;
  /** Options of the Salesforce emulator (dailyApiLimit, ...). */
  salesforce?: Omit<SalesforceEmulatorOptions, 'port' | 'host'>;
  /** Options of the Stigg emulator (onRequest, ...). */
  stigg?: Omit<StiggEmulatorOptions, 'port' | 'host'>;
  /** How the gateway logs in to Salesforce: OAuth client credentials (default) or a ready session. */
  salesforceAuth?: 'clientCredentials' | 'session';
  /** Put something between the gateway and the Salesforce emulator (a recording proxy): its URL is used instead. */
  salesforceUrl?: (emulatorUrl: string) => Promise<string> | string;
}

export const ALL_SCOPES_KEY = 'test-key-all-scopes-0000000001';

/**
 * "Real upstream" mode against the emulators: the gateway is configured as in
 * production (SALESFORCE_LOGIN_URL/CLIENT_ID/CLIENT_SECRET or a session,
 * STIGG_API_KEY/BASE_URI, GATEWAY_API_KEYS) and pointed at both emulators
 * on free loopback ports, which stay in this process for fault injection.
 */
export async function startUpstreamStack(options: UpstreamStackOptions = {}): Promise<UpstreamStack> {
  const dir = mkdtempSync(join(tmpdir(), 'o2c-upstream-'));
  const salesforce = await startSalesforceEmulator({ port: 0, ...options.salesforce });
  const stigg = await startStiggEmulator({ port: 0, ...options.stigg });
  const sfUrl = options.salesforceUrl ? await options.salesforceUrl(salesforce.url) : salesforce.url;
  const upstreamEnv: Record<string, string> = options.salesforceAuth === 'session'
    ? { SALESFORCE_INSTANCE_URL: sfUrl, SALESFORCE_ACCESS_TOKEN: salesforce.credentials.accessToken }
    : { SALESFORCE_LOGIN_URL: sfUrl, SALESFORCE_CLIENT_ID: salesforce.credentials.clientId, SALESFORCE_CLIENT_SECRET: salesforce.credentials.clientSecret };
  const env: Record<string, string> = {
    PORT: '0',
    JOURNAL_PATH: join(dir, 'journal.db'),
    LOG_LEVEL: 'info',
    GATEWAY_API_KEYS: `${ALL_SCOPES_KEY}:read,provision,credits,admin`,
    ...upstreamEnv,
    STIGG_API_KEY: stigg.apiKey,
    STIGG_BASE_URI: stigg.url,
    ...options.env,
  };
  const logs: string[] = [];
  let gateway: RunningGateway;
  let config: GatewayConfig;
  try {
    config = loadConfig(env);
    const logger = createLogger(config.logLevel, { write: (line: string) => { logs.push(line); } });
    gateway = await startGateway({ config, logger, upstreams: upstreamsFromConfig(config) });
  } catch (err) {
    await Promise.all([salesforce.stop(), stigg.stop()]);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: gateway.url,
    config,
    env,
    salesforce,
    stigg,
    gateway,
    logs,
    async graphql(query, variables, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
      const token = opts.token === undefined ? ALL_SCOPES_KEY : opts.token;
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const text = await response.text();
      let body: GraphqlResult['body'];
      try { body = JSON.parse(text); } catch { body = { errors: [{ message: text }] }; }
      return { status: response.status, headers: response.headers, body } as never;
    },
    async stop() {
      await gateway.stop({ drainMs: 500 });
      await Promise.all([salesforce.stop(), stigg.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RecordingProxy {
  url: string;
  /** Every request that went through, in order. */
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; status?: number; responseBody?: string }>;
  close(): Promise<void>;
}

/** A loopback HTTP proxy in front of `target` that records each request's method, path and headers. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordingProxy['requests'] = [];
  const server = http.createServer((req, res) => {
    const record: RecordingProxy['requests'][number] = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
    requests.push(record);
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      record.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => { record.responseBody = Buffer.concat(chunks).toString('utf8').slice(0, 100_000); });
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
