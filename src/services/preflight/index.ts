export { runPreflight } from './run-preflight';
export type { PreflightOptions } from './run-preflight';
export type { CheckLine, CheckStatus, PreflightReport, ReportSection, ReportSummary } from './preflight-report';
export { formatReportJson, formatReportText, STATUS_MARKS } from './format-report';
export { parsePreflightArgs, PreflightUsageError, PREFLIGHT_USAGE } from './preflight-args';
export { redactText, secretsOf } from './redact-secrets';
