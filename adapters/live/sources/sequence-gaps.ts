/**
 * Counts pushes lost by their sequence numbers: a jump from 7 to 10 is 2 missing; a late or repeated number is not
 * a gap (pushes may arrive out of order), and it does not move the high mark back.
 *
 * @example
 * const gaps = new SequenceGaps();
 * gaps.see(1); gaps.see(4); gaps.missing; // 2
 */
export class SequenceGaps {
  private high?: number;
  /** Sequence numbers never seen so far (a late arrival fills one in). */
  missing = 0;
  private readonly holes = new Set<number>();

  /** Note one sequence number. */
  see(seq: number): void {
    if (this.high === undefined) {
      this.high = seq;
      return;
    }
    if (seq > this.high) {
      for (let s = this.high + 1; s < seq && this.holes.size < 10_000; s++) this.holes.add(s);
      this.missing += seq - this.high - 1;
      this.high = seq;
    } else if (this.holes.delete(seq)) this.missing -= 1;
  }
}
