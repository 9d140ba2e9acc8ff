import {
  ASTVisitor, FieldNode, GraphQLCompositeType, GraphQLField, GraphQLSchema, SelectionSetNode, ValidationContext, ValidationRule,
  getNamedType, getNullableType, isCompositeType, isInterfaceType, isListType, isObjectType,
} from 'graphql';
import { FragmentMemo } from './fragment-memo';
import { QueryLimitError } from './query-limit-error';

const FREE_FIELDS = new Set(['__schema', '__type', '__typename']);

export interface QueryCostLimits {
  maxCost: number;
  /** Items assumed for a field taking `first` when the query omits it (the API's default page). */
  defaultListSize: number;
  /**
   * Items assumed when `first` is a variable. Validation rules never see
   * variable values (graphql-js validates the document alone, and Apollo
   * caches the validated document across requests), so a variable `first`
   * is priced at the largest page the API serves.
   */
  maxPageSize: number;
  /** Items assumed for a list field that takes no `first` (a record's child collection, e.g. lineItems). */
  unpaginatedListSize: number;
}

/**
 * QUERY_TOO_COMPLEX when an operation's estimated cost is above the limit.
 *
 * Each field costs 1. A field that returns a list multiplies the cost of its
 * sub-selection by how many items it can return: its literal `first`,
 * `maxPageSize` for a variable `first`, `defaultListSize` when `first` is
 * omitted, and `unpaginatedListSize` for a list that takes no `first`. A connection
 * (a field taking `first` that returns an object, e.g.
 * `opportunities(first: 10) { edges { node { id } } pageInfo { hasNextPage } }`)
 * hands its page size to the lists selected directly on it (`edges`,
 * `nodes`); its other fields (`pageInfo`) are counted once.
 * Introspection (`__schema`, `__type`) and `__typename` cost nothing: they
 * never reach an upstream. Fragments are priced where they are spread.
 */
export function queryCostRule(limits: QueryCostLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragmentCosts = new FragmentMemo<string, number>(0);

    /** How many items `first` asks for, or undefined when the field takes no `first`. */
    const pageSizeOf = (field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number | undefined => {
      if (!definition?.args.some((arg) => arg.name === 'first')) return undefined;
      const first = field.arguments?.find((arg) => arg.name.value === 'first')?.value;
      if (!first || first.kind === 'NullValue') return limits.defaultListSize;
      if (first.kind === 'IntValue') return Math.max(0, Number.parseInt(first.value, 10));
      return limits.maxPageSize;
    };

    /**
     * `connectionItems`: set when this selection set is on a connection, the
     * page size its lists (`edges`, `nodes`) hold.
     */
    const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType | undefined, connectionItems?: number): number => {
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === 'Field') {
          if (FREE_FIELDS.has(selection.name.value)) continue;
          const definition = fieldDefinition(parentType, selection.name.value);
          const pageSize = pageSizeOf(selection, definition);
          const returnsList = !!definition && isListType(getNullableType(definition.type));
          let items = 1;
          let childConnectionItems: number | undefined;
          if (returnsList) items = pageSize ?? connectionItems ?? limits.unpaginatedListSize;
          else if (pageSize !== undefined) childConnectionItems = pageSize;
          let below = 0;
          if (selection.selectionSet) {
            const type = definition ? getNamedType(definition.type) : undefined;
            below = costOf(selection.selectionSet, type && isCompositeType(type) ? type : undefined, childConnectionItems);
          }
          total += 1 + items * below;
        } else if (selection.kind === 'InlineFragment') {
          total += costOf(selection.selectionSet, narrow(schema, selection.typeCondition?.name.value, parentType), connectionItems);
        } else {
          const fragment = context.getFragment(selection.name.value);
          if (!fragment) continue;
          const type = narrow(schema, fragment.typeCondition.name.value, parentType);
          total += fragmentCosts.measure(`${fragment.name.value}:${connectionItems ?? ''}`,
            () => costOf(fragment.selectionSet, type, connectionItems));
        }
      }
      return total;
    };

    return {
      OperationDefinition(operation) {
        const rootType = schema.getRootType(operation.operation) ?? undefined;
        const cost = costOf(operation.selectionSet, rootType);
        if (cost > limits.maxCost) {
          context.reportError(new QueryLimitError('QUERY_TOO_COMPLEX',
            `The query's estimated cost is ${cost}; the limit is ${limits.maxCost}. Ask for fewer items (first) or fewer fields.`,
            limits.maxCost, cost, operation));
        }
        return false;
      },
    };
  };
}

function fieldDefinition(parentType: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (parentType && (isObjectType(parentType) || isInterfaceType(parentType))) return parentType.getFields()[name];
  return undefined;
}

function narrow(schema: GraphQLSchema, typeName: string | undefined, fallback: GraphQLCompositeType | undefined): GraphQLCompositeType | undefined {
  if (!typeName) return fallback;
  const type = schema.getType(typeName);
  return type && isCompositeType(type) ? type : undefined;
}
