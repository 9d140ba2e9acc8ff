/**
 * The `aud` claim of a Salesforce JWT bearer assertion (Salesforce Help: "OAuth 2.0 JWT Bearer Flow
 * for Server-to-Server Integration"): the authorization server's URL, which is
 * https://login.salesforce.com, https://test.salesforce.com for a sandbox, or the URL of an
 * Experience Cloud site (`https://acme.my.site.com`, with the site's path when it has one:
 * `https://acme.force.com/customers`). An org's My Domain login URL is not an audience: Salesforce
 * answers HTTP 400 `{"error":"invalid_grant","error_description":"audience is invalid"}`.
 */
export const PRODUCTION_JWT_AUDIENCE = 'https://login.salesforce.com';
export const SANDBOX_JWT_AUDIENCE = 'https://test.salesforce.com';

/** Experience Cloud (community) hosts: the site itself is the audience. */
const SITE_HOSTS = [/\.my\.site\.com$/, /\.force\.com$/];

/** Sandbox login hosts. */
const SANDBOX_HOSTS = [
  /^test\.salesforce\.com$/,
  /\.sandbox\.my\.salesforce\.com$/, // enhanced domains: MyDomainName--SandboxName.sandbox.my.salesforce.com
  /^[a-z0-9-]+--[a-z0-9-]+\.my\.salesforce\.com$/, // without enhanced domains: MyDomainName--SandboxName.my.salesforce.com
  /(^|\.)cs\d+(\.my)?\.salesforce\.com$/, // instanced: MyDomainName--SandboxName.csNN.my.salesforce.com, csNN.salesforce.com
];

/**
 * The audience for a login URL: the site's URL for an Experience Cloud site, test.salesforce.com
 * for a sandbox, login.salesforce.com for everything else (login.salesforce.com itself, a
 * production My Domain, the emulator on loopback).
 */
export function defaultJwtAudience(loginUrl: string): string {
  const url = new URL(loginUrl);
  const host = url.hostname.toLowerCase();
  if (SITE_HOSTS.some((pattern) => pattern.test(host))) return withoutTrailingSlash(url);
  if (SANDBOX_HOSTS.some((pattern) => pattern.test(host))) return SANDBOX_JWT_AUDIENCE;
  return PRODUCTION_JWT_AUDIENCE;
}

/**
 * A configured audience in canonical form (no trailing slash), or null when it is not an https
 * URL made of an origin and, for an Experience Cloud site, a path (no credentials, query or fragment).
 */
export function canonicalJwtAudience(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash || raw.includes('?') || raw.includes('#')) return null;
  return withoutTrailingSlash(url);
}

function withoutTrailingSlash(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
