import { ASTVisitor, FieldNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { FragmentMemo } from './fragment-memo';
import { QueryLimitError } from './query-limit-error';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

export interface QueryDepthLimits {
  /** Deepest field nesting allowed, counting the root field as 1 (`{ a { b } }` is 2). */
  maxDepth: number;
  /**
   * Depth allowed below `__schema` / `__type`. Introspection is not exempt from
   * depth, but the standard introspection query (graphql-js's
   * getIntrospectionQuery, sent by the explorer (GraphiQL) and codegen) is 15 deep.
   */
  maxIntrospectionDepth: number;
}

/**
 * QUERY_TOO_DEEP when an operation nests fields deeper than the limit.
 * Fragment spreads are followed (and measured once each); fragments and
 * inline fragments add no depth of their own.
 */
export function queryDepthRule(limits: QueryDepthLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentDepths = new FragmentMemo<string, number>(0);

    const depthOf = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let depth = 0;
        if (selection.kind === 'Field') {
          depth = 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0);
        } else if (selection.kind === 'InlineFragment') {
          depth = depthOf(selection.selectionSet);
        } else {
          const fragment = context.getFragment(selection.name.value);
          depth = fragment ? fragmentDepths.measure(fragment.name.value, () => depthOf(fragment.selectionSet)) : 0;
        }
        deepest = Math.max(deepest, depth);
      }
      return deepest;
    };

    /** Root fields of the operation, with fragments at the root level flattened. */
    const rootFields = (selectionSet: SelectionSetNode, seen = new Set<string>()): FieldNode[] =>
      selectionSet.selections.flatMap((selection) => {
        if (selection.kind === 'Field') return [selection];
        if (selection.kind === 'InlineFragment') return rootFields(selection.selectionSet, seen);
        const fragment = context.getFragment(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) return [];
        seen.add(fragment.name.value);
        return rootFields(fragment.selectionSet, seen);
      });

    return {
      OperationDefinition(operation) {
        let deepest = 0;
        let deepestIntrospection = 0;
        for (const field of rootFields(operation.selectionSet)) {
          const depth = 1 + (field.selectionSet ? depthOf(field.selectionSet) : 0);
          if (INTROSPECTION_ROOTS.has(field.name.value)) deepestIntrospection = Math.max(deepestIntrospection, depth);
          else deepest = Math.max(deepest, depth);
        }
        if (deepest > limits.maxDepth) {
          context.reportError(new QueryLimitError('QUERY_TOO_DEEP',
            `The query is ${deepest} levels deep; the limit is ${limits.maxDepth}.`, limits.maxDepth, deepest, operation));
        } else if (deepestIntrospection > limits.maxIntrospectionDepth) {
          context.reportError(new QueryLimitError('QUERY_TOO_DEEP',
            `The introspection query is ${deepestIntrospection} levels deep; the limit is ${limits.maxIntrospectionDepth}.`,
            limits.maxIntrospectionDepth, deepestIntrospection, operation));
        }
        return false;
      },
    };
  };
}
