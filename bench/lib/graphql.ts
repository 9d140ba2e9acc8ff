export interface GraphqlResponse<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** POST /graphql with a bearer key; never throws on GraphQL errors (the caller looks). */
export async function graphql<T = Record<string, unknown>>(
  baseUrl: string, key: string, query: string, variables: Record<string, unknown> = {}, timeoutMs = 120_000,
): Promise<GraphqlResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: res.status, errors: [{ message: text.slice(0, 300) }] };
  }
}

/** Runs `work` over `items` with at most `concurrency` at once; results in item order. */
export async function pool<I, O>(items: readonly I[], concurrency: number, work: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i], i);
  });
  await Promise.all(lanes);
  return out;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}
