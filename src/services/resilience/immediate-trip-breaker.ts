import { ConsecutiveBreaker, FailureReason, IBreaker } from 'cockatiel';

/**
 * cockatiel's ConsecutiveBreaker (opens after N failures in a row), plus: a
 * failure whose error `tripsAtOnce` opens the circuit on its own.
 *
 * cockatiel's IBreaker is not told which error failed, but the circuit
 * breaker policy records it as `lastFailure` just before asking its breaker
 * (closed and half-open alike); `lastFailure` reads it from there.
 */
export class ImmediateTripBreaker implements IBreaker {
  constructor(
    private readonly consecutive: ConsecutiveBreaker,
    private readonly lastFailure: () => FailureReason<unknown> | undefined,
    private readonly tripsAtOnce: (error: unknown) => boolean,
  ) {}

  get state(): unknown {
    return this.consecutive.state;
  }

  set state(value: unknown) {
    this.consecutive.state = value as number;
  }

  success(): void {
    this.consecutive.success();
  }

  failure(): boolean {
    const opensByCount = this.consecutive.failure();
    const last = this.lastFailure();
    return opensByCount || (!!last && 'error' in last && this.tripsAtOnce(last.error));
  }
}
