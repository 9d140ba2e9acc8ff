import { Scope } from '../config/gateway-config';

/** Who is calling: the API key's id (never the key), its scopes, and whether auth is off (sandbox). */
export interface Principal {
  id: string;
  scopes: ReadonlySet<Scope>;
  /** A browser key carries `read` only (docs/design.md, "Who may call"). */
  browser: boolean;
}

export const SANDBOX_PRINCIPAL: Principal = {
  id: 'sandbox',
  scopes: new Set<Scope>(['read', 'provision', 'credits', 'admin']),
  browser: false,
};
