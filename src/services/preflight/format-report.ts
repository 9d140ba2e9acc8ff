import { CheckStatus, PreflightReport } from './preflight-report';

export const STATUS_MARKS: Readonly<Record<CheckStatus, string>> = { ok: '✓', warn: '!', fail: '✗' };

/** The report as an operator reads it: a title per section, one mark per check, the summary last. */
export function formatReportText(report: PreflightReport): string {
  const lines: string[] = [];
  for (const section of report.sections) {
    lines.push(section.title);
    for (const check of section.checks) {
      lines.push(`  ${STATUS_MARKS[check.status]} ${check.message}`);
      for (const detail of check.details ?? []) lines.push(`      ${detail}`);
    }
    lines.push('');
  }
  lines.push(report.summary.text);
  return `${lines.join('\n')}\n`;
}

/** The same report for scripts (`--json`). */
export function formatReportJson(report: PreflightReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
