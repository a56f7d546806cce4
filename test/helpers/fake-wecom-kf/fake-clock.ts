/**
 * A clock tests move by hand, shared by the fake WeCom server and the adapter (`now` options), so 48 h windows,
 * 10-minute callback tokens and 20-second welcome codes can be crossed without waiting.
 *
 * @example
 * const clock = new FakeClock();
 * clock.advance(48 * 3_600_000 + 1); // the customer's window has closed
 */
export class FakeClock {
  private offsetMs = 0;

  /** Milliseconds since epoch: real time plus every advance. */
  readonly now = (): number => Date.now() + this.offsetMs;

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
