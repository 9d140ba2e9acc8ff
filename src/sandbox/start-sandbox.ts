import { startSalesforceEmulator, SalesforceEmulator } from './salesforce/salesforce-emulator';
import { startStiggEmulator, StiggEmulator } from './stigg/stigg-emulator';

export interface RunningSandbox {
  salesforce: SalesforceEmulator;
  stigg: StiggEmulator;
  /** The GET /sandbox document (docs/design.md): fixed development credentials, not secrets. */
  describe(): SandboxDescription;
  stop(): Promise<void>;
}

export interface SandboxDescription {
  salesforce: { instanceUrl: string; loginUrl: string; accessToken: string; apiVersion: string };
  stigg: { baseUri: string; apiKey: string };
}

/** Starts both emulators on loopback. */
export async function startSandbox(opts: { host?: string; salesforcePort?: number; stiggPort?: number; seedDir?: string | null }): Promise<RunningSandbox> {
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
  return {
    salesforce,
    stigg,
    describe: () => ({
      salesforce: {
        instanceUrl: salesforce.url,
        loginUrl: salesforce.url,
        accessToken: salesforce.credentials.accessToken,
        apiVersion: salesforce.credentials.apiVersion,
      },
      stigg: { baseUri: stigg.url, apiKey: stigg.apiKey },
    }),
    async stop() {
      await Promise.all([salesforce.stop(), stigg.stop()]);
    },
  };
}
