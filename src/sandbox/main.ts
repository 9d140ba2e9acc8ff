/* `npm run sandbox`: the emulators on loopback, until Ctrl-C. */
import { startSandbox } from './start-sandbox';

/** SANDBOX_PUBSUB_RETENTION_MS: how long change events stay replayable (default 72 h). */
function retentionMs(): number | undefined {
  const raw = process.env.SANDBOX_PUBSUB_RETENTION_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0) throw new Error('SANDBOX_PUBSUB_RETENTION_MS must be a number of milliseconds >= 0');
  return ms;
}

async function main(): Promise<void> {
  const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
  const sandbox = await startSandbox({
    salesforcePort: port('SANDBOX_SALESFORCE_PORT', 4010),
    stiggPort: port('SANDBOX_STIGG_PORT', 4020),
    pubsubPort: port('SANDBOX_PUBSUB_PORT', 4030),
    pubsubRetentionMs: retentionMs(),
    seedDir: process.env.SANDBOX_SEED ?? null,
  });
  const d = sandbox.describe();
  process.stdout.write([
    'Sandbox running (fixed development credentials, not secrets):',
    `  Salesforce instance URL: ${d.salesforce.instanceUrl}   access token: ${d.salesforce.accessToken}   API ${d.salesforce.apiVersion}`,
    `  Stigg GraphQL:           ${d.stigg.baseUri}/graphql   X-API-KEY: ${d.stigg.apiKey}`,
    `  Salesforce Pub/Sub API:  ${d.pubsub.endpoint} (gRPC, plaintext)   metadata accesstoken: the access token, instanceurl: ${d.salesforce.instanceUrl}, tenantid: ${d.pubsub.tenantId}   topic /data/OpportunityChangeEvent`,
    `  Try: curl -H 'Authorization: Bearer ${d.salesforce.accessToken}' '${d.salesforce.instanceUrl}/services/data/v${d.salesforce.apiVersion}/query?q=SELECT+Id,Name,StageName+FROM+Opportunity'`,
    '',
  ].join('\n'));
  const stop = (): void => { sandbox.stop().then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`sandbox failed to start: ${err.message}\n`);
  process.exit(1);
});
