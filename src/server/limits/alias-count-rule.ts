import { ASTVisitor, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { FragmentMemo } from './fragment-memo';
import { QueryLimitError } from './query-limit-error';

/**
 * TOO_MANY_ALIASES when an operation holds more aliased fields than the limit.
 * Aliases are counted as the operation would run them: a fragment's aliases
 * count every time the fragment is spread (so an alias bomb cannot hide in a
 * fragment spread many times).
 */
export function aliasCountRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentAliases = new FragmentMemo<string, number>(0);

    const aliasesIn = (selectionSet: SelectionSetNode): number => {
      let count = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === 'Field') {
          if (selection.alias) count += 1;
          if (selection.selectionSet) count += aliasesIn(selection.selectionSet);
        } else if (selection.kind === 'InlineFragment') {
          count += aliasesIn(selection.selectionSet);
        } else {
          const fragment = context.getFragment(selection.name.value);
          if (fragment) count += fragmentAliases.measure(fragment.name.value, () => aliasesIn(fragment.selectionSet));
        }
      }
      return count;
    };

    return {
      OperationDefinition(operation) {
        const aliases = aliasesIn(operation.selectionSet);
        if (aliases > maxAliases) {
          context.reportError(new QueryLimitError('TOO_MANY_ALIASES',
            `The query uses ${aliases} aliases; the limit is ${maxAliases}.`, maxAliases, aliases, operation));
        }
        return false;
      },
    };
  };
}
