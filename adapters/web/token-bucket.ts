/**
 * A token bucket: holds at most `capacity` tokens and refills `capacity` tokens every `perMs`,
 * continuously. Each accepted message takes one.
 *
 * @example
 * const bucket = new TokenBucket(20, 10_000); // 20 messages per 10 s, bursts of 20
 * if (!bucket.take()) reject('too many messages, slow down');
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Take one token; false when the bucket is empty. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether the bucket has refilled completely (nothing taken lately). */
  full(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.capacity) / this.perMs);
    this.last = t;
  }
}
