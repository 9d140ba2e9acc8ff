import { randomBytes } from 'node:crypto';
import { LogLevel, Stigg } from '@stigg/node-server-sdk';
import { RecordedGraphQLRequest, startStiggEmulator, StiggEmulator } from '../../../src/sandbox/stigg/stigg-emulator';
import { StiggOperations } from '../../../src/services/stigg/operations';

/** An emulator on a free loopback port, a real SDK client and the gateway's operations sender. */
export interface StiggHarness {
  emulator: StiggEmulator;
  client: Stigg;
  ops: StiggOperations;
  /** every GraphQL request the emulator received, in order */
  recorded: RecordedGraphQLRequest[];
  /** another SDK client (closed by stop()) */
  newClient(overrides?: Partial<Parameters<typeof Stigg.initialize>[0]>): Stigg;
  stop(): Promise<void>;
}

/**
 * The SDK configuration the gateway needs against the sandbox: no WebSocket (realtime), no
 * GetSdkConfiguration call on start (remote config), no Edge API (it would go to port 3060 on
 * loopback). With these, `initialize` sends nothing at all.
 */
export function sdkOptions(emulator: StiggEmulator): Parameters<typeof Stigg.initialize>[0] {
  return {
    apiKey: emulator.apiKey,
    baseUri: emulator.url,
    realtimeUpdatesEnabled: false,
    enableRemoteConfig: false,
    enableEdge: false,
    logConfiguration: { logger: console, logLevel: LogLevel.NONE },
  };
}

export async function startStiggHarness(options: { seedDir?: string } = {}): Promise<StiggHarness> {
  const recorded: RecordedGraphQLRequest[] = [];
  const emulator = await startStiggEmulator({ host: '127.0.0.1', port: 0, seedDir: options.seedDir, onRequest: (r) => recorded.push(r) });
  const clients: Stigg[] = [];
  const newClient = (overrides: Partial<Parameters<typeof Stigg.initialize>[0]> = {}) => {
    const c = Stigg.initialize({ ...sdkOptions(emulator), ...overrides });
    clients.push(c);
    return c;
  };
  const client = newClient();
  await client.waitForInitialization();
  const ops = new StiggOperations({ apiKey: emulator.apiKey, baseUri: emulator.url, timeoutMs: 5_000 });
  return {
    emulator,
    client,
    ops,
    recorded,
    newClient,
    stop: async () => {
      for (const c of clients) await c.close();
      await emulator.stop();
    },
  };
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A raw POST /graphql (for error shapes the clients hide). */
export async function rawGraphQL(
  emulator: StiggEmulator,
  query: string,
  variables: Record<string, unknown> = {},
  apiKey: string | null = emulator.apiKey,
): Promise<{ status: number; headers: Headers; text: string; json: any }> {
  const res = await fetch(`${emulator.url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(apiKey !== null ? { 'X-API-KEY': apiKey } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Provisions a customer through the SDK (no subscription) and returns its id. */
export async function newCustomer(
  client: Stigg,
  fields: { email?: string | null; name?: string; salesforceId?: string; withPaymentMethod?: boolean } = {},
): Promise<string> {
  const customerId = uniqueId('customer');
  await client.provisionCustomer({
    customerId,
    name: fields.name ?? `Customer ${customerId}`,
    email: fields.email === null ? undefined : fields.email ?? `${customerId}@example.test`,
    salesforceId: fields.salesforceId,
    billingInfo: fields.withPaymentMethod ? { paymentMethodId: 'pm_card_visa' } : undefined,
    subscriptionParams: null,
  });
  return customerId;
}

/** Rejects with the thrown error (for asserting on SDK errors: message and errorCode). */
export async function caught(promise: Promise<unknown>): Promise<Error & { errorCode?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { errorCode?: string };
  }
  throw new Error('expected the call to fail');
}
