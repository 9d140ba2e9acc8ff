/* What `npm start` prints for the person who typed it, in sandbox mode (on stderr; stdout is the JSON log). */
import { resolve } from 'node:path';
import { GatewayConfig } from './config/gateway-config';

export const FIRST_QUERY = `{ opportunities(first: 5, filter: { isWon: true }) { edges { node { id name stageName amount { amount currency }
    lineItems { quantity product { name } mapping { stiggType stiggId status } salesPrice { amount currency } } } } } }`;

export interface SandboxBannerInput {
  /** The gateway's base URL. */
  url: string;
  salesforceUrl: string;
  stiggUrl: string;
  /** What the running gateway decided (GATEWAY_API_KEYS, a JWT issuer, or an active key in its key journal). */
  authenticationRequired: boolean;
  config: Pick<GatewayConfig, 'apiKeys' | 'journal' | 'introspection'>;
}

/** Where this gateway reads the keys `npm run keys` makes, and the variable that makes `npm run keys` write there. */
function keysJournal(config: SandboxBannerInput['config']): { where: string; prefix: string } {
  if (config.journal.databaseUrl) return { where: 'the PostgreSQL journal of DATABASE_URL', prefix: 'DATABASE_URL=<the same> ' };
  const path = resolve(config.journal.keysSqlitePath ?? config.journal.sqlitePath);
  // The sandbox's key journal is where `npm run keys` writes in sandbox mode anyway; JOURNAL_PATH must be given again.
  return config.journal.keysSqlitePath ? { where: path, prefix: '' } : { where: path, prefix: `JOURNAL_PATH=${path} ` };
}

/** The banner's lines: where everything is, whether a key is needed, and a first query that works as pasted. */
export function sandboxBanner(input: SandboxBannerInput): string {
  const { url, config } = input;
  const keys = keysJournal(config);
  const body = JSON.stringify({ query: FIRST_QUERY.replace(/\s+/g, ' ') });
  const authentication = input.authenticationRequired
    ? `  Authentication is on: send Authorization: Bearer <key>, a key of ${config.apiKeys.length > 0 ? 'GATEWAY_API_KEYS or of ' : ''}npm run keys (read here from ${keys.where}).`
    : `  !!! AUTHENTICATION IS OFF: sandbox mode with no GATEWAY_API_KEYS and no active key in ${keys.where} (npm run keys), bound to loopback only. Never expose this. !!!`;
  const firstQuery = input.authenticationRequired
    ? [
      `First query to paste, with a key that has the read scope in KEY (${config.apiKeys.length > 0 ? 'one of GATEWAY_API_KEYS, or ' : ''}KEY=$(${keys.prefix}npm run -s keys -- create --name me --scopes read | sed -n 's/^key: //p')):`,
      `  curl -s ${url}/graphql -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\`,
    ]
    : [
      'First query to paste:',
      `  curl -s ${url}/graphql -H 'content-type: application/json' \\`,
    ];
  return [
    '',
    `Order-to-cash gateway (SANDBOX MODE) at ${url}/graphql`,
    authentication,
    `  Salesforce emulator: ${input.salesforceUrl}   Stigg emulator: ${input.stiggUrl}/graphql`,
    `  Sandbox credentials: ${url}/sandbox`,
    ...(config.introspection ? [`  Explorer (GraphiQL, the example operations as tabs): open ${url}/graphql in a browser`] : []),
    '',
    ...firstQuery,
    `    -d '${body}'`,
    '',
    '',
  ].join('\n');
}
