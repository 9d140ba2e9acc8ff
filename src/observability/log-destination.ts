import { writeSync } from 'node:fs';

/** Lines are written once this many bytes wait, or FLUSH_INTERVAL_MS after the first waiting line. */
const FLUSH_BYTES = 16 * 1024;
const FLUSH_INTERVAL_MS = 50;
/** At exit, a full pipe (EAGAIN) is retried for at most this long; then what is left is dropped. */
const EXIT_RETRY_MS = 1_000;

export interface BufferedLogDestination {
  /** pino's destination interface: one serialized line. */
  write(line: string): void;
  /** Writes what waits, now (pino's logger.flush() calls it). */
  flush(callback?: (err?: Error) => void): void;
  flushSync(): void;
}

/**
 * The gateway's log destination: lines wait in memory and are written to the file descriptor in
 * batches (at FLUSH_BYTES, or FLUSH_INTERVAL_MS after the first line), not one write(2) per line
 * on the request's path: a request's access log line costs a string append. What waits is written
 * when the process exits, however it exits (process.exit, the end of the event loop, an uncaught
 * exception: the 'exit' event), so graceful shutdown and crashes keep their last lines; only a
 * SIGKILL loses the last FLUSH_INTERVAL_MS of lines.
 *
 * A closed reader (EPIPE: whoever started the gateway is gone) turns logging off: nothing is
 * retried and nothing fails. A full pipe (EAGAIN: a slow reader of a non-blocking stdout) keeps the
 * lines for the next batch; at exit it is retried for at most EXIT_RETRY_MS, so an exit never
 * hangs on its logs (pino's asynchronous destination retried at exit forever).
 */
export function bufferedLogDestination(fd = 1, onExit: (listener: () => void) => void = (listener) => process.once('exit', listener)): BufferedLogDestination {
  let waiting: string[] = [];
  let waitingBytes = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  /** Writes what waits; false when the reader is not taking more right now (EAGAIN). */
  const drain = (): boolean => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (closed || waiting.length === 0) return true;
    let data = Buffer.from(waiting.join(''), 'utf8');
    waiting = [];
    waitingBytes = 0;
    while (data.length > 0) {
      try {
        const written = writeSync(fd, data);
        data = data.subarray(written);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          waiting = [data.toString('utf8')];
          waitingBytes = data.length;
          return false;
        }
        // EPIPE, EBADF and the like: nobody reads these lines any more.
        closed = true;
        return true;
      }
    }
    return true;
  };

  const schedule = (delay: number): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (!drain()) schedule(FLUSH_INTERVAL_MS);
    }, delay);
    timer.unref();
  };

  const flushSync = (): void => {
    const until = Date.now() + EXIT_RETRY_MS;
    while (!drain() && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  };

  onExit(flushSync);

  return {
    write(line: string): void {
      if (closed) return;
      waiting.push(line);
      waitingBytes += line.length;
      if (waitingBytes >= FLUSH_BYTES) {
        if (!drain()) schedule(FLUSH_INTERVAL_MS);
      } else {
        schedule(FLUSH_INTERVAL_MS);
      }
    },
    flush(callback?: (err?: Error) => void): void {
      if (!drain()) schedule(FLUSH_INTERVAL_MS);
      callback?.();
    },
    flushSync,
  };
}
