/**
 * Waiting for SQLite's write lock without blocking the event loop.
 *
 * better-sqlite3 is synchronous: its native busy timeout sleeps the thread. When
 * two journals in one process share a file and one holds a transaction open
 * across an `await`, a native wait in the other would stall the very event loop
 * the holder needs to commit. So the native busy timeout is 0 and a busy
 * statement is retried here, asynchronously, with a short backoff, until the
 * deadline. Across processes this behaves like a busy timeout.
 */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export async function retryWhileSqliteBusy<T>(operation: () => Promise<T>, busyTimeoutMs: number): Promise<T> {
  const deadline = Date.now() + busyTimeoutMs;
  let delayMs = 1;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() >= deadline) throw error;
    }
    const jitter = Math.random() * delayMs;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs + jitter, Math.max(0, deadline - Date.now()))));
    delayMs = Math.min(delayMs * 2, 25);
  }
}
