import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The layering rules of eslint.config.mjs refuse what they are for: each snippet is linted in
 * memory as if it were the named file (nothing is written), with the project's own config.
 * ESLint runs in a child process: it loads its config with import(), which jest's VM does not allow.
 */
const ROOT = join(__dirname, '..', '..');

interface Case { file: string; code: string }
interface Found { ruleId: string | null; message: string }

function lint(cases: Case[]): Found[][] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: c.file });
        out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' })) as Found[][];
}

const CASES: Array<Case & { rule: string; says: RegExp }> = [
  {
    file: 'src/sandbox/stigg/layering-probe.ts',
    code: "import { openJournal } from '../../services/journal';\nexport const probe = openJournal;\n",
    rule: 'import-x/no-restricted-paths',
    says: /sandbox .* imports nothing from the gateway/,
  },
  {
    file: 'src/services/credits/layering-probe.ts',
    code: "import { resolvers } from '../../resolvers';\nexport const probe = resolvers;\n",
    rule: 'import-x/no-restricted-paths',
    says: /never the GraphQL layer/,
  },
  {
    file: 'src/services/provisioning/planner/layering-probe.ts',
    code: "import { openJournal } from '../../journal';\nexport const probe = openJournal;\n",
    rule: 'import-x/no-restricted-paths',
    says: /planner is pure/,
  },
  {
    file: 'src/services/provisioning/planner/layering-probe.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    rule: 'no-restricted-imports',
    says: /planner is pure/,
  },
  {
    // request-scope.ts as if it imported the logger, which imports request-scope.
    file: 'src/observability/request-scope.ts',
    code: "import { createLogger } from './logger';\nexport const probe = createLogger;\nexport function currentRequestId(): string | undefined { return undefined; }\n",
    rule: 'import-x/no-cycle',
    says: /cycle/i,
  },
];

describe('the layering rules (eslint.config.mjs)', () => {
  let found: Found[][];
  beforeAll(() => {
    found = lint([...CASES, { file: 'src/services/provisioning/planner/layering-probe.ts', code: "import { Money } from '../../../domain/money';\nexport type Probe = Money;\n" }]);
  }, 30_000);

  it.each(CASES.map((c, i) => [`${c.rule} in ${c.file}`, i] as const))('refuses %s', (_name, i) => {
    const c = CASES[i];
    expect(found[i]).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: c.rule, message: expect.stringMatching(c.says) })]));
  });

  it('lets the planner import the domain', () => {
    expect(found[CASES.length]).toEqual([]);
  });
});
