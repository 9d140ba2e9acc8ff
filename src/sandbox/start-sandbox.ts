import { startPubSubEmulator, PubSubEmulator } from './pubsub/pubsub-emulator';
import { ORG_ID, USER_ID } from './salesforce/oauth';
import { startSalesforceEmulator, SalesforceEmulator } from './salesforce/salesforce-emulator';
import { startStiggEmulator, StiggEmulator } from './stigg/stigg-emulator';

export interface RunningSandbox {
  salesforce: SalesforceEmulator;
  stigg: StiggEmulator;
  /** The Pub/Sub API emulator: change events of the Salesforce emulator's commits (pubsub/README.md). */
  pubsub: PubSubEmulator;
  /** The GET /sandbox document (docs/design.md): fixed development credentials, not secrets. */
  describe(): SandboxDescription;
  stop(): Promise<void>;
}

export interface SandboxDescription {
  salesforce: { instanceUrl: string; loginUrl: string; accessToken: string; apiVersion: string };
  stigg: { baseUri: string; apiKey: string };
  /** endpoint: host:port, plaintext gRPC (SALESFORCE_PUBSUB_ENDPOINT); tenantId: the org id (`tenantid` metadata). */
  pubsub: { endpoint: string; tenantId: string };
}

/** Starts the emulators on loopback (ports: 0 or absent = any free port). */
export async function startSandbox(opts: {
  host?: string;
  salesforcePort?: number;
  stiggPort?: number;
  pubsubPort?: number;
  /** SANDBOX_PUBSUB_RETENTION_MS (default 72 h) */
  pubsubRetentionMs?: number;
  /** idle time before a Subscribe keepalive (default 270 s) */
  pubsubKeepaliveMs?: number;
  seedDir?: string | null;
}): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const seedDir = opts.seedDir ?? undefined;
  const salesforce = await startSalesforceEmulator({ host, port: opts.salesforcePort ?? 0, seedDir });
  let stigg: StiggEmulator;
  try {
    stigg = await startStiggEmulator({ host, port: opts.stiggPort ?? 0, seedDir });
  } catch (err) {
    await salesforce.stop();
    throw err;
  }
  let pubsub: PubSubEmulator;
  try {
    pubsub = await startPubSubEmulator({
      host,
      port: opts.pubsubPort ?? 0,
      isValidToken: (token) => salesforce.sessions.lookup(token) !== undefined,
      tenantId: ORG_ID,
      commitUser: USER_ID,
      apiVersion: salesforce.credentials.apiVersion,
      retentionMs: opts.pubsubRetentionMs,
      keepaliveMs: opts.pubsubKeepaliveMs,
    });
  } catch (err) {
    await Promise.all([salesforce.stop(), stigg.stop()]);
    throw err;
  }
  // Change events follow the Salesforce emulator's commits; the control surface is its /__sandbox/pubsub/*.
  salesforce.store.onCommit((changes, committedAt) => pubsub.publishCommitted(changes, committedAt));
  salesforce.addControl((method, path, rawBody) => pubsub.control(method, path, rawBody));
  return {
    salesforce,
    stigg,
    pubsub,
    describe: () => ({
      salesforce: {
        instanceUrl: salesforce.url,
        loginUrl: salesforce.url,
        accessToken: salesforce.credentials.accessToken,
        apiVersion: salesforce.credentials.apiVersion,
      },
      stigg: { baseUri: stigg.url, apiKey: stigg.apiKey },
      pubsub: { endpoint: pubsub.endpoint, tenantId: pubsub.tenantId },
    }),
    async stop() {
      await Promise.all([salesforce.stop(), stigg.stop(), pubsub.stop()]);
    },
  };
}
