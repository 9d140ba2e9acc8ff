/**
 * The Stigg emulator's clock: the machine's time plus an offset that `POST /__sandbox/clock` moves
 * forward, so a trial can end "by the clock" without waiting. Time never goes back.
 */
export class SandboxClock {
  private offsetMs = 0;

  constructor(private readonly wallClock: () => number = Date.now) {}

  now(): Date {
    return new Date(this.wallClock() + this.offsetMs);
  }

  /** Moves the clock forward by `ms` (>= 0). */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the sandbox clock only moves forward: advanceMs must be a number >= 0');
    this.offsetMs += ms;
    return this.now();
  }

  /** Moves the clock forward to `at` (no earlier than now). */
  advanceTo(at: Date): Date {
    return this.advance(Math.max(0, at.getTime() - this.now().getTime()));
  }
}
