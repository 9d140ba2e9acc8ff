import { ValidationRule } from 'graphql';
import { aliasCountRule } from './alias-count-rule';
import { operationCountRule } from './operation-count-rule';
import { queryCostRule } from './query-cost-rule';
import { queryDepthRule } from './query-depth-rule';

export interface QueryLimitOptions {
  /** Deepest field nesting, root field = 1. */
  maxDepth?: number;
  /** Deepest nesting below `__schema` / `__type` (the standard introspection query is 15). */
  maxIntrospectionDepth?: number;
  maxCost?: number;
  maxAliases?: number;
  /** Operation definitions allowed in one document. */
  maxOperations?: number;
  /** Items assumed for a list field when the query gives no `first` (the API's default page). */
  defaultListSize?: number;
  /** Items assumed for a `first` given as a variable (the API's largest page). */
  maxPageSize?: number;
  /** Items assumed for a list field that takes no `first` (e.g. an opportunity's lineItems). Default: defaultListSize. */
  unpaginatedListSize?: number;
}

/**
 * The gateway's query limits as graphql-js validation rules, for Apollo
 * Server's `validationRules`: depth (QUERY_TOO_DEEP), estimated cost and
 * operations per document (QUERY_TOO_COMPLEX), aliases (TOO_MANY_ALIASES).
 */
export function queryLimitRules({
  maxDepth = 12,
  maxIntrospectionDepth = 15,
  maxCost = 5000,
  maxAliases = 30,
  maxOperations = 5,
  defaultListSize = 50,
  maxPageSize = 200,
  unpaginatedListSize = defaultListSize,
}: QueryLimitOptions = {}): ValidationRule[] {
  return [
    operationCountRule(maxOperations),
    queryDepthRule({ maxDepth, maxIntrospectionDepth }),
    aliasCountRule(maxAliases),
    queryCostRule({ maxCost, defaultListSize, maxPageSize, unpaginatedListSize }),
  ];
}
