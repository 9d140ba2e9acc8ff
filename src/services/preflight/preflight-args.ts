import { DEFAULT_PREVIEW_LIMIT, MAX_PREVIEW_LIMIT } from './preview-won-opportunities';

export interface PreflightArgs {
  json: boolean;
  limit: number;
  help: boolean;
}

export const PREFLIGHT_USAGE = [
  'Usage: npm run preflight -- [--limit N] [--json]',
  '',
  'Checks the Salesforce org and Stigg environment the SALESFORCE_* / STIGG_* variables name, as the gateway',
  'would use them, and writes nothing anywhere. Exit code 0 when no check failed (✗), 1 otherwise.',
  '',
  `  --limit N   won opportunities to preview, most recently closed first (1-${MAX_PREVIEW_LIMIT}, default ${DEFAULT_PREVIEW_LIMIT})`,
  '  --json      print the report as JSON',
  '',
].join('\n');

export class PreflightUsageError extends Error {}

export function parsePreflightArgs(argv: readonly string[]): PreflightArgs {
  const args: PreflightArgs = { json: false, limit: DEFAULT_PREVIEW_LIMIT, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--limit' || arg.startsWith('--limit=')) {
      const raw = arg === '--limit' ? argv[(i += 1)] : arg.slice('--limit='.length);
      const limit = Number(raw);
      if (raw === undefined || !Number.isInteger(limit) || limit < 1 || limit > MAX_PREVIEW_LIMIT) {
        throw new PreflightUsageError(`--limit must be a whole number from 1 to ${MAX_PREVIEW_LIMIT}`);
      }
      args.limit = limit;
    } else {
      throw new PreflightUsageError(`unknown argument '${arg}'`);
    }
  }
  return args;
}
