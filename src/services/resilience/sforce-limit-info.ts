/** The org's API request usage in its rolling 24-hour window. */
export interface ApiUsage {
  used: number;
  limit: number;
}

/**
 * Reads Salesforce's `Sforce-Limit-Info` response header
 * (`api-usage=18/15000`, possibly with other entries such as
 * `per-app-api-usage=...` beside it). jsforce keeps the same numbers in
 * `connection.limitInfo.apiUsage`.
 */
export function parseSforceLimitInfo(header: string | null | undefined): ApiUsage | null {
  const match = header ? /(?:^|[\s,;])api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!match) return null;
  const used = Number(match[1]);
  const limit = Number(match[2]);
  return limit > 0 ? { used, limit } : null;
}
