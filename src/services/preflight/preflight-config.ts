import { ConfigError } from '../../config/config-error';
import { GatewayConfig, SalesforceAuth } from '../../config/gateway-config';
import { isLoopbackHost, loadConfig } from '../../config/load-config';
import { ReportSection, SectionBuilder } from './preflight-report';

type Env = Record<string, string | undefined>;

/** The gateway's configuration as preflight uses it, or why it cannot run; with the Configuration section either way. */
export type PreflightConfig =
  | { config: GatewayConfig; section: ReportSection }
  | { config: null; section: ReportSection };

/**
 * Stands in for GATEWAY_API_KEYS when neither keys nor a JWT issuer are set: the gateway refuses
 * to start without authentication, preflight serves no one and needs none (it reports the gap).
 * Never used to authenticate anything.
 */
const PLACEHOLDER_API_KEYS = 'preflight-needs-no-gateway-key:read';

const set = (env: Env, name: string) => (env[name] ?? '').trim() !== '';

/**
 * Loads the configuration the gateway would load from these variables (same loader, same
 * checks). Sandbox mode (no upstream variable) stops here: preflight checks real upstreams, or
 * the emulators of `npm run sandbox` when the variables point at them.
 */
export function loadPreflightConfig(env: Env): PreflightConfig {
  const section = new SectionBuilder('configuration', 'Configuration');
  const missingGatewayAuth = !set(env, 'GATEWAY_API_KEYS') && !set(env, 'GATEWAY_JWT_ISSUER');
  let config: GatewayConfig;
  try {
    try {
      config = loadConfig(env);
    } catch (err) {
      // Refusals about running without authentication (GATEWAY_API_KEYS; HOST in sandbox mode) concern serving, not preflight.
      if (!(err instanceof ConfigError && (err.variable === 'GATEWAY_API_KEYS' || err.variable === 'HOST') && missingGatewayAuth)) throw err;
      config = loadConfig({ ...env, GATEWAY_API_KEYS: PLACEHOLDER_API_KEYS });
    }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    section.fail('load', `The gateway would not start: ${err.message}`);
    return { config: null, section: section.build() };
  }

  if (config.sandbox || !config.salesforce.auth || !config.stigg.apiKey) {
    section.fail('upstreams', 'No Salesforce or Stigg credentials are set: preflight checks a real Salesforce org and Stigg environment.', [
      'Set the SALESFORCE_* variables (client credentials, JWT bearer or a ready session) and STIGG_API_KEY (README: Configuration).',
      'To try it on the sandbox: run `npm run sandbox` and set SALESFORCE_INSTANCE_URL, SALESFORCE_ACCESS_TOKEN, STIGG_BASE_URI and STIGG_API_KEY to the values it prints.',
    ]);
    return { config: null, section: section.build() };
  }

  section.ok('salesforce', `Salesforce: ${describeAuth(config.salesforce.auth)}, API ${config.salesforce.apiVersion}`);
  section.ok('stigg', `Stigg: ${config.stigg.baseUri}`);
  const loopback = [
    isLoopback(salesforceUrlOf(config.salesforce.auth)) ? 'Salesforce' : null,
    isLoopback(config.stigg.baseUri) ? 'Stigg' : null,
  ].filter((s): s is string => s !== null);
  if (loopback.length > 0) {
    section.warn('loopback', `${loopback.join(' and ')} ${loopback.length > 1 ? 'are' : 'is'} on this machine (the sandbox emulators?), not the org and environment you go live with.`);
  }
  if (missingGatewayAuth) {
    section.warn('gatewayAuth', 'Neither GATEWAY_API_KEYS nor GATEWAY_JWT_ISSUER is set: the gateway refuses to start against real upstreams without them (preflight itself needs neither).');
  }
  return { config, section: section.build() };
}

function describeAuth(auth: SalesforceAuth): string {
  switch (auth.kind) {
    case 'session':
      return `a ready session on ${auth.instanceUrl} (it cannot be refreshed when it expires)`;
    case 'clientCredentials':
      return `OAuth client credentials at ${auth.loginUrl}`;
    case 'jwtBearer':
      return `JWT bearer for ${auth.username} at ${auth.loginUrl} (audience ${auth.audience})`;
  }
}

function salesforceUrlOf(auth: SalesforceAuth): string {
  return auth.kind === 'session' ? auth.instanceUrl : auth.loginUrl;
}

function isLoopback(url: string): boolean {
  return isLoopbackHost(new URL(url).hostname);
}
