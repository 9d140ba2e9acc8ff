import { readFile } from 'node:fs/promises';
import { Connection } from 'jsforce';
import { SignJWT, importPKCS8 } from 'jose';
import { SalesforceAuth } from '../../config/gateway-config';

/**
 * Opens a jsforce connection for one of the three ways DESIGN.md allows:
 * a ready session, OAuth2 client credentials, or the JWT bearer flow.
 * When a session expires jsforce calls `refreshFn` once per failed request
 * and retries that request once; we log in again the same way.
 */
export async function openSalesforceConnection(auth: SalesforceAuth, apiVersion: string): Promise<Connection> {
  if (auth.kind === 'session') {
    return new Connection({ instanceUrl: auth.instanceUrl, accessToken: auth.accessToken, version: apiVersion, httpProxy: undefined });
  }
  const login = async (): Promise<{ accessToken: string; instanceUrl: string }> => tokenFor(auth);
  const first = await login();
  return new Connection({
    instanceUrl: first.instanceUrl,
    accessToken: first.accessToken,
    version: apiVersion,
    refreshFn: (_conn, callback) => {
      login().then(
        (session) => callback(null, session.accessToken, { access_token: session.accessToken, instance_url: session.instanceUrl } as never),
        (err: Error) => callback(err),
      );
    },
  });
}

async function tokenFor(auth: Exclude<SalesforceAuth, { kind: 'session' }>): Promise<{ accessToken: string; instanceUrl: string }> {
  const form = new URLSearchParams();
  if (auth.kind === 'clientCredentials') {
    form.set('grant_type', 'client_credentials');
    form.set('client_id', auth.clientId);
    form.set('client_secret', auth.clientSecret);
  } else {
    const key = await importPKCS8(await readFile(auth.privateKeyFile, 'utf8'), 'RS256');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(auth.clientId)
      .setSubject(auth.username)
      .setAudience(auth.loginUrl)
      .setExpirationTime('3m')
      .sign(key);
    form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    form.set('assertion', assertion);
  }
  const response = await fetch(`${auth.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form,
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; instance_url?: string; error?: string };
  if (!response.ok || !body.access_token || !body.instance_url) {
    // The error code only: the body may echo request parameters.
    throw new Error(`Salesforce login failed (${response.status} ${body.error ?? 'no token'})`);
  }
  return { accessToken: body.access_token, instanceUrl: body.instance_url };
}
