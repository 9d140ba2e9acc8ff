import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { startGateway, RunningGateway } from '../../src/gateway';
import { startSandbox, RunningSandbox } from '../../src/sandbox/start-sandbox';
import { createLogger } from '../../src/observability/logger';

export interface GraphqlResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> };
}

export interface TestStack {
  /** Gateway base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  sandbox: RunningSandbox;
  gateway: RunningGateway;
  /** Where the gateway's logs went (JSON lines). */
  logs: string[];
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, opts?: { token?: string; headers?: Record<string, string> }): Promise<GraphqlResult<T>>;
  stop(): Promise<void>;
}

/**
 * Starts both emulators and the gateway on free loopback ports, exactly as
 * `npm start` does in sandbox mode, with an SQLite journal in a temp dir.
 * `env` overrides configuration variables (GATEWAY_API_KEYS, ...).
 */
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), 'o2c-stack-'));
  const config = loadConfig({ PORT: '0', JOURNAL_PATH: join(dir, 'journal.db'), LOG_LEVEL: 'info', ...env });
  const sandbox = await startSandbox({ salesforcePort: 0, stiggPort: 0, seedDir: config.sandboxSeedDir });
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => { logs.push(line); } });
  const d = sandbox.describe();
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      config,
      logger,
      upstreams: {
        salesforce: { kind: 'session', instanceUrl: d.salesforce.instanceUrl, accessToken: d.salesforce.accessToken },
        stigg: { apiKey: d.stigg.apiKey, baseUri: d.stigg.baseUri },
        pubsubEndpoint: d.pubsub.endpoint,
      },
      routes: { '/sandbox': () => sandbox.describe() },
    });
  } catch (err) {
    await sandbox.stop();
    throw err;
  }
  return {
    url: gateway.url,
    sandbox,
    gateway,
    logs,
    async graphql(query, variables, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const text = await response.text();
      let body: GraphqlResult['body'];
      try { body = JSON.parse(text); } catch { body = { errors: [{ message: text }] }; }
      return { status: response.status, headers: response.headers, body } as never;
    },
    async stop() {
      await gateway.stop();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
