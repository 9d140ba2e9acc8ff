/**
 * Results computed once per distinct text (a GraphQL document: clients send the same few again and
 * again), at most `limit` of them; past it the oldest is forgotten first.
 */
export class TextMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(text: string, compute: () => T): T {
    if (this.entries.has(text)) return this.entries.get(text)!;
    const value = compute();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(text, value);
    return value;
  }
}
