import { CreditGrantType, LogLevel, Stigg } from '@stigg/node-server-sdk';
import { TestStack } from './test-stack';

/**
 * A real Stigg SDK client on the stack's Stigg emulator, configured as the gateway's (no
 * WebSocket, no remote config, no Edge API: initialising sends nothing). Close it in afterAll.
 */
export async function stiggClient(stack: TestStack): Promise<Stigg> {
  const client = Stigg.initialize({
    apiKey: stack.sandbox.stigg.apiKey,
    baseUri: stack.sandbox.stigg.url,
    realtimeUpdatesEnabled: false,
    enableRemoteConfig: false,
    enableEdge: false,
    logConfiguration: { logLevel: LogLevel.NONE } as never,
  });
  await client.waitForInitialization();
  return client;
}

/** A customer created through the SDK (provisionCustomer, no subscription). */
export async function createStiggCustomer(
  client: Stigg, fields: { customerId: string; name?: string; email?: string; salesforceId?: string },
): Promise<void> {
  await client.provisionCustomer({
    customerId: fields.customerId,
    name: fields.name ?? fields.customerId,
    email: fields.email,
    salesforceId: fields.salesforceId,
    subscriptionParams: null,
  } as never);
}

/** A promotional grant through the SDK. */
export async function grantPromotionalCredits(
  client: Stigg, input: { customerId: string; currencyId: string; amount: number; displayName?: string; comment?: string; priority?: number; expireAt?: Date },
): Promise<string> {
  const grant = await client.grantCredits({ displayName: 'Promotional credits', ...input, grantType: CreditGrantType.Promotional } as never);
  return grant!.grantId;
}
