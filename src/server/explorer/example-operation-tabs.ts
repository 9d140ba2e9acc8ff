import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionNode, FragmentDefinitionNode, OperationDefinitionNode, Source, parse, visit } from 'graphql';
import { ExplorerTab } from './explorer-settings';

/** explorer-tabs.json: which operations open first, and the variables each starts with (ids of the sandbox's seed). */
interface TabOrder {
  tabs: Array<{ operation: string; variables?: Record<string, unknown> }>;
}

interface ExampleOperation {
  name: string;
  text: string;
  fragmentNames: Set<string>;
  /** The comment lines its file starts with (what the file is for). */
  fileComment: string;
}

const ORDER_FILE = 'explorer-tabs.json';

/**
 * One tab per named operation of the `.graphql` files in `dir` (examples/operations), each
 * carrying the fragments it spreads (from any file), in the order of `explorer-tabs.json`
 * with its variables; operations it does not list follow in file order, with no variables.
 * `headers` goes into every tab's header editor. No directory (an image without the
 * examples): no tabs.
 */
export function exampleOperationTabs(dir: string, headers: string): ExplorerTab[] {
  if (!existsSync(dir)) return [];
  const operations: ExampleOperation[] = [];
  const fragments = new Map<string, { text: string; fragmentNames: Set<string> }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
    const body = readFileSync(join(dir, file), 'utf8');
    const fileComment = leadingComment(body);
    for (const definition of parse(new Source(body, file)).definitions) {
      if (definition.kind === 'FragmentDefinition') {
        fragments.set(definition.name.value, { text: textOf(body, definition), fragmentNames: spreadNames(definition) });
      } else if (definition.kind === 'OperationDefinition' && definition.name) {
        operations.push({ name: definition.name.value, text: textOf(body, definition), fragmentNames: spreadNames(definition), fileComment });
      }
    }
  }

  const order = readOrder(dir);
  const byName = new Map(operations.map((operation) => [operation.name, operation]));
  const listed = order.tabs.filter((tab) => byName.has(tab.operation));
  const listedNames = new Set(listed.map((tab) => tab.operation));
  const ordered = [
    ...listed.map((tab) => ({ operation: byName.get(tab.operation)!, variables: tab.variables })),
    ...operations.filter((operation) => !listedNames.has(operation.name)).map((operation) => ({ operation, variables: undefined })),
  ];
  return ordered.map(({ operation, variables }) => ({
    title: operation.name,
    query: [operation.fileComment, operation.text, ...fragmentTexts(operation.fragmentNames, fragments)].filter(Boolean).join('\n\n') + '\n',
    variables: variables ? JSON.stringify(variables, null, 2) : '',
    headers,
  }));
}

function readOrder(dir: string): TabOrder {
  const file = join(dir, ORDER_FILE);
  if (!existsSync(file)) return { tabs: [] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<TabOrder>;
  return { tabs: Array.isArray(parsed.tabs) ? parsed.tabs : [] };
}

/** The definition as written in its file (comments inside it kept). */
function textOf(body: string, definition: DefinitionNode): string {
  return definition.loc ? body.slice(definition.loc.start, definition.loc.end) : '';
}

function leadingComment(body: string): string {
  const lines: string[] = [];
  for (const line of body.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line);
  }
  return lines.join('\n');
}

function spreadNames(definition: OperationDefinitionNode | FragmentDefinitionNode): Set<string> {
  const names = new Set<string>();
  visit(definition, { FragmentSpread: (node) => { names.add(node.name.value); } });
  return names;
}

/** The texts of the fragments `names` spread, and of those they spread in turn, each once. */
function fragmentTexts(names: Set<string>, fragments: Map<string, { text: string; fragmentNames: Set<string> }>): string[] {
  const seen = new Set<string>();
  const texts: string[] = [];
  const add = (name: string): void => {
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return;
    seen.add(name);
    texts.push(fragment.text);
    for (const inner of fragment.fragmentNames) add(inner);
  };
  for (const name of names) add(name);
  return texts;
}
