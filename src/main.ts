/* `npm start`: the gateway; in sandbox mode (no upstream configured) with both emulators on loopback. */
import 'reflect-metadata';
import { loadConfig } from './config/load-config';
import { ConfigError } from './config/config-error';
import { createLogger } from './server/logger';
import { startGateway } from './gateway';
import { startSandbox, RunningSandbox } from './sandbox/start-sandbox';
import { UpstreamEndpoints } from './services/gateway-services';

const FIRST_QUERY = `{ opportunities(first: 5, filter: { isWon: true }) { edges { node { id name stageName amount { amount currency }
    lineItems { quantity product { name } mapping { stiggType stiggId status } salesPrice { amount currency } } } } } }`;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let sandbox: RunningSandbox | null = null;
  let upstreams: UpstreamEndpoints;
  if (config.sandbox) {
    if (config.host !== '127.0.0.1' && config.host !== 'localhost' && config.host !== '::1' && config.apiKeys.length === 0) {
      throw new ConfigError('HOST', 'sandbox mode with no GATEWAY_API_KEYS runs without authentication and only binds to loopback (127.0.0.1)');
    }
    sandbox = await startSandbox({ salesforcePort: config.sandboxPorts.salesforce, stiggPort: config.sandboxPorts.stigg, seedDir: config.sandboxSeedDir });
    const d = sandbox.describe();
    upstreams = {
      salesforce: { kind: 'session', instanceUrl: d.salesforce.instanceUrl, accessToken: d.salesforce.accessToken },
      stigg: { apiKey: d.stigg.apiKey, baseUri: d.stigg.baseUri },
    };
  } else {
    if (config.apiKeys.length === 0) {
      throw new ConfigError('GATEWAY_API_KEYS', 'is required against real upstreams: the gateway refuses to start without authentication');
    }
    upstreams = { salesforce: config.salesforce.auth!, stigg: { apiKey: config.stigg.apiKey!, baseUri: config.stigg.baseUri } };
  }

  const gateway = await startGateway({
    config,
    upstreams,
    logger,
    routes: sandbox ? { '/sandbox': () => sandbox!.describe() } : undefined,
  });

  if (sandbox) {
    const d = sandbox.describe();
    const authOff = config.apiKeys.length === 0;
    process.stdout.write([
      '',
      `Order-to-cash gateway (SANDBOX MODE) at ${gateway.url}/graphql`,
      authOff ? '  !!! AUTHENTICATION IS OFF: sandbox mode with no GATEWAY_API_KEYS, bound to loopback only. Never expose this. !!!' : '  Authentication is on (GATEWAY_API_KEYS).',
      `  Salesforce emulator: ${d.salesforce.instanceUrl}   Stigg emulator: ${d.stigg.baseUri}/graphql`,
      `  Sandbox credentials: ${gateway.url}/sandbox`,
      '',
      'First query to paste:',
      `  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\`,
      `    -d '${JSON.stringify({ query: FIRST_QUERY.replace(/\s+/g, ' ') })}'`,
      '',
    ].join('\n'));
  } else {
    logger.info({ url: gateway.url }, 'gateway listening');
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    (async () => {
      await gateway.stop();
      if (sandbox) await sandbox.stop();
    })().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  const message = err instanceof ConfigError ? `configuration error: ${err.message}` : `failed to start: ${err.message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
