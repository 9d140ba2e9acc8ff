/* `npm start`: the gateway; in sandbox mode (no upstream configured) with both emulators on loopback. */
import './heap-tuning';
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/load-config';
import { ConfigError } from './config/config-error';
import { createLogger, Logger } from './observability/logger';
import { bufferedLogDestination, BufferedLogDestination } from './observability/log-destination';
import { startGateway, upstreamsFromConfig, RunningGateway } from './gateway';
import type { RunningSandbox } from './sandbox/start-sandbox';
import { UpstreamEndpoints } from './services/gateway-services';
import { sandboxBanner } from './startup-banner';
import { generatedWebhookSecret, registerWithStiggSandbox } from './server/webhooks/sandbox-webhook-registration';

/** Running requests get this long to finish after SIGTERM; the process is gone within SHUTDOWN_DEADLINE_MS whatever happens. */
const DRAIN_MS = 3_500;
const SHUTDOWN_DEADLINE_MS = 4_800;

/**
 * The log destination: stdout, in batches (src/observability/log-destination.ts): a log line costs a
 * string append on the request's path, and what waits is written at exit, however the process exits.
 * A closed stdout (EPIPE: whoever started the gateway is gone) turns logging off, and a full pipe is
 * retried for at most a second at exit, so SIGTERM always ends the process (pino's asynchronous
 * destination retried EPIPE at exit forever, and process.exit never returned).
 */
function stdoutLogDestination(): BufferedLogDestination {
  return bufferedLogDestination(1);
}

/** A closed stdout or stderr (EPIPE) is no reason to crash: a stdio write that fails is dropped. */
function ignoreClosedStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}

async function main(): Promise<void> {
  ignoreClosedStdio();
  // Validates everything, including the startup safety rules (no auth against real upstreams: refuse to start).
  const loaded = loadConfig();
  const logger = createLogger(loaded.logLevel, stdoutLogDestination());
  const journalDir = loaded.journal.ephemeral ? mkdtempSync(join(tmpdir(), 'o2c-sandbox-journal-')) : null;
  const journaled = journalDir ? { ...loaded, journal: { ...loaded.journal, sqlitePath: join(journalDir, 'gateway.db') } } : loaded;
  // Sandbox mode: Stigg's webhooks are on, with a secret of this run's unless STIGG_WEBHOOK_SECRET sets one.
  const config = journaled.sandbox && !journaled.stiggWebhooks.secret
    ? { ...journaled, stiggWebhooks: { ...journaled.stiggWebhooks, secret: generatedWebhookSecret() } }
    : journaled;
  if (journalDir) process.once('exit', () => rmSync(journalDir, { recursive: true, force: true }));
  let sandbox: RunningSandbox | null = null;
  let upstreams: UpstreamEndpoints;
  if (config.sandbox) {
    // Loaded only in sandbox mode: a production start does not pay for the emulators.
    const { startSandbox } = await import('./sandbox/start-sandbox');
    sandbox = await startSandbox({
      salesforcePort: config.sandboxPorts.salesforce,
      stiggPort: config.sandboxPorts.stigg,
      pubsubPort: config.sandboxPorts.pubsub,
      seedDir: config.sandboxSeedDir,
    });
    const d = sandbox.describe();
    upstreams = {
      salesforce: { kind: 'session', instanceUrl: d.salesforce.instanceUrl, accessToken: d.salesforce.accessToken },
      stigg: { apiKey: d.stigg.apiKey, baseUri: d.stigg.baseUri },
      // Closed/Won automation subscribes to the sandbox's Pub/Sub API emulator (plaintext, loopback).
      pubsubEndpoint: d.pubsub.endpoint,
    };
  } else {
    upstreams = upstreamsFromConfig(config);
  }

  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      config,
      upstreams,
      logger,
      routes: sandbox ? { '/sandbox': () => sandbox!.describe() } : undefined,
    });
  } catch (err) {
    if (sandbox) await sandbox.stop();
    throw err;
  }

  const authOff = !gateway.authenticationRequired;
  if (sandbox) {
    const d = sandbox.describe();
    if (authOff) logger.warn({ url: gateway.url }, 'AUTHENTICATION IS OFF: sandbox mode with no GATEWAY_API_KEYS and no active key in its key journal, bound to loopback only');
    logger.info({ url: gateway.url, salesforce: d.salesforce.instanceUrl, stigg: d.stigg.baseUri, authentication: !authOff }, 'gateway listening (sandbox mode)');
    // For the person who typed `npm start`: on stderr, so stdout stays one JSON object per line.
    process.stderr.write(sandboxBanner({
      url: gateway.url, salesforceUrl: d.salesforce.instanceUrl, stiggUrl: d.stigg.baseUri, authenticationRequired: gateway.authenticationRequired, config,
    }));
  } else {
    logger.info({ url: gateway.url }, 'gateway listening');
  }

  if (sandbox && config.stiggWebhooks.secret) {
    // The emulator sends its webhooks to this gateway (as registering the URL in Stigg's app does).
    await registerWithStiggSandbox(sandbox.describe().stigg.baseUri, gateway.url, config.stiggWebhooks.secret);
    logger.info({ url: `${gateway.url}/webhooks/stigg` }, 'Stigg emulator sends its webhooks here');
  }
  installShutdown(logger, gateway, sandbox);
}

/**
 * SIGTERM / SIGINT: stop accepting connections, let running requests finish
 * (a provisioning step under way completes and is journaled; one cut off is
 * left resumable: its run's lease expires and the next call resumes it),
 * close the clients and the journal, exit. Exits within SHUTDOWN_DEADLINE_MS.
 */
function installShutdown(logger: Logger, gateway: RunningGateway, sandbox: RunningSandbox | null): void {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainMs: DRAIN_MS }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error({ signal }, 'shutdown deadline passed: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    (async () => {
      await gateway.stop({ drainMs: DRAIN_MS });
      if (sandbox) await sandbox.stop();
    })().then(() => {
      logger.info({ signal }, 'stopped');
      process.exit(0);
    }, (err: Error) => {
      logger.error({ signal, err: { message: err.message, name: err.name } }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  const message = err instanceof ConfigError ? `configuration error: ${err.message}` : `failed to start: ${err.message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
