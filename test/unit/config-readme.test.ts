import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '../../src/errors/error-codes';

/** The README documents every configuration variable the loader reads and every error code (docs/design.md, Errors: codes live in one module and the README). */
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const section = (title: string): string => {
  const start = readme.indexOf(`## ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
};

describe('README', () => {
  it('lists every variable loadConfig reads in "Configuration"', () => {
    const source = readFileSync(join(__dirname, '../../src/config/load-config.ts'), 'utf8');
    const variables = new Set([...source.matchAll(/\b(?:text|port|url|positive|positiveInteger|flag|fieldName)\(\s*(?:env,\s*)?'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
    expect(variables.size).toBeGreaterThan(30);
    const configuration = section('Configuration');
    const missing = [...variables].filter((name) => !configuration.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('has a row for every error code in "Error codes", and no row for a code that does not exist', () => {
    const table = section('Error codes');
    const rows = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.values(ErrorCodes).sort());
  });
});
