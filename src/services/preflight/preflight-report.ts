/**
 * What `npm run preflight` finds: sections of checks, each ✓ (ok), ! (warn: worth a look, does not
 * block go-live) or ✗ (fail: fix before go-live). The exit code is 1 when any check failed.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckLine {
  /** Stable, for scripts reading `--json` (e.g. `salesforce.field.Opportunity.subscriptionId`). */
  id: string;
  status: CheckStatus;
  message: string;
  /** Further lines shown under the message (a problem to fix, a plan's warnings...). */
  details?: string[];
}

export interface ReportSection {
  id: string;
  title: string;
  checks: CheckLine[];
}

export interface ReportSummary {
  ok: number;
  warnings: number;
  failures: number;
  /** No check failed. */
  ready: boolean;
  text: string;
}

export interface PreflightReport {
  sections: ReportSection[];
  summary: ReportSummary;
  exitCode: 0 | 1;
}

/** A section being filled in, check by check. */
export class SectionBuilder {
  readonly checks: CheckLine[] = [];

  constructor(readonly id: string, readonly title: string) {}

  add(status: CheckStatus, id: string, message: string, details?: string[]): this {
    this.checks.push(details && details.length > 0 ? { id: `${this.id}.${id}`, status, message, details } : { id: `${this.id}.${id}`, status, message });
    return this;
  }

  ok(id: string, message: string, details?: string[]): this { return this.add('ok', id, message, details); }
  warn(id: string, message: string, details?: string[]): this { return this.add('warn', id, message, details); }
  fail(id: string, message: string, details?: string[]): this { return this.add('fail', id, message, details); }

  /** A check that could not run because an earlier one failed: a warning naming why. */
  skipped(id: string, what: string, because: string): this { return this.warn(id, `${what}: skipped (${because})`); }

  build(): ReportSection {
    return { id: this.id, title: this.title, checks: [...this.checks] };
  }
}

/** The report of these sections, with its summary and exit code. */
export function preflightReport(sections: ReportSection[]): PreflightReport {
  const all = sections.flatMap((s) => s.checks);
  const count = (status: CheckStatus) => all.filter((c) => c.status === status).length;
  const ok = count('ok');
  const warnings = count('warn');
  const failures = count('fail');
  const ready = failures === 0;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const text = `${ready ? 'Ready for go-live' : 'Not ready for go-live'}: ${plural(ok, 'check')} passed, `
    + `${plural(warnings, 'warning')}, ${plural(failures, 'failure')}. Nothing was written.`;
  return { sections, summary: { ok, warnings, failures, ready, text }, exitCode: ready ? 0 : 1 };
}
