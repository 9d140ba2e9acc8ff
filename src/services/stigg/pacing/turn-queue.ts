/**
 * Turns in arrival order, per key, within this process: `run(key, fn)` starts `fn` once every
 * earlier `fn` of the same key has settled. The pacer's callers wait for a budget's token one
 * at a time per budget, so this replica asks the shared store once per turn instead of every
 * waiting caller polling it.
 */
export class TurnQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.then(fn, fn);
    const settled = mine.then(() => undefined, () => undefined);
    this.tails.set(key, settled);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    }
  }

  /** True when a caller of `key` is waiting or running (a new one would queue behind it). */
  busy(key: string): boolean {
    return this.tails.has(key);
  }

  /** Keys with a caller waiting or running. */
  get size(): number {
    return this.tails.size;
  }
}
