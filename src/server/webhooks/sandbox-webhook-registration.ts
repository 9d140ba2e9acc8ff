import { randomBytes } from 'node:crypto';
import { STIGG_WEBHOOK_PATH } from './stigg-webhook-route';

/**
 * Sandbox mode only: the Stigg emulator is told where the gateway listens, as one registers a webhook
 * in Stigg's app (Settings > Integrations > Webhooks), through the emulator's control endpoint
 * POST /__sandbox/webhooks {url, secret}. Reached over HTTP like any upstream; the gateway imports
 * nothing from the sandbox.
 */
export async function registerWithStiggSandbox(stiggBaseUri: string, gatewayUrl: string, secret: string): Promise<void> {
  const response = await fetch(`${stiggBaseUri}/__sandbox/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${gatewayUrl}${STIGG_WEBHOOK_PATH}`, secret }),
  });
  if (response.status !== 201) throw new Error(`the Stigg emulator refused the webhook registration (HTTP ${response.status})`);
}

/** A webhook secret for a sandbox run that set none (Stigg's app shows one per webhook). */
export function generatedWebhookSecret(): string {
  return randomBytes(24).toString('base64url');
}
