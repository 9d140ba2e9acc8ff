import * as jsforce from 'jsforce';
import { SalesforceEmulator, startSalesforceEmulator, SalesforceEmulatorOptions } from '../../../src/sandbox/salesforce/salesforce-emulator';

export { jsforce };

/** Starts an emulator on a free loopback port for one suite. */
export async function startSf(opts: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  return startSalesforceEmulator({ host: '127.0.0.1', port: 0, ...opts });
}

/** A real jsforce connection holding the fixed development access token. */
export function connect(sf: SalesforceEmulator, extra: Partial<jsforce.ConnectionConfig> = {}): jsforce.Connection {
  return new jsforce.Connection({
    instanceUrl: sf.url,
    accessToken: sf.credentials.accessToken,
    version: sf.credentials.apiVersion,
    ...extra,
  });
}

/** Raw HTTP for exact status codes and bodies. */
export async function raw(
  sf: SalesforceEmulator,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? sf.credentials.accessToken}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${sf.url}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export const v = (sf: SalesforceEmulator) => `/services/data/v${sf.credentials.apiVersion}`;

/** Seeded ids by number (<prefix>Dn<10 digits> + suffix). */
export { makeId } from '../../../src/sandbox/salesforce/ids';
