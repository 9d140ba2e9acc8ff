import { GatewayServices } from '../services/gateway-services';

const TIMEOUT_MS = 3_000;

async function check(name: string, probe: () => Promise<unknown>): Promise<[string, string]> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref())]);
    return [name, 'ok'];
  } catch (err) {
    return [name, `failing: ${(err as { code?: string }).code ?? (err as Error).message}`];
  }
}

/**
 * GET /readyz: each dependency answers (the journal, Salesforce, Stigg) and
 * neither upstream's circuit is open. Probes are cheap reads with a 3 s cap.
 */
export async function readinessOf(services: GatewayServices): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const results = await Promise.all([
    check('journal', () => services.journal.ping()),
    check('salesforce', async () => {
      if (services.policies.salesforce.isOpen()) throw new Error('circuit open');
      await services.salesforceClient.fieldNames('Opportunity');
    }),
    check('stigg', async () => {
      if (services.policies.stigg.isOpen()) throw new Error('circuit open');
      await services.stiggReader.catalog();
    }),
  ]);
  const checks = Object.fromEntries(results);
  return { ok: results.every(([, status]) => status === 'ok'), checks };
}
