/*
 * The benchmark's sandbox: both emulators on loopback in their own process.
 *
 *   node -r ./scripts/ts-register.js bench/sandbox-process.ts
 *
 * Prints one JSON line, the GET /sandbox description
 * ({"salesforce":{"instanceUrl","loginUrl","accessToken","apiVersion"},"stigg":{"baseUri","apiKey"}}),
 * then serves until SIGTERM. Faults and counters are reached over HTTP like any client
 * would (POST /__sandbox/faults, GET/DELETE /__sandbox/counters on each emulator);
 * what HTTP does not offer is an IPC request when forked (see `handle` below):
 * the Stigg emulator's opt-in rate limits, a provisioning audit read from the
 * emulator's store, and this process's RSS.
 *
 * The Salesforce emulator reports a daily API allowance of 1e9 requests so the
 * gateway's quota guard never sheds reads during a benchmark (the default 15,000
 * is a Developer Edition org's, which a load test spends in seconds).
 */
import { startSalesforceEmulator } from '../src/sandbox/salesforce/salesforce-emulator';
import { startStiggEmulator, StiggRateLimitOptions } from '../src/sandbox/stigg/stigg-emulator';

export interface SandboxRequest {
  id: number;
  type: 'rateLimits' | 'rateLimitStats' | 'provisioningAudit' | 'rss';
  options?: StiggRateLimitOptions | null;
  opportunityIds?: string[];
  accountIds?: string[];
}

export interface ProvisioningAudit {
  /** per opportunity id: subscriptions whose salesforceId is it */
  subscriptionsPerOpportunity: Record<string, number>;
  /** per account id: customers whose salesforceId is it */
  customersPerAccount: Record<string, number>;
}

async function main(): Promise<void> {
  const host = '127.0.0.1';
  const salesforce = await startSalesforceEmulator({ host, port: 0, dailyApiLimit: 1_000_000_000 });
  const stigg = await startStiggEmulator({ host, port: 0 });
  const description = {
    salesforce: { instanceUrl: salesforce.url, loginUrl: salesforce.url, accessToken: salesforce.credentials.accessToken, apiVersion: salesforce.credentials.apiVersion },
    stigg: { baseUri: stigg.url, apiKey: stigg.apiKey },
  };
  process.stdout.write(`${JSON.stringify(description)}\n`);

  const handle = (msg: SandboxRequest): unknown => {
    switch (msg.type) {
      case 'rateLimits':
        stigg.rateLimits.configure(msg.options ?? null);
        stigg.rateLimits.resetStats();
        return stigg.rateLimits.stats();
      case 'rateLimitStats':
        return stigg.rateLimits.stats();
      case 'rss':
        return process.memoryUsage().rss;
      case 'provisioningAudit': {
        const opps = new Set(msg.opportunityIds ?? []);
        const accounts = new Set(msg.accountIds ?? []);
        const subscriptionsPerOpportunity: Record<string, number> = Object.fromEntries([...opps].map((id) => [id, 0]));
        const customersPerAccount: Record<string, number> = Object.fromEntries([...accounts].map((id) => [id, 0]));
        for (const s of stigg.store.subscriptions.values()) if (s.salesforceId && opps.has(s.salesforceId)) subscriptionsPerOpportunity[s.salesforceId] += 1;
        for (const c of stigg.store.customers.values()) if (c.salesforceId && accounts.has(c.salesforceId)) customersPerAccount[c.salesforceId] += 1;
        return { subscriptionsPerOpportunity, customersPerAccount } satisfies ProvisioningAudit;
      }
      default:
        throw new Error(`unknown request ${(msg as { type: string }).type}`);
    }
  };
  process.on('message', (msg: SandboxRequest) => {
    try {
      process.send?.({ id: msg.id, ok: true, result: handle(msg) });
    } catch (err) {
      process.send?.({ id: msg.id, ok: false, error: (err as Error).message });
    }
  });

  const stop = (): void => {
    Promise.all([salesforce.stop(), stigg.stop()]).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`sandbox failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
