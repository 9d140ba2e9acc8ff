/** Orders batch results for a DataLoader: one entry per key, in key order. */
export function oneByKey<K, V>(keys: readonly K[], values: readonly V[], keyOf: (v: V) => K | null): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const value of values) {
    const key = keyOf(value);
    if (key !== null && !byKey.has(key)) byKey.set(key, value);
  }
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Groups batch results for a DataLoader: a list per key, in key order. */
export function manyByKey<K, V>(keys: readonly K[], values: readonly V[], keyOf: (v: V) => K | null): V[][] {
  const byKey = new Map<K, V[]>();
  for (const value of values) {
    const key = keyOf(value);
    if (key === null) continue;
    const list = byKey.get(key);
    if (list) list.push(value);
    else byKey.set(key, [value]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}
