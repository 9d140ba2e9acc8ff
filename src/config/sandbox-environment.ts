/** The variables that name an upstream: with none of them set the gateway runs in sandbox mode (its emulators). */
export const UPSTREAM_VARIABLES = [
  'SALESFORCE_INSTANCE_URL',
  'SALESFORCE_ACCESS_TOKEN',
  'SALESFORCE_CLIENT_ID',
  'SALESFORCE_CLIENT_SECRET',
  'SALESFORCE_USERNAME',
  'SALESFORCE_PRIVATE_KEY_FILE',
  'STIGG_API_KEY',
] as const;

/**
 * Sandbox mode: no Salesforce credential and no Stigg key in the environment. The gateway's
 * configuration (load-config) and `npm run keys` (which journal holds the keys) decide it here.
 */
export function isSandboxEnvironment(env: Record<string, string | undefined>): boolean {
  return UPSTREAM_VARIABLES.every((name) => (env[name] ?? '').trim() === '');
}
