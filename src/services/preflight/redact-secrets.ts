import { PreflightReport } from './preflight-report';

type Env = Record<string, string | undefined>;

/** Variables holding a secret (or one inside: keys in GATEWAY_API_KEYS, a password in DATABASE_URL). */
const SECRET_VARIABLES = [
  'SALESFORCE_CLIENT_SECRET', 'SALESFORCE_ACCESS_TOKEN', 'STIGG_API_KEY', 'PROVISIONING_HOOK_SECRET', 'GATEWAY_API_KEYS', 'DATABASE_URL',
];

/** Shorter values are not searched for (they would match ordinary words); no real credential is this short. */
const MIN_SECRET_LENGTH = 8;

/** The secret values configured in these variables, longest first. */
export function secretsOf(env: Env): string[] {
  const secrets = new Set<string>();
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    secrets.add(value);
    if (name === 'GATEWAY_API_KEYS') {
      for (const entry of value.split(';')) secrets.add(entry.trim().slice(0, Math.max(0, entry.trim().lastIndexOf(':'))));
    }
    if (name === 'DATABASE_URL') {
      try { secrets.add(decodeURIComponent(new URL(value).password)); } catch { /* not a URL: the whole value is covered */ }
    }
  }
  return [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * Every message of the report with any configured secret replaced. The checks never put one in
 * (gateway errors carry codes, not payloads); this is the second lock.
 */
export function redactReport(report: PreflightReport, secrets: readonly string[]): PreflightReport {
  const redact = (s: string) => redactText(s, secrets);
  return {
    ...report,
    sections: report.sections.map((section) => ({
      ...section,
      checks: section.checks.map((check) => ({
        ...check,
        message: redact(check.message),
        ...(check.details ? { details: check.details.map(redact) } : {}),
      })),
    })),
  };
}
