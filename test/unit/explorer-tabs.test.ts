import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, OperationDefinitionNode, parse, validate } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { exampleOperationTabs } from '../../src/server/explorer/example-operation-tabs';
import { explorerPage } from '../../src/server/explorer/explorer-page';
import { AUTHORIZATION_HINT, ExplorerSettings } from '../../src/server/explorer/explorer-settings';

/** The explorer's tabs: every example operation, runnable as it stands against the committed schema. */
const EXAMPLES = join(__dirname, '../../examples/operations');
const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
const order = JSON.parse(readFileSync(join(EXAMPLES, 'explorer-tabs.json'), 'utf8')) as { tabs: Array<{ operation: string }> };

const operationNames = readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql')).sort()
  .flatMap((file) => parse(readFileSync(join(EXAMPLES, file), 'utf8')).definitions)
  .filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
  .map((d) => d.name!.value);

describe('the explorer tabs from examples/operations', () => {
  const tabs = exampleOperationTabs(EXAMPLES, '');

  it('has one tab per operation, the ones explorer-tabs.json lists first, in its order', () => {
    expect(tabs.map((t) => t.title).sort()).toEqual([...operationNames].sort());
    expect(tabs.slice(0, order.tabs.length).map((t) => t.title)).toEqual(order.tabs.map((t) => t.operation));
    expect(tabs[0].title).toBe('PortalOpportunities');
  });

  it('lists only operations that exist', () => {
    expect(order.tabs.map((t) => t.operation).filter((name) => !operationNames.includes(name))).toEqual([]);
  });

  it.each(tabs.map((t) => [t.title, t] as const))('%s: one operation with its fragments, valid against schema.graphql, its variables coerced', (_title, tab) => {
    const document = parse(tab.query);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    expect(operations.map((o) => o.name?.value)).toEqual([tab.title]);
    expect(validate(schema, document)).toEqual([]);
    const variables = tab.variables ? JSON.parse(tab.variables) : {};
    const coerced = getVariableValues(schema, operations[0].variableDefinitions ?? [], variables);
    expect(coerced.errors ?? []).toEqual([]);
  });

  it('starts with the comment of the operation\'s file', () => {
    expect(tabs[0].query.startsWith('# The portal\'s deal desk view')).toBe(true);
  });

  it('puts the headers given into every tab (the Authorization hint when a key is needed)', () => {
    const withHint = exampleOperationTabs(EXAMPLES, AUTHORIZATION_HINT);
    expect(new Set(withHint.map((t) => t.headers))).toEqual(new Set([AUTHORIZATION_HINT]));
    expect(JSON.parse(AUTHORIZATION_HINT)).toEqual({ Authorization: 'Bearer <key>' });
  });

  it('follows fragments spread by fragments, each once, across files; no directory gives no tabs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explorer-tabs-'));
    try {
      writeFileSync(join(dir, 'a.graphql'), '# A\nquery One { opportunity(id: "x") { ...Outer ...Inner } }\nquery Two { __typename }\n');
      writeFileSync(join(dir, 'b.graphql'), 'fragment Outer on Opportunity { id ...Inner }\nfragment Inner on Opportunity { name }\n');
      writeFileSync(join(dir, 'explorer-tabs.json'), JSON.stringify({ tabs: [{ operation: 'Two', variables: { a: 1 } }, { operation: 'Gone' }] }));
      const made = exampleOperationTabs(dir, '');
      expect(made.map((t) => [t.title, t.variables])).toEqual([['Two', '{\n  "a": 1\n}'], ['One', '']]);
      expect(made[1].query).toBe('# A\n\nquery One { opportunity(id: "x") { ...Outer ...Inner } }\n\nfragment Outer on Opportunity { id ...Inner }\n\nfragment Inner on Opportunity { name }\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(exampleOperationTabs(join(tmpdir(), 'no-such-explorer-examples'), '')).toEqual([]);
  });
});

describe('the explorer page', () => {
  const settings = (query: string): ExplorerSettings => ({
    endpoint: '/graphql', assetsPath: '/explorer', authRequired: false, headersHint: AUTHORIZATION_HINT,
    tabs: [{ title: 'T', query, variables: '', headers: '' }],
  });

  it('carries the settings as JSON nothing in them can break out of', () => {
    const hostile = '</script><script>alert(1)</script> & \u2028';
    const page = explorerPage(settings(hostile), true);
    expect(page.match(/<\/script>/g)).toHaveLength(2); // the module script's and the settings block's own
    const json = /<script type="application\/json" id="explorer-settings">(.*)<\/script>/.exec(page)![1];
    expect((JSON.parse(json) as ExplorerSettings).tabs[0].query).toBe(hostile);
  });

  it('loads its script and stylesheet from the gateway itself, or says how to build them', () => {
    const page = explorerPage(settings('{ __typename }'), true);
    expect(page).toContain('<script type="module" src="/explorer/explorer.js"></script>');
    expect(page).toContain('<link rel="stylesheet" href="/explorer/explorer.css">');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    const unbuilt = explorerPage(settings('{ __typename }'), false);
    expect(unbuilt).not.toContain('explorer.js');
    expect(unbuilt).toContain('npm run build');
  });
});
