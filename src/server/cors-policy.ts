/**
 * CORS for GATEWAY_CORS_ORIGINS. An origin is `scheme://host[:port]`; `*`
 * stands for exactly one host label (`https://*.lightning.force.com` allows
 * `https://acme.lightning.force.com`, not `https://a.b.lightning.force.com`).
 * Other origins get no CORS headers at all.
 */
export class CorsPolicy {
  private readonly patterns: RegExp[];

  constructor(origins: string[]) {
    this.patterns = origins.map((origin) => {
      const escaped = origin.toLowerCase().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[a-z0-9-]+');
      return new RegExp(`^${escaped}$`);
    });
  }

  /** True when any origin is configured. */
  get enabled(): boolean {
    return this.patterns.length > 0;
  }

  allows(origin: string | undefined): origin is string {
    if (!origin) return false;
    const lower = origin.toLowerCase();
    return this.patterns.some((p) => p.test(lower));
  }

  /** Headers for an allowed origin's actual request. */
  responseHeaders(origin: string): Record<string, string> {
    return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'x-request-id, retry-after' };
  }

  /** Headers for an allowed origin's preflight. */
  preflightHeaders(origin: string): Record<string, string> {
    return {
      ...this.responseHeaders(origin),
      'access-control-allow-methods': 'POST, GET, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id',
      'access-control-max-age': '600',
    };
  }
}
