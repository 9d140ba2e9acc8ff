/* `npm run preflight`: checks the configured Salesforce org and Stigg environment before go-live; writes nothing. */
import {
  formatReportJson, formatReportText, parsePreflightArgs, PREFLIGHT_USAGE, PreflightUsageError, redactText, runPreflight, secretsOf,
} from './services/preflight';

function exit(code: number, text: string, stream: NodeJS.WriteStream = process.stdout): void {
  // Exit once the output is flushed: the upstream clients may keep sockets open a while.
  stream.write(text, () => process.exit(code));
}

async function main(): Promise<void> {
  let args;
  try {
    args = parsePreflightArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof PreflightUsageError) return exit(2, `preflight: ${err.message}\n\n${PREFLIGHT_USAGE}`, process.stderr);
    throw err;
  }
  if (args.help) return exit(0, PREFLIGHT_USAGE);
  const report = await runPreflight({ env: process.env, limit: args.limit });
  exit(report.exitCode, args.json ? formatReportJson(report) : formatReportText(report));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  exit(1, `preflight failed: ${redactText(message, secretsOf(process.env))}\n`, process.stderr);
});
