// @ts-check
// `npm run lint` (src/, test/, bench/, explorer/, scripts/*.js, scripts/browser/*.js). What fails it:
// - the layering of src/ (ARCHITECTURE.md): no import cycles; the sandbox imports nothing from the
//   gateway; services never import resolvers, the server or the GraphQL context; the planner (and
//   the pure catalog helpers it uses) import only the domain, the errors and each other: no I/O;
// - typescript-eslint's recommended rules, less the few turned off below (each with its reason).
// test/unit/lint-layering.test.ts shows each layering rule refusing a violation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/** The planner and the catalog helpers it calls: pure functions of their arguments. */
const PURE = [
  'src/services/provisioning/planner',
  'src/services/catalog/catalog-index.ts',
  'src/services/catalog/validate-product-mapping.ts',
  'src/services/catalog/stigg-type-picklist.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', '.tmp/**', 'node_modules/**', 'examples/**', 'reference/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x resolves .ts imports but never reads a .ts file's own imports (no cycle would be seen).
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })],
    },
    rules: {
      // Variables named `_x` are there on purpose (destructured away, or a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // A `let` declared before a closure that reads it is built (upstream-policy's breaker) is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', {
        zones: [
          {
            target: './src/sandbox',
            from: './src',
            except: ['./sandbox'],
            message: 'The sandbox is a separate program, reached only over HTTP: it imports nothing from the gateway.',
          },
          {
            target: './src/services',
            from: ['./src/resolvers', './src/server', './src/context'],
            message: 'Services take a Principal and the request loaders, never the GraphQL layer: no resolvers, server or context.',
          },
          ...PURE.map((target) => ({
            target: `./${target}`,
            from: './src',
            except: ['./domain', './errors', ...PURE.map((p) => `./${p.slice('src/'.length)}`)],
            message: 'The planner is pure (no I/O): it imports only src/domain, src/errors, the catalog index and other planner files.',
          })),
        ],
      }],
    },
  },
  {
    files: PURE.map((p) => (p.endsWith('.ts') ? p : `${p}/**/*.ts`)),
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^[^.]', message: 'The planner is pure (no I/O): no packages and no node: modules, only relative imports of pure files.' }],
      }],
    },
  },
  {
    // The emulators and the suites read untyped JSON from the wire; typing every access is a large rewrite for no safety in src/.
    files: ['src/sandbox/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Kysely's Dialect interface is declared with Kysely<any>.
    files: ['src/services/journal/concurrent-sqlite-dialect.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Escaping control characters is what it is for.
    files: ['src/services/salesforce/soql/quote-soql-string.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // The bench loads the built program (dist/) by a path computed at run time, and patches it before it starts.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
