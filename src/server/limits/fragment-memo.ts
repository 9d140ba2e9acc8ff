/**
 * Measures named fragments once each, however often they are spread, and
 * stops at fragment cycles (graphql-js's NoFragmentCyclesRule reports those;
 * the limit rules run beside it on the same document and must not recurse for ever).
 */
export class FragmentMemo<K, V> {
  private readonly done = new Map<K, V>();
  private readonly inProgress = new Set<K>();

  constructor(private readonly onCycle: V) {}

  measure(key: K, compute: () => V): V {
    const known = this.done.get(key);
    if (known !== undefined) return known;
    if (this.inProgress.has(key)) return this.onCycle;
    this.inProgress.add(key);
    try {
      const value = compute();
      this.done.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }
}
