/** Filters and cursor paging in the style of Stigg's list queries (nestjs-query comparisons, Relay connections). */

export interface Comparison<T = string> {
  eq?: T | null;
  neq?: T | null;
  in?: T[] | null;
  notIn?: T[] | null;
  like?: string | null;
  notLike?: string | null;
  iLike?: string | null;
  notILike?: string | null;
  gt?: T | null;
  gte?: T | null;
  lt?: T | null;
  lte?: T | null;
  is?: boolean | null;
  isNot?: boolean | null;
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, flags);
}

/** Does a value satisfy a comparison? (`is`/`isNot` compare with null, or with true/false for booleans) */
export function matches<T extends string | number | boolean>(value: T | null | undefined, cmp: Comparison<T> | null | undefined): boolean {
  if (!cmp) return true;
  const v = value ?? null;
  if (cmp.eq !== undefined && cmp.eq !== null && v !== cmp.eq) return false;
  if (cmp.neq !== undefined && cmp.neq !== null && v === cmp.neq) return false;
  if (cmp.in && (v === null || !cmp.in.includes(v as T))) return false;
  if (cmp.notIn && v !== null && cmp.notIn.includes(v as T)) return false;
  if (cmp.like != null && (v === null || !likeToRegExp(cmp.like, '').test(String(v)))) return false;
  if (cmp.notLike != null && v !== null && likeToRegExp(cmp.notLike, '').test(String(v))) return false;
  if (cmp.iLike != null && (v === null || !likeToRegExp(cmp.iLike, 'i').test(String(v)))) return false;
  if (cmp.notILike != null && v !== null && likeToRegExp(cmp.notILike, 'i').test(String(v))) return false;
  if (cmp.gt != null && (v === null || !(v > cmp.gt))) return false;
  if (cmp.gte != null && (v === null || !(v >= cmp.gte))) return false;
  if (cmp.lt != null && (v === null || !(v < cmp.lt))) return false;
  if (cmp.lte != null && (v === null || !(v <= cmp.lte))) return false;
  if (cmp.is !== undefined) {
    if (typeof v === 'boolean' ? v !== cmp.is : cmp.is === null && v !== null) return false;
  }
  if (cmp.isNot !== undefined) {
    if (typeof v === 'boolean' ? v === cmp.isNot : cmp.isNot === null && v === null) return false;
  }
  return true;
}

/** A filter object with `and` / `or` lists and per-field predicates. */
export function matchesFilter<F extends { and?: F[] | null; or?: F[] | null }>(
  filter: F | null | undefined,
  test: (f: F) => boolean,
): boolean {
  if (!filter) return true;
  if (!test(filter)) return false;
  if (filter.and && !filter.and.every((f) => matchesFilter(f, test))) return false;
  if (filter.or && filter.or.length > 0 && !filter.or.some((f) => matchesFilter(f, test))) return false;
  return true;
}

export interface CursorPaging {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { startCursor: string | null; endCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean };
  totalCount: number;
}

const encodeCursor = (i: number): string => Buffer.from(`cursor:${i}`).toString('base64');
function decodeCursor(c: string): number {
  const m = /^cursor:(\d+)$/.exec(Buffer.from(c, 'base64').toString('utf8'));
  return m ? Number(m[1]) : -1;
}

/** Stigg's page size when a list is asked for without one (the reference: `paging: CursorPaging = {first: 10}`). */
export const DEFAULT_PAGE_SIZE = 10;

/**
 * Offset cursors over an already filtered and sorted list. The list fields declare Stigg's default
 * `paging: {first: 10}`, which graphql-js applies when `paging` is absent. assumption: a `paging`
 * without `first` or `last` (e.g. only `after`) pages by 10 as well.
 */
export function paginate<T>(items: T[], paging: CursorPaging | null | undefined): Connection<T> {
  let start = 0;
  let end = items.length;
  if (paging?.after) start = Math.max(start, decodeCursor(paging.after) + 1);
  if (paging?.before) end = Math.min(end, Math.max(0, decodeCursor(paging.before)));
  const first = paging?.first ?? (paging?.last == null ? DEFAULT_PAGE_SIZE : null);
  if (first != null) end = Math.min(end, start + Math.max(0, first));
  if (paging?.last != null) start = Math.max(start, end - Math.max(0, paging.last));
  const edges = items.slice(start, end).map((node, k) => ({ cursor: encodeCursor(start + k), node }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
    },
    totalCount: items.length,
  };
}

/**
 * Sort by a list of `{ field, direction }` (later entries break ties). Items still equal keep the
 * order in which they were created, reversed when the first key is DESC (assumption: a stable
 * order for records created in the same millisecond, newest first like the list).
 */
export function sortBy<T>(items: T[], sorting: Array<{ field: string; direction: 'ASC' | 'DESC' }> | null | undefined, get: (item: T, field: string) => unknown): T[] {
  if (!sorting || sorting.length === 0) return items;
  const index = new Map(items.map((item, i) => [item, i]));
  const tie = sorting[0].direction === 'DESC' ? -1 : 1;
  return [...items].sort((a, b) => {
    for (const s of sorting) {
      const x = get(a, s.field) as string | number | null;
      const y = get(b, s.field) as string | number | null;
      if (x === y) continue;
      const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return s.direction === 'DESC' ? -c : c;
    }
    return tie * (index.get(a)! - index.get(b)!);
  });
}
